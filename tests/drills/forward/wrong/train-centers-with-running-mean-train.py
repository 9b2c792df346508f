# expect: train-centers-with-running-mean@train
# Updates the running stats first, then centres the training batch with the freshly updated running_mean.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, C] + [1] * (x.dim() - 2)
    if training:
        batch_mean = xf.mean(dim=dims)
        batch_var = xf.var(dim=dims, unbiased=False)
        n = xf.numel() // C
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * batch_mean)
            running_var.mul_(1 - momentum).add_(momentum * batch_var * n / (n - 1))
        # centre and scale with the statistics we keep
        centered = xf - running_mean.view(shape)
        y = centered / torch.sqrt(batch_var.view(shape) + eps)
    else:
        y = (xf - running_mean.view(shape)) / torch.sqrt(running_var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
