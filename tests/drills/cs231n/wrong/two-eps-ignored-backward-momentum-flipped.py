# expect: eps-ignored@backward, momentum-flipped@running
# the backward recomputes the std with a fixed 1e-5, and the running averages weight the new batch by momentum
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
        sample_var = np.var(x, axis=0)
        x_hat = xmu / np.sqrt(sample_var + eps)
        out = gamma * x_hat + beta
        cache = (xmu, sample_var, gamma)

        running_mean = (1 - momentum) * running_mean + momentum * sample_mean
        running_var = (1 - momentum) * running_var + momentum * sample_var
    elif mode == "test":
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    xmu, var, gamma = cache
    N = dout.shape[0]
    ivar = 1.0 / np.sqrt(var + 1e-5)
    x_hat = xmu * ivar

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)

    dx_hat = dout * gamma
    divar = np.sum(dx_hat * xmu, axis=0)
    dxmu1 = dx_hat * ivar
    dsqrtvar = -1.0 / (np.sqrt(var + 1e-5) ** 2) * divar
    dvar = 0.5 / np.sqrt(var + 1e-5) * dsqrtvar
    dsq = np.ones_like(dout) * dvar / N
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0)
    dx2 = np.ones_like(dout) * dmu / N
    dx = dx1 + dx2
    return dx, dgamma, dbeta
