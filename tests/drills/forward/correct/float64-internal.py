# expect: pass
# Does all the arithmetic in float64 and casts the result back to the input dtype.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xd = x.double()
    C = x.shape[1]
    dims = [d for d in range(x.dim()) if d != 1]
    shape = [1, C] + [1] * (x.dim() - 2)
    if training:
        mean = xd.mean(dim=dims)
        var = ((xd - mean.view(shape)) ** 2).mean(dim=dims)
        n = xd.numel() // C
        with torch.no_grad():
            new_mean = (1 - momentum) * running_mean.double() + momentum * mean
            new_var = (1 - momentum) * running_var.double() + momentum * var * n / (n - 1)
            running_mean.copy_(new_mean)
            running_var.copy_(new_var)
    else:
        mean = running_mean.double()
        var = running_var.double()
    y = (xd - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.double().view(shape)
    if bias is not None:
        y = y + bias.double().view(shape)
    return y.to(x.dtype)
