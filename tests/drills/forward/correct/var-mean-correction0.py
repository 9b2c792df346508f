# expect: pass
# torch.var_mean with correction=0; running stats rewritten with copy_ from detached values.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    work = torch.promote_types(x.dtype, torch.float32)
    xw = x.to(work)
    C = x.shape[1]
    red = [0, *range(2, x.ndim)]
    bshape = [1, C] + [1] * (x.ndim - 2)
    if training:
        var, mean = torch.var_mean(xw, dim=red, correction=0, keepdim=True)
        n = xw.numel() // C
        m_d = mean.detach().reshape(C)
        v_d = var.detach().reshape(C) * n / (n - 1)
        running_mean.copy_((1 - momentum) * running_mean + momentum * m_d)
        running_var.copy_((1 - momentum) * running_var + momentum * v_d)
    else:
        mean = running_mean.reshape(bshape).to(work)
        var = running_var.reshape(bshape).to(work)
    y = (xw - mean) * torch.rsqrt(var + eps)
    if weight is not None:
        y = y * weight.reshape(bshape)
    if bias is not None:
        y = y + bias.reshape(bshape)
    return y.to(x.dtype)
