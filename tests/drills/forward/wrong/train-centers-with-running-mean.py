# expect: train-centers-with-running-mean@train
# In training, subtracts running_mean (as passed in) from x instead of the batch mean; the batch variance is right.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, C] + [1] * (x.dim() - 2)
    centered = xf - running_mean.view(shape).to(xf.dtype)
    if training:
        batch_mean = xf.mean(dim=dims)
        batch_var = xf.var(dim=dims, unbiased=False)
        y = centered / torch.sqrt(batch_var.view(shape) + eps)
        n = xf.numel() // C
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * batch_mean)
            running_var.mul_(1 - momentum).add_(momentum * batch_var * n / (n - 1))
    else:
        y = centered / torch.sqrt(running_var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
