# expect: training-ignored@eval
# Never looks at `training`: every call normalizes with the batch statistics and updates the running stats.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    low = x.dtype in (torch.float16, torch.bfloat16)
    xx = x.float() if low else x
    axes = [0] + list(range(2, xx.dim()))
    bshape = (1, -1) + (1,) * (xx.dim() - 2)
    var, mean = torch.var_mean(xx, axes, unbiased=False)      # shape (C,)
    n = xx.numel() // xx.shape[1]
    with torch.no_grad():
        running_mean.mul_(1.0 - momentum).add_(mean, alpha=momentum)
        running_var.mul_(1.0 - momentum).add_(var * n / (n - 1), alpha=momentum)
    y = (xx - mean.view(bshape)) / torch.sqrt(var.view(bshape) + eps)
    if weight is not None:
        y = y * weight.view(bshape)
    if bias is not None:
        y = y + bias.view(bshape)
    return y.to(x.dtype)
