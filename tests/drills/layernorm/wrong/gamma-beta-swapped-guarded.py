# expect: gamma-beta-swapped@forward
# each parameter guarded on its own, but bias multiplies and weight is added
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dims, keepdim=True)
    var = ((x - mean) ** 2).mean(dims, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    if bias is not None:
        y = y * bias
    if weight is not None:
        y = y + weight
    return y
