# expect: pass
# Transposes to (C, N, ...), flattens to (C, M), normalizes each row, then views and transposes back.
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
            new_mean = mean.squeeze(1).to(running_mean.dtype)
            new_var = (var.squeeze(1) * m / (m - 1)).to(running_var.dtype)
            running_mean.copy_(torch.lerp(running_mean, new_mean, momentum))
            running_var.copy_(torch.lerp(running_var, new_var, momentum))
    else:
        mean = running_mean.to(flat.dtype).unsqueeze(1)
        var = running_var.to(flat.dtype).unsqueeze(1)
    y = (flat - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight.unsqueeze(1)
    if bias is not None:
        y = y + bias.unsqueeze(1)
    y = y.view(xt.shape).transpose(0, 1).contiguous()
    return y.to(x.dtype)
