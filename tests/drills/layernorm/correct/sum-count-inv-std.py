# expect: pass
# Sums divided by the element count (a loop over normalized_shape), then multiplies by 1/sqrt(var + eps).
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    count = 1
    for s in normalized_shape:
        count *= s
    mean = x.sum(dim=dims, keepdim=True) / count
    xc = x - mean
    var = xc.pow(2).sum(dim=dims, keepdim=True) / count
    inv_std = 1.0 / torch.sqrt(var + eps)
    y = xc * inv_std
    if weight is not None:
        y = weight * y
    return y if bias is None else y + bias
