# expect: momentum-ignored@running
# Updates the running stats with a hard-coded momentum of 0.1, whatever momentum it is given.
import torch

MOMENTUM = 0.1


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, C] + [1] * (x.dim() - 2)
    if training:
        mean = xf.mean(dim=dims, keepdim=True)
        var = ((xf - mean) ** 2).mean(dim=dims, keepdim=True)
        n = xf.numel() // C
        with torch.no_grad():
            running_mean.mul_(1 - MOMENTUM).add_(MOMENTUM * mean.flatten())
            running_var.mul_(1 - MOMENTUM).add_(MOMENTUM * var.flatten() * n / (n - 1))
    else:
        mean = running_mean.view(shape).to(xf.dtype)
        var = running_var.view(shape).to(xf.dtype)
    y = (xf - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
