# expect: eps-outside-sqrt@forward
# Adds eps to the standard deviation instead of the variance: (x - mean) / (std + eps).
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dim=dims, keepdim=True)
    std = x.std(dim=dims, unbiased=False, keepdim=True)
    y = (x - mean) / (std + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
