# expect: axes-per-sample, running-stats-not-updated
# Normalizes each sample over its own features (LayerNorm-style) and never touches the running stats.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    shape = [1, C] + [1] * (x.dim() - 2)
    if training:
        feat = list(range(1, x.dim()))
        mean = xf.mean(dim=feat, keepdim=True)
        var = ((xf - mean) ** 2).mean(dim=feat, keepdim=True)
    else:
        mean = running_mean.view(shape).to(xf.dtype)
        var = running_var.view(shape).to(xf.dtype)
    y = (xf - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
