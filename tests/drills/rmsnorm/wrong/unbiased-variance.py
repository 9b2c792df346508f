# expect: unbiased-variance@forward
# Divides the sum of squares by n - 1 (Bessel's correction) instead of n.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    n = 1
    for d in normalized_shape:
        n *= d
    ms = x.pow(2).sum(dims, keepdim=True) / (n - 1)
    y = x * torch.rsqrt(ms + eps)
    if weight is not None:
        y = y * weight
    return y
