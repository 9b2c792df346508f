# expect: pass
# staged batchnorm_backward plus a batchnorm_backward_alt whose dx is a single line
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)

    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        sample_mean = np.mean(x, axis=0)
        xmu = x - sample_mean
        sample_var = np.mean(xmu ** 2, axis=0)
        std = np.sqrt(sample_var + eps)
        x_hat = xmu / std
        out = gamma * x_hat + beta
        cache = (x_hat, xmu, sample_var, std, gamma, eps)

        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var = momentum * running_var + (1 - momentum) * sample_var
    elif mode == "test":
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, xmu, var, std, gamma, eps = cache
    N = dout.shape[0]

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)

    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * xmu, axis=0) * -0.5 * (var + eps) ** -1.5
    dmu = np.sum(-dx_hat / std, axis=0) + dvar * np.mean(-2.0 * xmu, axis=0)
    dx = dx_hat / std + dvar * 2.0 * xmu / N + dmu / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, _, _, std, gamma, _ = cache
    dgamma, dbeta = np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)
    dx = gamma / std * (dout - np.mean(dout, axis=0) - x_hat * np.mean(dout * x_hat, axis=0))
    return dx, dgamma, dbeta
