# expect: channels-mixed-by-reshape
# Flattens the input with x.reshape(-1, C) without moving C last first, so columns mix channels and positions.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    flat = xf.reshape(-1, C)                    # (N * H * W, C)
    if training:
        mean = flat.mean(dim=0)
        var = ((flat - mean) ** 2).mean(dim=0)
        n = flat.shape[0]
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * var * n / (n - 1))
    else:
        mean = running_mean.to(xf.dtype)
        var = running_var.to(xf.dtype)
    y = (flat - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y.reshape(x.shape).to(x.dtype)
