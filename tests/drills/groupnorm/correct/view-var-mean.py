# expect: pass
# Views x as (N, G, -1) and takes torch.var_mean(correction=0) per row; affine through view(1, C, 1, ...).
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.reshape(N, num_groups, -1)
    var, mean = torch.var_mean(g, dim=-1, keepdim=True, correction=0)
    y = ((g - mean) / torch.sqrt(var + eps)).view(x.shape)
    shape = (1, C) + (1,) * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
