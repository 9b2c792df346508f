# expect: sqrt-missing@train
# training mode divides the centered x by var + eps itself, with no square root; test mode is right
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    if mode == "train":
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        denom = var + eps
        x_hat = (x - mu) / denom
        out = gamma * x_hat + beta
        cache = (x - mu, x_hat, denom, gamma)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
        cache = None
    else:
        raise ValueError("unknown mode: %r" % mode)
    return out, cache


def batchnorm_backward(dout, cache):
    # exact derivative of x_hat = xc / (var + eps), var = mean(xc ** 2)
    xc, x_hat, denom, gamma = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    ddenom = -np.sum(dx_hat * xc, axis=0) / denom ** 2
    dxc = dx_hat / denom + ddenom * 2.0 * xc / N
    dx = dxc - np.mean(dxc, axis=0)
    return dx, dgamma, dbeta
