# expect: pass
# Does all the arithmetic in float64 and casts the result back to the input's dtype.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    k = len(normalized_shape)
    dims = list(range(-k, 0))
    xd = x.double()
    mean = xd.mean(dims, keepdim=True)
    var = xd.sub(mean).pow(2).mean(dims, keepdim=True)
    y = xd.sub(mean).div(var.add(eps).sqrt())
    if weight is not None:
        y = y.mul(weight.double())
    if bias is not None:
        y = y.add(bias.double())
    return y.to(dtype=x.dtype)
