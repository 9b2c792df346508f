# expect: eps-outside-sqrt@forward, grad-missing-mean-term@backward
# Divides by std + eps (eps outside the root) and detaches the mean, so dx also misses the mean's term.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mu = x.mean(dim=dims, keepdim=True).detach()
    std = ((x - mu) ** 2).mean(dim=dims, keepdim=True).sqrt()
    y = (x - mu) / (std + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
