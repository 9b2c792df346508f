# expect: pass
# all_gather of each rank's per-channel (count, Σx, Σx²), summed over ranks on every rank.
import torch
import torch.distributed as dist
import torch.distributed.nn.functional as dist_fn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    C = x.size(1)
    bshape = (1, C) + (1,) * (x.dim() - 2)
    if not training:
        mean, var = running_mean, running_var
    else:
        # (C, n_r * spatial): one row of values per channel
        flat = x.transpose(0, 1).reshape(C, -1)
        n_local = torch.full((C,), float(flat.size(1)), dtype=x.dtype, device=x.device)
        mine = torch.cat([n_local, flat.sum(1), (flat * flat).sum(1)])  # (3C,)
        everyone = dist_fn.all_gather(mine, group=group)  # tuple, one (3C,) per rank
        total = torch.stack(everyone).sum(0)
        count, s, sq = total[:C], total[C:2 * C], total[2 * C:]
        mean = s / count
        var = sq / count - mean ** 2
        with torch.no_grad():
            unbiased = var * count / (count - 1)
            running_mean.copy_((1 - momentum) * running_mean + momentum * mean)
            running_var.copy_((1 - momentum) * running_var + momentum * unbiased)
    out = (x - mean.reshape(bshape)) / (var.reshape(bshape) + eps).sqrt()
    if weight is not None:
        out = out * weight.reshape(bshape)
    if bias is not None:
        out = out + bias.reshape(bshape)
    return out
