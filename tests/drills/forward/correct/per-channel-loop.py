# expect: pass
# Loops over the channels in Python, normalizes each x[:, c] separately and stacks the results.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    outs = []
    for c in range(x.shape[1]):
        xc = xf[:, c]
        if training:
            m = xc.mean()
            v = ((xc - m) ** 2).mean()
            n = xc.numel()
            with torch.no_grad():
                running_mean[c] = (1 - momentum) * running_mean[c] + momentum * m
                running_var[c] = (1 - momentum) * running_var[c] + momentum * v * n / (n - 1)
        else:
            m = running_mean[c].to(xf.dtype)
            v = running_var[c].to(xf.dtype)
        yc = (xc - m) / torch.sqrt(v + eps)
        if weight is not None:
            yc = yc * weight[c]
        if bias is not None:
            yc = yc + bias[c]
        outs.append(yc)
    return torch.stack(outs, dim=1).to(x.dtype)
