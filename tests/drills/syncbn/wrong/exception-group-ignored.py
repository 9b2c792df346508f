# expect: exception@train
# Drops group=group: all_reduce runs on the default (3-rank) group even when only ranks 0 and 1 call.
import torch
import torch.distributed.nn.functional as dnn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    c = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, c] + [1] * (x.dim() - 2)
    if training:
        count = torch.full((c,), x.numel() // c, dtype=x.dtype, device=x.device)
        total = dnn.all_reduce(torch.stack([count, x.sum(dims), (x * x).sum(dims)]))
        n = total[0]
        mean = total[1] / n
        var = total[2] / n - mean * mean
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * var * n / (n - 1))
    else:
        mean, var = running_mean, running_var
    y = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
