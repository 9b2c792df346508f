# expect: affine-per-group@forward
# Loops over groups and scales group g by weight[g], bias[g], as if weight and bias had one entry per group.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    per = x.shape[1] // num_groups
    dims = tuple(range(1, x.dim()))
    out = []
    for g in range(num_groups):
        part = x[:, g * per:(g + 1) * per]
        mu = part.mean(dim=dims, keepdim=True)
        var = part.var(dim=dims, unbiased=False, keepdim=True)
        part = (part - mu) / torch.sqrt(var + eps)
        if weight is not None:
            part = part * weight[g]
        if bias is not None:
            part = part + bias[g]
        out.append(part)
    return torch.cat(out, dim=1)
