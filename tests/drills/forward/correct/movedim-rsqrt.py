# expect: pass
# Moves the channel dim last with movedim, takes column statistics of the (M, C) view, uses torch.rsqrt.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    dtype = torch.promote_types(x.dtype, torch.float32)
    xl = x.to(dtype).movedim(1, -1)              # (N, *spatial, C)
    cols = xl.reshape(-1, xl.shape[-1])          # (M, C): one column per channel
    if training:
        mean = cols.mean(dim=0)
        centered = cols - mean
        var = centered.pow(2).mean(dim=0)
        m = cols.shape[0]
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(mean, alpha=momentum)
            running_var.mul_(1 - momentum).add_(var * (m / (m - 1)), alpha=momentum)
    else:
        mean = running_mean.to(dtype)
        var = running_var.to(dtype)
        centered = cols - mean
    out = centered * torch.rsqrt(var + eps)
    if weight is not None:
        out = out * weight.to(dtype)
    if bias is not None:
        out = out + bias.to(dtype)
    return out.reshape(xl.shape).movedim(-1, 1).to(x.dtype)
