# expect: train-uses-running-stats@train
# Updates the running stats first, then normalizes the training batch with the just-updated running stats.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, C] + [1] * (x.dim() - 2)
    if training:
        var, mean = torch.var_mean(xf, dim=dims, unbiased=False)
        n = xf.numel() // C
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * var * n / (n - 1))
    # both modes normalize with the (now up to date) running statistics
    y = (xf - running_mean.view(shape)) / torch.sqrt(running_var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
