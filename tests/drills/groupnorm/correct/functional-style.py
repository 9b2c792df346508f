# expect: pass
# Uses sum()/numel for the stats, std via sqrt, and defaults weight/bias to ones/zeros up front.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    if weight is None:
        weight = torch.ones(x.shape[1], dtype=x.dtype, device=x.device)
    if bias is None:
        bias = torch.zeros(x.shape[1], dtype=x.dtype, device=x.device)
    batch = x.shape[0]
    grouped = x.contiguous().view(batch, num_groups, -1)
    m = grouped.shape[-1]
    mu = grouped.sum(-1, keepdim=True) / m
    centered = grouped - mu
    sigma = (centered.square().sum(-1, keepdim=True) / m + eps).sqrt()
    out = (centered / sigma).view_as(x)
    view_shape = [-1 if i == 1 else 1 for i in range(x.dim())]
    return out * weight.view(view_shape) + bias.view(view_shape)
