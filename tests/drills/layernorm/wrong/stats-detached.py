# expect: stats-detached@backward
# Detaches the mean and the variance ("statistics are constants"), so dx misses both of their terms.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dim=dims, keepdim=True).detach()
    var = ((x - mean) ** 2).mean(dim=dims, keepdim=True).detach()
    y = (x - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
