# expect: pass
# Reference: two-pass per-channel mean and biased variance; running stats updated in place under no_grad.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    # float16 / bfloat16 inputs are normalized in float32 and cast back at the end
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))    # every dim except the channel dim
    shape = [1, C] + [1] * (x.dim() - 2)    # per-channel values broadcast along dim 1
    if training:
        mean = xf.mean(dim=dims, keepdim=True)
        var = ((xf - mean) ** 2).mean(dim=dims, keepdim=True)   # biased
        n = xf.numel() // C
        if running_mean is not None and running_var is not None:
            with torch.no_grad():
                running_mean.mul_(1 - momentum).add_(mean.flatten(), alpha=momentum)
                running_var.mul_(1 - momentum).add_(var.flatten() * (n / (n - 1)), alpha=momentum)
    else:
        mean = running_mean.to(xf.dtype).view(shape)
        var = running_var.to(xf.dtype).view(shape)
    y = (xf - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight.to(xf.dtype).view(shape)
    if bias is not None:
        y = y + bias.to(xf.dtype).view(shape)
    return y.to(x.dtype)
