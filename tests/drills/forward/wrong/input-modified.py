# expect: input-modified
# Reuses x's memory for the squared deviations in the running-variance update (x.sub_(mean).pow_(2)).
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, C] + [1] * (x.dim() - 2)
    if training:
        mean = xf.mean(dim=dims, keepdim=True)
        var = ((xf - mean) ** 2).mean(dim=dims, keepdim=True)
    else:
        mean = running_mean.view(shape).to(xf.dtype)
        var = running_var.view(shape).to(xf.dtype)
    y = (xf - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    if training:
        n = xf.numel() // C
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean.flatten())
            # y is already computed, so x's memory can hold the squared deviations
            sq = xf.sub_(mean).pow_(2)
            running_var.mul_(1 - momentum).add_(momentum * sq.sum(dim=dims).flatten() / (n - 1))
    return y.to(x.dtype)
