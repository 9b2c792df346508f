# expect: wrong-trailing-dims@forward
# Reduces over the first len(normalized_shape) dims (range(k)) instead of the last ones.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(len(normalized_shape)))
    ms = x.pow(2).mean(dim=dims, keepdim=True)
    y = x * torch.rsqrt(ms + eps)
    if weight is not None:
        y = y * weight
    return y
