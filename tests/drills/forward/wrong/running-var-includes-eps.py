# expect: running-var-includes-eps@running
# Stores the unbiased variance plus eps in running_var ("the variance the denominator uses").
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    h = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = h.shape[1]
    axes = tuple([0] + list(range(2, h.dim())))
    bshape = (1, C) + (1,) * (h.dim() - 2)
    if training:
        mean = h.mean(axes)
        var = h.var(axes, correction=0)
        unbiased = h.var(axes, correction=1)
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(mean * momentum)
            running_var.mul_(1 - momentum).add_((unbiased + eps) * momentum)
    else:
        mean = running_mean.to(h.dtype)
        var = running_var.to(h.dtype)
    y = (h - mean.reshape(bshape)) / torch.sqrt(var.reshape(bshape) + eps)
    if weight is not None:
        y = y * weight.reshape(bshape)
    if bias is not None:
        y = y + bias.reshape(bshape)
    return y.to(x.dtype)
