# expect: beta-scaled-by-gamma@train+eval
# Adds the bias before scaling, gamma * (x_hat + beta), so beta gets multiplied by gamma.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xt = x.transpose(0, 1)                       # (C, N, *spatial)
    flat = xt.flatten(1)                         # (C, M)
    if flat.dtype in (torch.float16, torch.bfloat16):
        flat = flat.float()
    if training:
        mean = flat.mean(dim=1, keepdim=True)
        var = flat.var(dim=1, unbiased=False, keepdim=True)
        m = flat.shape[1]
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean.squeeze(1))
            running_var.mul_(1 - momentum).add_(momentum * var.squeeze(1) * m / (m - 1))
    else:
        mean = running_mean.to(flat.dtype).unsqueeze(1)
        var = running_var.to(flat.dtype).unsqueeze(1)
    y = (flat - mean) / torch.sqrt(var + eps)
    if bias is not None:
        y = y + bias.unsqueeze(1)
    if weight is not None:
        y = y * weight.unsqueeze(1)
    y = y.reshape(xt.shape).transpose(0, 1)
    return y.to(x.dtype)
