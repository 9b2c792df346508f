# expect: mean-not-subtracted@forward
# Computes the variance around the mean but divides x itself, uncentred: x / sqrt(var + eps).
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    var = x.var(dim=dims, unbiased=False, keepdim=True)
    y = x / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
