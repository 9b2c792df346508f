# expect: sync-means-unweighted@train+running
# mean = all_reduce(local mean) / world_size; variance around it; running stats from these same statistics.
import torch
import torch.distributed as dist
import torch.distributed.nn.functional as dfn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    shape = (1, -1) + (1,) * (x.dim() - 2)
    if not training:
        mean, var = running_mean, running_var
    else:
        world = dist.get_world_size(group=group)
        dims = [0] + list(range(2, x.dim()))
        mean = dfn.all_reduce(x.mean(dim=dims), group=group) / world
        n_local = x.new_tensor(float(x.numel() // x.shape[1]))
        sq = ((x - mean.view(shape)) ** 2).sum(dim=dims)
        both = dfn.all_reduce(torch.cat([n_local.view(1), sq]), group=group)
        n, var = both[0], both[1:] / both[0]
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * var * n / (n - 1))
    y = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
