# expect: eval-updates-running-stats
# Normalizes eval inputs with the running stats, but updates the running stats in both modes.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, C] + [1] * (x.dim() - 2)
    batch_mean = xf.mean(dim=dims, keepdim=True)
    batch_var = ((xf - batch_mean) ** 2).mean(dim=dims, keepdim=True)
    if training:
        y = (xf - batch_mean) / torch.sqrt(batch_var + eps)
    else:
        y = (xf - running_mean.view(shape)) / torch.sqrt(running_var.view(shape) + eps)
    n = xf.numel() // C
    with torch.no_grad():
        running_mean.mul_(1 - momentum).add_(momentum * batch_mean.flatten())
        running_var.mul_(1 - momentum).add_(momentum * batch_var.flatten() * n / (n - 1))
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
