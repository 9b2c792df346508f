# expect: eps-outside-sqrt@train+eval
# divides by sqrt(var) + eps in both modes; the closed-form backward is the exact derivative of that forward
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
        sigma = np.sqrt(var)
        denom = sigma + eps
        x_hat = (x - mu) / denom
        out = gamma * x_hat + beta
        cache = (x_hat, sigma, denom, gamma)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * (x - running_mean) / (np.sqrt(running_var) + eps) + beta
        cache = None
    else:
        raise ValueError("unknown mode: %r" % mode)
    return out, cache


def batchnorm_backward(dout, cache):
    # x_hat = (x - mu) / (sigma + eps), sigma = sqrt(mean((x - mu) ** 2)):
    # d sigma / d x_i = (x_i - mu) / (N * sigma) = x_hat_i * (sigma + eps) / (N * sigma)
    x_hat, sigma, denom, gamma = cache
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dx = (dx_hat - dx_hat.mean(axis=0)) / denom - x_hat * np.mean(dx_hat * x_hat, axis=0) / sigma
    return dx, dgamma, dbeta
