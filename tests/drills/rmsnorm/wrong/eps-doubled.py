# expect: eps-doubled@forward
# Adds eps inside the root and again to the RMS: x / (sqrt(mean(x**2) + eps) + eps).
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    rms = torch.sqrt(x.pow(2).mean(dims, keepdim=True) + eps)
    y = x / (rms + eps)
    if weight is not None:
        y = y * weight
    return y
