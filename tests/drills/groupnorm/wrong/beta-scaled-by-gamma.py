# expect: beta-scaled-by-gamma@forward
# Adds bias before scaling: weight * (x_hat + bias), so bias gets multiplied by weight.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.reshape(N, num_groups, -1)
    mean = g.mean(-1, keepdim=True)
    var = ((g - mean) ** 2).mean(-1, keepdim=True)
    y = ((g - mean) / torch.sqrt(var + eps)).reshape(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if bias is not None:
        y = y + bias.view(shape)
    if weight is not None:
        y = y * weight.view(shape)
    return y
