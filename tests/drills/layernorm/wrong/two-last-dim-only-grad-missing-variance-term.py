# expect: last-dim-only@forward, grad-missing-variance-term@backward
# Normalizes over the last dim only and computes the variance under torch.no_grad().
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    mean = x.mean(-1, keepdim=True)
    with torch.no_grad():
        var = ((x - mean) ** 2).mean(-1, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
