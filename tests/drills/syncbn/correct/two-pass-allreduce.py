# expect: pass
# Two passes: all_reduce (Σx, count) for the mean, then all_reduce Σ(x - mean)² for the variance.
import torch
import torch.nn.functional as F
from torch.distributed.nn.functional import all_reduce


def _bcast(t, ndim):
    return t.view(1, -1, *([1] * (ndim - 2)))


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    if not training:
        return F.batch_norm(x, running_mean, running_var, weight, bias, False, 0.0, eps)

    axes = [d for d in range(x.dim()) if d != 1]
    count = all_reduce(x.new_tensor(float(x.numel() // x.shape[1])), group=group)

    # pass 1: global mean
    mean = all_reduce(x.sum(dim=axes), group=group) / count
    # pass 2: global biased variance around that mean
    centered = x - _bcast(mean, x.dim())
    var = all_reduce((centered ** 2).sum(dim=axes), group=group) / count

    with torch.no_grad():
        running_mean.lerp_(mean, momentum)
        running_var.lerp_(var * (count / (count - 1)), momentum)

    y = centered * torch.rsqrt(_bcast(var, x.dim()) + eps)
    if weight is not None:
        y = y * _bcast(weight, x.dim())
    if bias is not None:
        y = y + _bcast(bias, x.dim())
    return y
