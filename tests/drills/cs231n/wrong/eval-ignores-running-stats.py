# expect: eval-ignores-running-stats@eval
# test mode reads bn_param["mean"] / bn_param["var"], keys that training never writes, so it falls back to 0 and 1
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    N, D = x.shape

    if mode == "train":
        running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
        running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))
        sample_mean = np.mean(x, axis=0)
        xmu = x - sample_mean
        sample_var = np.mean(xmu ** 2, axis=0)
        std = np.sqrt(sample_var + eps)
        x_hat = xmu / std
        out = gamma * x_hat + beta
        cache = (x_hat, xmu, sample_var, std, gamma, eps)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * sample_mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * sample_var
    elif mode == "test":
        mean = bn_param.get("mean", np.zeros(D, dtype=x.dtype))
        var = bn_param.get("var", np.ones(D, dtype=x.dtype))
        x_hat = (x - mean) / np.sqrt(var + eps)
        out = gamma * x_hat + beta
        cache = None
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
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
