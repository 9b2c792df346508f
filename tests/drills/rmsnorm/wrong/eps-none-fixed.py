# expect: eps-none-fixed@forward
# Reads eps=None as a fixed 1e-6 instead of torch.finfo(x.dtype).eps.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = 1e-6
    dims = tuple(range(-len(normalized_shape), 0))
    y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)
    if weight is not None:
        y = y * weight
    return y
