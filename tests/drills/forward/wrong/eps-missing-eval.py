# expect: eps-missing@eval
# Adds eps in the training branch but divides by sqrt(running_var) with no eps in eval.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, C] + [1] * (x.dim() - 2)
    if training:
        var, mean = torch.var_mean(xf, dim=dims, unbiased=False, keepdim=True)
        y = (xf - mean) / torch.sqrt(var + eps)
        n = xf.numel() // C
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean.flatten())
            running_var.mul_(1 - momentum).add_(momentum * var.flatten() * n / (n - 1))
    else:
        # the running variance is already smoothed, it cannot be zero
        y = (xf - running_mean.view(shape)) / running_var.view(shape).sqrt()
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
