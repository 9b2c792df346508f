# expect: pass
# Unflattens the channel dim into (G, C // G), keeps the spatial dims and reduces over (2, 3, ...).
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    C = x.size(1)
    xg = x.unflatten(1, (num_groups, C // num_groups))
    red = tuple(range(2, xg.dim()))
    mean = xg.mean(dim=red, keepdim=True)
    var = xg.var(dim=red, unbiased=False, keepdim=True)
    xhat = ((xg - mean) / (var + eps).sqrt()).flatten(1, 2)
    extra = [None] * (x.dim() - 2)
    if weight is not None:
        xhat = xhat * weight[(None, slice(None), *extra)]
    if bias is not None:
        xhat = xhat + bias[(None, slice(None), *extra)]
    return xhat
