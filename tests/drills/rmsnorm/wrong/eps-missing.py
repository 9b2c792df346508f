# expect: eps-missing@forward
# Uses x * rsqrt(mean(x**2)) with no eps at all.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    dims = tuple(range(-len(normalized_shape), 0))
    y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True))
    if weight is not None:
        y = y * weight
    return y
