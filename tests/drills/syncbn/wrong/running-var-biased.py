# expect: running-var-biased@running
# Stores the biased batch variance in running_var (no N / (N - 1) correction).
import torch
import torch.distributed.nn.functional as dnn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    c = x.shape[1]
    xc = x.transpose(0, 1).reshape(c, -1)
    shape = [1, c] + [1] * (x.dim() - 2)
    if training:
        packed = torch.stack([xc.new_full((c,), xc.shape[1]), xc.sum(1), (xc * xc).sum(1)])
        n, s, ss = dnn.all_reduce(packed, group=group).unbind(0)
        mean = s / n
        var = ss / n - mean * mean
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * var)
    else:
        mean, var = running_mean, running_var
    y = (x - mean.view(shape)) * torch.rsqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
