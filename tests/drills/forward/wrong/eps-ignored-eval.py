# expect: eps-ignored@eval
# Uses a hard-coded 1e-5 in the eval branch (copied from a BatchNorm layer's default), not the eps argument.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    compute = torch.promote_types(x.dtype, torch.float32)
    xc = x.to(compute)
    C = x.size(1)
    reduce_dims = [0] + list(range(2, x.dim()))
    per_channel = [1, C] + [1 for _ in range(2, x.dim())]
    if training:
        mean = xc.mean(reduce_dims, keepdim=True)
        var = (xc - mean).square().mean(reduce_dims, keepdim=True)
        inv_std = torch.rsqrt(var + eps)
        n = xc.numel() // C
        with torch.no_grad():
            running_mean.lerp_(mean.view(C).to(running_mean.dtype), momentum)
            running_var.lerp_((var.view(C) * n / (n - 1)).to(running_var.dtype), momentum)
    else:
        mean = running_mean.to(compute).view(per_channel)
        inv_std = torch.rsqrt(running_var.to(compute).view(per_channel) + 1e-5)
    y = (xc - mean) * inv_std
    if weight is not None:
        y = y * weight.to(compute).view(per_channel)
    if bias is not None:
        y = y + bias.to(compute).view(per_channel)
    return y.to(x.dtype)
