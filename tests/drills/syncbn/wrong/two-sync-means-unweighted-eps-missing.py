# expect: sync-means-unweighted@train, eps-missing@train+eval
# Averages the ranks' means with equal weights and never adds eps (running stats from Σx, Σx² are right).
import torch
import torch.distributed as dist
import torch.distributed.nn.functional as dnn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    c = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, c] + [1] * (x.dim() - 2)
    if training:
        world = dist.get_world_size(group)
        mean = dnn.all_reduce(x.mean(dims), group=group) / world
        count = torch.full((c,), x.numel() // c, dtype=x.dtype, device=x.device)
        total = dnn.all_reduce(
            torch.stack([count, ((x - mean.view(shape)) ** 2).sum(dims), x.sum(dims), (x * x).sum(dims)]),
            group=group)
        n = total[0]
        var = total[1] / n
        with torch.no_grad():
            gm = total[2] / n
            gv = total[3] / n - gm * gm
            running_mean.mul_(1 - momentum).add_(momentum * gm)
            running_var.mul_(1 - momentum).add_(momentum * gv * n / (n - 1))
    else:
        mean, var = running_mean, running_var
    y = (x - mean.view(shape)) / var.view(shape).sqrt()
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
