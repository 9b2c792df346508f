# expect: axes-other@train
# Hard-codes the reduction dims as [0, 2] (right for (N, C, L) only): 4-D/5-D input keeps later dims, 2-D raises.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    C = x.shape[1]
    shape = [1, C] + [1] * (x.dim() - 2)
    if training:
        mean = xf.mean(dim=[0, 2], keepdim=True)
        var = ((xf - mean) ** 2).mean(dim=[0, 2], keepdim=True)
        with torch.no_grad():
            # the running buffers hold one value per channel
            per_channel = xf.transpose(0, 1).reshape(C, -1)
            running_mean.mul_(1 - momentum).add_(momentum * per_channel.mean(dim=1))
            running_var.mul_(1 - momentum).add_(momentum * per_channel.var(dim=1))
    else:
        mean = running_mean.view(shape).to(xf.dtype)
        var = running_var.view(shape).to(xf.dtype)
    y = (xf - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
