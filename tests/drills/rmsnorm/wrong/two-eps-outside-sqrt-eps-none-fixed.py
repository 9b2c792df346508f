# expect: eps-outside-sqrt@forward, eps-none-fixed@forward
# Defaults eps=None to 1e-8 and adds eps after the square root: x / (rms + eps).
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    eps = 1e-8 if eps is None else eps
    dims = tuple(range(-len(normalized_shape), 0))
    rms = x.pow(2).mean(dims, keepdim=True).sqrt()
    y = x / (rms + eps)
    if weight is not None:
        y = y * weight
    return y
