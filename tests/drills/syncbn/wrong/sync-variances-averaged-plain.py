# expect: sync-variances-averaged@train
# Normalizes with all_reduce(per-rank variance) / world_size (running_var is updated from Σx² correctly).
import torch
import torch.distributed as dist
import torch.distributed.nn.functional as dfn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    if training:
        world = dist.get_world_size(group)
        dims = [0] + list(range(2, x.dim()))
        n_local = x.numel() // x.shape[1]
        var_r = x.var(dim=dims, unbiased=False)
        sums = dfn.all_reduce(
            torch.stack([x.new_full((x.shape[1],), n_local), x.sum(dim=dims), (x * x).sum(dim=dims)]),
            group=group)
        cnt = sums[0]
        mean = sums[1] / cnt
        var = dfn.all_reduce(var_r, group=group) / world  # "average the variances"
        with torch.no_grad():
            exact = sums[2] / cnt - mean * mean
            running_mean.mul_(1 - momentum).add_(mean, alpha=momentum)
            running_var.mul_(1 - momentum).add_(exact * cnt / (cnt - 1), alpha=momentum)
    else:
        mean, var = running_mean, running_var
    shape = (1, -1) + (1,) * (x.dim() - 2)
    y = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
