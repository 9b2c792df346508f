# expect: pass
# builds the graph as x -> xc -> sq -> var -> inv_std -> x_hat and backprops node by node in reverse
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    if mode == "test":
        inv_std = 1.0 / np.sqrt(running_var + eps)
        return (x - running_mean) * inv_std * gamma + beta, None
    if mode != "train":
        raise ValueError("bad batchnorm mode %s" % mode)

    mu = x.sum(axis=0) / N
    xc = x - mu
    sq = xc * xc
    var = sq.sum(axis=0) / N
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = xc * inv_std
    out = x_hat * gamma + beta

    bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
    return out, (xc, var, inv_std, x_hat, gamma, eps)


def batchnorm_backward(dout, cache):
    xc, var, inv_std, x_hat, gamma, eps = cache
    N = dout.shape[0]

    dgamma = (x_hat * dout).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dx_hat = gamma * dout

    # x_hat = xc * inv_std
    dinv_std = (dx_hat * xc).sum(axis=0)
    dxc = dx_hat * inv_std
    # inv_std = (var + eps) ** -0.5
    dvar = -0.5 * (var + eps) ** -1.5 * dinv_std
    # var = sum(sq) / N, sq = xc ** 2
    dsq = np.ones_like(xc) * dvar / N
    dxc += 2 * xc * dsq
    # xc = x - mu, mu = sum(x) / N
    dmu = -dxc.sum(axis=0)
    dx = dxc + np.ones_like(xc) * dmu / N
    return dx, dgamma, dbeta
