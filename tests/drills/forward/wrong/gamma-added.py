# expect: gamma-added@train+eval
# Adds weight to x_hat instead of multiplying by it: x_hat + gamma + beta.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.to(torch.float32) if x.dtype in (torch.float16, torch.bfloat16) else x
    C = xf.shape[1]
    dims = [0, *range(2, xf.dim())]
    shp = [1, C] + [1] * (xf.dim() - 2)
    if training:
        mean = xf.mean(dim=dims, keepdim=True)
        diff = xf - mean
        var = (diff * diff).mean(dim=dims, keepdim=True)
        n = xf.numel() // C
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean.view(C))
            running_var.mul_(1 - momentum).add_(momentum * (n / (n - 1)) * var.view(C))
    else:
        diff = xf - running_mean.view(shp).to(xf.dtype)
        var = running_var.view(shp).to(xf.dtype)
    y = diff * torch.rsqrt(var + eps)
    if weight is not None:
        y = y + weight.view(shp)
    if bias is not None:
        y = y + bias.view(shp)
    return y.to(x.dtype)
