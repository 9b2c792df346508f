# expect: grad-missing-variance-term@backward
# Computes the batch variance under torch.no_grad(), so backprop treats the variance as a constant.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    h = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    dims = tuple(d for d in range(x.dim()) if d != 1)
    view = (1, -1) + (1,) * (x.dim() - 2)
    if training:
        mu = h.mean(dims, keepdim=True)
        with torch.no_grad():
            var = h.var(dims, unbiased=False, keepdim=True)
            n = h.numel() / h.size(1)
            running_mean.mul_(1 - momentum).add_(momentum * mu.reshape(-1))
            running_var.mul_(1 - momentum).add_(momentum * n / (n - 1) * var.reshape(-1))
    else:
        mu = running_mean.reshape(view).to(h.dtype)
        var = running_var.reshape(view).to(h.dtype)
    out = (h - mu) / torch.sqrt(var + eps)
    if weight is not None:
        out = out * weight.reshape(view).to(h.dtype)
    if bias is not None:
        out = out + bias.reshape(view).to(h.dtype)
    return out.to(x.dtype)
