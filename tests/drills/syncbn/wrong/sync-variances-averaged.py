# expect: sync-variances-averaged@train
# Gets the global mean right, but normalizes with the count-weighted average of the ranks' own variances.
import torch
import torch.distributed.nn.functional as dnn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    c = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, c] + [1] * (x.dim() - 2)
    if training:
        n_local = x.numel() // c
        local_mean = x.mean(dims)
        local_var = x.var(dims, unbiased=False)
        count = torch.full((c,), n_local, dtype=x.dtype, device=x.device)
        # weight each rank's stats by its count, then divide by the total count
        packed = torch.stack([count, count * local_mean, count * local_var,
                              (x * x).sum(dims)])
        total = dnn.all_reduce(packed, group=group)
        n = total[0]
        mean = total[1] / n
        var = total[2] / n
        with torch.no_grad():
            true_var = total[3] / n - mean * mean
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * true_var * n / (n - 1))
    else:
        mean, var = running_mean, running_var
    y = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
