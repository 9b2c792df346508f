# expect: pass
# Moves channels last, normalizes with the group axis made explicit, applies affine by broadcasting on the last dim.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    n, c = x.shape[:2]
    xl = torch.movedim(x, 1, -1)                       # (N, *spatial, C)
    spatial = xl.shape[1:-1]
    xg = xl.reshape(n, -1, num_groups, c // num_groups)  # (N, M, G, C/G)
    mean = xg.mean(dim=(1, 3), keepdim=True)
    var = (xg - mean).pow(2).mean(dim=(1, 3), keepdim=True)
    y = (xg - mean) * torch.rsqrt(var + eps)
    y = y.reshape(n, *spatial, c)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return torch.movedim(y, -1, 1)
