# expect: running-var-includes-eps@running, eps-missing@eval
# Stores var + eps in running_var so that eval can divide by sqrt(running_var) with no eps.
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
        denom = torch.sqrt(var + eps)
        n = xf.numel() // C
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean.flatten())
            # eps is already in here, eval does not need to add it again
            running_var.mul_(1 - momentum).add_(momentum * (var.flatten() * n / (n - 1) + eps))
    else:
        mean = running_mean.view(shape).to(xf.dtype)
        denom = torch.sqrt(running_var.view(shape).to(xf.dtype))
    y = (xf - mean) / denom
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
