# expect: eps-doubled@forward
# Adds eps twice, inside the square root and again to the result: sqrt(var + eps) + eps.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dim=dims, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=dims, keepdim=True)
    y = (x - mean) / (torch.sqrt(var + eps) + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
