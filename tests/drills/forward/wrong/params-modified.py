# expect: params-modified@input
# A "fused" no-grad fast path folds 1/std into weight.view(...) with *=, which writes into the caller's weight.
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
        n = xf.numel() // C
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean.flatten())
            running_var.mul_(1 - momentum).add_(momentum * var.flatten() * n / (n - 1))
    else:
        mean = running_mean.view(shape).to(xf.dtype)
        var = running_var.view(shape).to(xf.dtype)
    inv_std = torch.rsqrt(var + eps)
    needs_grad = x.requires_grad or (weight is not None and weight.requires_grad)
    if weight is not None and bias is not None and not needs_grad:
        # fast path: y = x * scale + shift with scale = weight / std
        scale = weight.view(shape)
        scale *= inv_std
        shift = bias.view(shape) - mean * scale
        return (xf * scale + shift).to(x.dtype)
    y = (xf - mean) * inv_std
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
