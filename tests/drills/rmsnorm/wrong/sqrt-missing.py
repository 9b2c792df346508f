# expect: sqrt-missing@forward
# Divides by mean(x**2) + eps, forgetting the square root.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    y = x / (x.pow(2).mean(dims, keepdim=True) + eps)
    if weight is not None:
        y = y * weight
    return y
