# expect: pass
# all_gathers per-rank counts and means, builds the global mean by count weights, then the pooled variance.
import torch
import torch.distributed.nn.functional as dnnf


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps, group=None):
    num_features = x.size(1)
    if training:
        xs = x.movedim(1, -1).reshape(-1, num_features)  # (m, C)
        m = xs.new_full((1,), xs.shape[0])
        local_mean = xs.mean(0)
        local_var = xs.var(0, unbiased=False)
        counts = torch.cat(dnnf.all_gather(m, group=group))            # (R,)
        means = torch.stack(dnnf.all_gather(local_mean, group=group))  # (R, C)
        vars_ = torch.stack(dnnf.all_gather(local_var, group=group))   # (R, C)
        w = (counts / counts.sum()).unsqueeze(1)
        mean = (w * means).sum(0)
        # law of total variance: within-rank part + between-rank part
        var = (w * (vars_ + (means - mean) ** 2)).sum(0)
        total = counts.sum()
        with torch.no_grad():
            running_mean.mul_(1.0 - momentum).add_(momentum * mean)
            running_var.mul_(1.0 - momentum).add_(momentum * var * total / (total - 1))
    else:
        mean, var = running_mean, running_var
    shape = (1, -1) + (1,) * (x.dim() - 2)
    y = (x - mean.reshape(shape)) * (var.reshape(shape) + eps) ** -0.5
    if weight is not None:
        y = weight.reshape(shape) * y
    if bias is not None:
        y = y + bias.reshape(shape)
    return y
