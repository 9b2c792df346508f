# expect-broken: nan
# Centres with a typo (x - x), so y = 0 / sqrt(0) is NaN everywhere.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    dims = [0] + list(range(2, x.dim()))
    shape = [1, -1] + [1] * (x.dim() - 2)
    xf = x.float() if x.dtype == torch.float16 else x
    if training:
        var, mean = torch.var_mean(xf, dim=dims, correction=0)
        n = xf.numel() // xf.shape[1]
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * n / (n - 1) * var)
    else:
        mean, var = running_mean.to(xf.dtype), running_var.to(xf.dtype)
    xc = xf - xf  # typo: meant xf - mean.view(shape)
    y = xc / (xc * xc).mean(dim=dims, keepdim=True).sqrt()
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
