# expect: pass
# updates the running averages inside bn_param in place with *= and +=
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    if "running_mean" not in bn_param:
        bn_param["running_mean"] = np.zeros(D, dtype=x.dtype)
        bn_param["running_var"] = np.zeros(D, dtype=x.dtype)
    running_mean = bn_param["running_mean"]
    running_var = bn_param["running_var"]

    if mode == "train":
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        std = np.sqrt(var + eps)
        x_hat = (x - mean) / std
        running_mean *= momentum
        running_mean += (1 - momentum) * mean
        running_var *= momentum
        running_var += (1 - momentum) * var
        return gamma * x_hat + beta, (x_hat, gamma, std)
    if mode == "test":
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        return gamma * x_hat + beta, None
    raise ValueError("Invalid forward batchnorm mode %r" % mode)


def batchnorm_backward(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - np.sum(dx_hat, axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0)) / (N * std)
    return dx, dgamma, dbeta
