# expect: input-modified@input
# When x needs no grad ("inference"), normalizes x in place with mul_ to save memory and returns it.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    inv = torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)
    if not x.requires_grad:
        y = x.mul_(inv)
    else:
        y = x * inv
    if weight is not None:
        y = y * weight
    return y
