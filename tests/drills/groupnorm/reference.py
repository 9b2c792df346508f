# expect: pass
# Reference: (N, G, -1) view, two-pass mean and biased variance per row, per-channel affine after.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    n, c = x.shape[0], x.shape[1]
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    g = xf.reshape(n, num_groups, -1)  # each row: one sample's group of c // num_groups channels
    mean = g.mean(dim=-1, keepdim=True)
    var = ((g - mean) ** 2).mean(dim=-1, keepdim=True)  # biased
    y = ((g - mean) / torch.sqrt(var + eps)).reshape(x.shape)
    shape = [1, c] + [1] * (x.dim() - 2)  # per channel
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y.to(x.dtype)
