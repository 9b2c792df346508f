# expect: eval-uses-batch-stats@eval
# Always computes the synced batch statistics and normalizes with them; running stats only get updated.
import torch
import torch.distributed.nn.functional as dnn


def _global_stats(x, group):
    c = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    count = torch.full((c,), x.numel() // c, dtype=x.dtype, device=x.device)
    total = dnn.all_reduce(torch.stack([count, x.sum(dims), (x * x).sum(dims)]), group=group)
    n = total[0]
    mean = total[1] / n
    return mean, total[2] / n - mean * mean, n


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
    mean, var, n = _global_stats(x, group)
    if training:
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * var * n / (n - 1))
    y = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
