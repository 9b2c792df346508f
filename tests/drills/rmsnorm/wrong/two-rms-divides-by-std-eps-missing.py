# expect: rms-divides-by-std@forward, eps-missing@forward
# Divides x by x.std(dims): the spread around the mean instead of the RMS, and no eps anywhere.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    dims = tuple(range(-len(normalized_shape), 0))
    y = x / x.std(dim=dims, keepdim=True)
    if weight is not None:
        y = y * weight
    return y
