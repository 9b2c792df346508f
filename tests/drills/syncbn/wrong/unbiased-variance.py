# expect: unbiased-variance@train
# Normalizes with the global variance divided by N - 1 (Bessel-corrected) instead of N.
import torch
from torch.distributed.nn.functional import all_reduce


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    C = x.size(1)
    flat = x.transpose(0, 1).reshape(C, -1)
    bshape = (1, C) + (1,) * (x.dim() - 2)
    if training:
        n = all_reduce(flat.new_full((1,), flat.size(1)), group=group)
        mean = all_reduce(flat.sum(1), group=group) / n
        sq = all_reduce(((flat - mean[:, None]) ** 2).sum(1), group=group)
        var = sq / (n - 1)  # unbiased estimate
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * var)
    else:
        mean, var = running_mean, running_var
    out = (x - mean.view(bshape)) / torch.sqrt(var.view(bshape) + eps)
    if weight is not None:
        out = out * weight.view(bshape)
    if bias is not None:
        out = out + bias.view(bshape)
    return out
