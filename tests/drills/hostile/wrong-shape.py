# expect-broken: wrong-shape
# Correct values, but returns y flattened to 1-D.
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
    y = (xf - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype).reshape(-1)
