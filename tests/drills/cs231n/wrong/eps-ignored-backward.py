# expect: eps-ignored@backward
# the backward recomputes the std as np.sqrt(var + 1e-5), whatever eps the forward was given
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
        sample_var = np.var(x, axis=0)
        x_hat = (x - sample_mean) / np.sqrt(sample_var + eps)
        out = gamma * x_hat + beta
        cache = (x, sample_mean, sample_var, gamma)

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
    x, mu, var, gamma = cache
    N = x.shape[0]
    std = np.sqrt(var + 1e-5)
    xmu = x - mu
    x_hat = xmu / std

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)

    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * xmu, axis=0) * -0.5 * std ** -3
    dmu = np.sum(-dx_hat / std, axis=0) + dvar * np.mean(-2.0 * xmu, axis=0)
    dx = dx_hat / std + dvar * 2.0 * xmu / N + dmu / N
    return dx, dgamma, dbeta
