# expect: eps-missing@train+eval
# Never uses eps: divides by the plain standard deviation in both modes.
import torch
import torch.distributed.nn.functional as dist_nn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    C = x.shape[1]
    axes = tuple(d for d in range(x.ndim) if d != 1)
    bc = lambda t: t.reshape(1, C, *([1] * (x.ndim - 2)))
    if training:
        m = x.numel() // C
        stats = dist_nn.all_reduce(
            torch.cat([x.new_full((1,), m), x.sum(axes), x.pow(2).sum(axes)]), group=group)
        N = stats[0]
        mean = stats[1:C + 1] / N
        var = stats[C + 1:] / N - mean.pow(2)
        with torch.no_grad():
            running_mean.copy_(running_mean * (1 - momentum) + mean * momentum)
            running_var.copy_(running_var * (1 - momentum) + var * N / (N - 1) * momentum)
    else:
        mean, var = running_mean, running_var
    y = (x - bc(mean)) / bc(var).sqrt()
    if weight is not None:
        y = y * bc(weight)
    if bias is not None:
        y = y + bc(bias)
    return y
