# expect: eps-outside-sqrt@forward
# Adds eps to the RMS after the square root: x / (sqrt(mean(x**2)) + eps).
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    rms = x.pow(2).mean(dims, keepdim=True).sqrt()
    y = x / (rms + eps)
    if weight is not None:
        y = y * weight
    return y
