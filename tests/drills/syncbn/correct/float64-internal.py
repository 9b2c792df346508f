# expect: pass
# Accumulates the sums in float64, all_reduces them together and casts the result back to x's dtype.
import torch
import torch.distributed as dist
from torch.distributed.nn import functional as distnn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    orig_dtype = x.dtype
    xd = x.double()
    c = xd.shape[1]
    shape = (1, c) + (1,) * (xd.dim() - 2)
    if training:
        per_channel = xd.transpose(0, 1).flatten(1)  # (C, m)
        stats = torch.stack([
            per_channel.new_full((c,), per_channel.shape[1]),
            per_channel.sum(dim=1),
            per_channel.pow(2).sum(dim=1),
        ])
        stats = distnn.all_reduce(stats, op=dist.ReduceOp.SUM, group=group)
        n = stats[0]
        mean = stats[1] / n
        var = (stats[2] / n - mean.pow(2)).clamp_min(0)
        with torch.no_grad():
            new_rm = (1 - momentum) * running_mean.double() + momentum * mean
            new_rv = (1 - momentum) * running_var.double() + momentum * var * n / (n - 1)
            running_mean.copy_(new_rm.to(running_mean.dtype))
            running_var.copy_(new_rv.to(running_var.dtype))
    else:
        mean = running_mean.double()
        var = running_var.double()
    y = (xd - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
    if weight is not None:
        y = y * weight.double().reshape(shape)
    if bias is not None:
        y = y + bias.double().reshape(shape)
    return y.to(orig_dtype)
