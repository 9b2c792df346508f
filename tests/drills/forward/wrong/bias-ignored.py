# expect: bias-ignored@train+eval
# Scales by weight but forgets to add bias.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    low = x.dtype in (torch.float16, torch.bfloat16)
    xx = x.float() if low else x
    axes = [0] + list(range(2, xx.dim()))
    if training:
        var, mean = torch.var_mean(xx, axes, unbiased=False)      # shape (C,)
        n = xx.numel() // xx.shape[1]
        with torch.no_grad():
            running_mean.mul_(1.0 - momentum).add_(mean, alpha=momentum)
            running_var.mul_(1.0 - momentum).add_(var * n / (n - 1), alpha=momentum)
    else:
        mean, var = running_mean.to(xx.dtype), running_var.to(xx.dtype)
    scale = torch.rsqrt(var + eps)
    if weight is not None:
        scale = scale * weight
    bshape = (1, -1) + (1,) * (xx.dim() - 2)
    y = (xx - mean.view(bshape)) * scale.view(bshape)
    return y.to(x.dtype)
