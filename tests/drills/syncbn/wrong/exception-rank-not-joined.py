# expect: exception@train
# "Rank 1 has a tiny shard anyway": rank 1 normalizes locally with F.batch_norm and skips the all_reduce.
import torch
import torch.distributed as dist
import torch.distributed.nn.functional as dnn
import torch.nn.functional as F


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    if training and dist.get_rank() == 1:
        return F.batch_norm(x, running_mean, running_var, weight, bias, True, momentum, eps)
    c = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, c] + [1] * (x.dim() - 2)
    if training:
        count = torch.full((c,), x.numel() // c, dtype=x.dtype, device=x.device)
        total = dnn.all_reduce(torch.stack([count, x.sum(dims), (x * x).sum(dims)]), group=group)
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
