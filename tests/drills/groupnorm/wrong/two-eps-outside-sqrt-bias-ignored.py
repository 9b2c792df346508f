# expect: eps-outside-sqrt@forward, bias-ignored@forward
# Divides by std + eps and only applies the weight, never the bias.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    n, c = x.shape[:2]
    xg = x.unflatten(1, (num_groups, c // num_groups))
    dims = tuple(range(2, xg.dim()))
    mu = xg.mean(dim=dims, keepdim=True)
    sd = (xg - mu).pow(2).mean(dim=dims, keepdim=True).sqrt()
    out = ((xg - mu) / (sd + eps)).flatten(1, 2)
    if weight is not None:
        out = out * weight.reshape(1, c, *([1] * (x.dim() - 2)))
    return out
