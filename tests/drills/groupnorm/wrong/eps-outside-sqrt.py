# expect: eps-outside-sqrt@forward
# Adds eps to the standard deviation: (x - mean) / (std + eps).
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.reshape(N, num_groups, -1)
    mean = g.mean(-1, keepdim=True)
    std = g.std(-1, unbiased=False, keepdim=True)
    y = ((g - mean) / (std + eps)).reshape(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
