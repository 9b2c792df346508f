# expect: eps-ignored@train
# Hard-codes 1e-5 in the training branch instead of using the eps argument; eval uses eps.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    h = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    dims = tuple(d for d in range(x.dim()) if d != 1)
    if training:
        mu = h.mean(dims, keepdim=True)
        var = (h - mu).pow(2).mean(dims, keepdim=True)
        out = (h - mu) / torch.sqrt(var + 1e-5)
        n = h.numel() / h.size(1)
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mu.reshape(-1))
            running_var.mul_(1 - momentum).add_(momentum * n / (n - 1) * var.reshape(-1))
    else:
        view = (1, -1) + (1,) * (x.dim() - 2)
        mu = running_mean.reshape(view).to(h.dtype)
        var = running_var.reshape(view).to(h.dtype)
        out = (h - mu) / torch.sqrt(var + eps)
    view = (1, -1) + (1,) * (x.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(view).to(h.dtype)
    if bias is not None:
        out = out + bias.reshape(view).to(h.dtype)
    return out.to(x.dtype)
