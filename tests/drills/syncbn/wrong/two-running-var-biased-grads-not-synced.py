# expect: running-var-biased@running, grads-not-synced@backward
# In-place dist.all_reduce on the stacked sums (no autograd through it) and a biased running_var.
import torch
import torch.distributed as dist


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    c = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, c] + [1] * (x.dim() - 2)
    if training:
        cnt = torch.tensor([x.numel() // c], dtype=x.dtype, device=x.device)
        buf = torch.cat([cnt, x.sum(dims), (x * x).sum(dims)])
        dist.all_reduce(buf, group=group)
        n = buf[0]
        mean = buf[1:1 + c] / n
        var = buf[1 + c:] / n - mean ** 2
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * var)
    else:
        mean, var = running_mean, running_var
    y = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
