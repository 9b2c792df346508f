# expect: sync-variances-averaged@train+running
# all_reduces each rank's mean and variance and divides by world size; updates running stats from those too.
import torch
import torch.distributed as dist
import torch.distributed.nn.functional as dfn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    if training:
        world = dist.get_world_size(group)
        dims = [0] + list(range(2, x.dim()))
        n_local = x.numel() // x.shape[1]
        mean_r = x.mean(dim=dims)
        var_r = x.var(dim=dims, unbiased=False)
        cnt = dfn.all_reduce(x.new_tensor([float(n_local)]), group=group)
        sum_x = dfn.all_reduce(x.sum(dim=dims), group=group)
        mean = sum_x / cnt
        var = dfn.all_reduce(var_r, group=group) / world
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(mean, alpha=momentum)
            running_var.mul_(1 - momentum).add_(var * cnt / (cnt - 1), alpha=momentum)
    else:
        mean, var = running_mean, running_var
    shape = (1, -1) + (1,) * (x.dim() - 2)
    y = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
