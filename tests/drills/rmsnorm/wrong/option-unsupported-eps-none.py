# expect: option-unsupported@forward
# Adds eps straight to the mean square, so eps=None raises a TypeError.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    dims = tuple(range(-len(normalized_shape), 0))
    y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)
    if weight is not None:
        y = y * weight
    return y
