# expect: eps-ignored@backward+backward-alt
# the cache keeps no eps, so both backward passes rebuild the std with a fixed 1e-5
import numpy as np

EPS = 1e-5


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", EPS)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    if mode == "train":
        mu = np.mean(x, axis=0)
        var = np.var(x, axis=0)
        out = gamma * (x - mu) / np.sqrt(var + eps) + beta
        cache = {"x": x, "mu": mu, "var": var, "gamma": gamma}
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
        cache = None
    else:
        raise ValueError("unknown mode: %r" % mode)
    return out, cache


def batchnorm_backward(dout, cache):
    x, mu, var, gamma = cache["x"], cache["mu"], cache["var"], cache["gamma"]
    N = x.shape[0]
    xmu = x - mu
    std = np.sqrt(var + EPS)
    x_hat = xmu / std

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * xmu, axis=0) * -0.5 * (var + EPS) ** -1.5
    dmu = -np.sum(dx_hat, axis=0) / std + dvar * np.mean(-2.0 * xmu, axis=0)
    dx = dx_hat / std + dvar * 2.0 * xmu / N + dmu / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x, mu, var, gamma = cache["x"], cache["mu"], cache["var"], cache["gamma"]
    x_hat = (x - mu) / np.sqrt(var + EPS)
    dgamma, dbeta = np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)
    dx = gamma / np.sqrt(var + EPS) * (dout - dout.mean(axis=0) - x_hat * (dout * x_hat).mean(axis=0))
    return dx, dgamma, dbeta
