# expect: sqrt-missing@forward, weight-ignored@forward
# Divides by var + eps with no square root, and only ever adds the bias.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dims, keepdim=True)
    var = (x - mean).pow(2).mean(dims, keepdim=True)
    y = (x - mean) / (var + eps)
    return y + bias if bias is not None else y
