# expect: eps-missing@eval, eps-ignored@backward
# test mode divides by np.sqrt(running_var) with no eps, and the backward rebuilds the std with a fixed 1e-5
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
        x_hat = (x - mu) / np.sqrt(var + eps)
        out = gamma * x_hat + beta
        cache = (x, mu, var, gamma)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var) + beta
        cache = None
    else:
        raise ValueError("unknown mode: %r" % mode)
    return out, cache


def batchnorm_backward(dout, cache):
    x, mu, var, gamma = cache
    N = x.shape[0]
    inv_std = 1.0 / np.sqrt(var + 1e-5)
    x_hat = (x - mu) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
