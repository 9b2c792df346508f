# expect: sync-count-local@running, bias-ignored@train
# Unbiases running_var with the local count and forgets the bias in training.
import torch
from torch.distributed.nn.functional import all_reduce


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    v = lambda t: t.view(1, C, *[1] * (x.dim() - 2))
    if not training:
        y = (x - v(running_mean)) / torch.sqrt(v(running_var) + eps)
        if weight is not None:
            y = y * v(weight)
        if bias is not None:
            y = y + v(bias)
        return y
    m = x.numel() // C
    N = all_reduce(x.new_tensor([float(m)]), group=group)
    mean = all_reduce(x.sum(dims), group=group) / N
    var = all_reduce(((x - v(mean)) ** 2).sum(dims), group=group) / N
    with torch.no_grad():
        running_mean.mul_(1 - momentum).add_(momentum * mean)
        running_var.mul_(1 - momentum).add_(momentum * var * m / (m - 1))
    y = (x - v(mean)) / torch.sqrt(v(var) + eps)
    if weight is not None:
        y = y * v(weight)
    return y
