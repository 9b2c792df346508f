# expect: eps-clamped@forward
# the variance clamped at eps rather than eps added to it
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dims, keepdim=True)
    var = ((x - mean) ** 2).mean(dims, keepdim=True)
    y = (x - mean) / torch.sqrt(var.clamp(min=eps))
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
