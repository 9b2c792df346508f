# expect: pass
# caches a namedtuple of (xc, inv_std, gamma) and writes dx as one compact closed-form expression
from collections import namedtuple

import numpy as np

BNCache = namedtuple("BNCache", ["xc", "inv_std", "gamma"])


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    if mode == "train":
        mu = x.mean(axis=0)
        xc = x - mu
        var = (xc ** 2).mean(axis=0)
        inv_std = (var + eps) ** -0.5
        out = gamma * xc * inv_std + beta
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
        return out, BNCache(xc, inv_std, gamma)
    if mode == "test":
        out = gamma * (x - running_mean) * (running_var + eps) ** -0.5 + beta
        return out, None
    raise ValueError('Invalid forward batchnorm mode "%s"' % mode)


def batchnorm_backward(dout, cache):
    xc, inv_std, gamma = cache
    N = dout.shape[0]
    x_hat = xc * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = (gamma * inv_std / N) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
