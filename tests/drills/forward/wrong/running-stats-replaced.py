# expect: running-stats-replaced@running
# Overwrites the running stats with the batch statistics (copy_) instead of a momentum average.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    work = torch.promote_types(x.dtype, torch.float32)
    xw = x.to(work)
    C = x.shape[1]
    red = [0, *range(2, x.ndim)]
    bshape = [1, C] + [1] * (x.ndim - 2)
    if training:
        var, mean = torch.var_mean(xw, dim=red, correction=0, keepdim=True)
        n = xw.numel() // C
        with torch.no_grad():
            running_mean.copy_(mean.reshape(C))
            running_var.copy_(var.reshape(C) * n / (n - 1))
    else:
        mean = running_mean.reshape(bshape).to(work)
        var = running_var.reshape(bshape).to(work)
    y = (xw - mean) * torch.rsqrt(var + eps)
    if weight is not None:
        y = y * weight.reshape(bshape)
    if bias is not None:
        y = y + bias.reshape(bshape)
    return y.to(x.dtype)
