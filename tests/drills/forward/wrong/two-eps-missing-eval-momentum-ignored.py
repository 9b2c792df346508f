# expect: eps-missing@eval, momentum-ignored@running
# Leaves eps out of the eval denominator and always updates the running stats with momentum 0.1.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xs = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = xs.shape[1]
    red = [d for d in range(xs.dim()) if d != 1]
    bshape = [1, C] + [1] * (xs.dim() - 2)
    if training:
        var, mean = torch.var_mean(xs, dim=red, correction=0)
        n = xs.numel() // C
        with torch.no_grad():
            running_mean.copy_(0.9 * running_mean + 0.1 * mean)
            running_var.copy_(0.9 * running_var + 0.1 * var * n / (n - 1))
        std = torch.sqrt(var + eps)
    else:
        mean, std = running_mean, running_var.sqrt()
    y = (xs - mean.view(bshape)) / std.view(bshape)
    if weight is not None:
        y = y * weight.view(bshape)
    if bias is not None:
        y = y + bias.view(bshape)
    return y.to(x.dtype)
