# expect: pass
# Three separate differentiable all_reduces (count, sum, sum of squares); scale/shift folded into one affine.
import torch
import torch.distributed.nn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    C = x.shape[1]
    red = [0] + list(range(2, x.dim()))
    shp = [1, C] + [1] * (x.dim() - 2)

    if training:
        n = torch.distributed.nn.all_reduce(
            torch.tensor([x.numel() / C], dtype=x.dtype, device=x.device), group=group)
        sum_x = torch.distributed.nn.all_reduce(x.sum(red), group=group)
        sum_xx = torch.distributed.nn.all_reduce((x * x).sum(red), group=group)
        mu = sum_x / n
        sigma2 = sum_xx / n - mu * mu
        with torch.no_grad():
            running_mean *= 1 - momentum
            running_mean += momentum * mu
            running_var *= 1 - momentum
            running_var += momentum * sigma2 * n / (n - 1)
    else:
        mu, sigma2 = running_mean, running_var

    inv_std = (sigma2 + eps).rsqrt()
    scale = inv_std if weight is None else weight * inv_std
    shift = -mu * scale
    if bias is not None:
        shift = shift + bias
    return x * scale.view(shp) + shift.view(shp)
