# expect: input-modified@input
# Computes y on fresh tensors, then "frees memory" by centring x in place under no_grad before returning.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dim=dims, keepdim=True)
    xc = x - mean
    var = (xc ** 2).mean(dim=dims, keepdim=True)
    y = xc / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    with torch.no_grad():
        x.sub_(mean)  # x is not needed any more
    return y
