# expect: pass
# Per-channel sums written with torch.einsum on a (N, C, M) view; running stats updated via .data.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    src = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    N, C = src.shape[0], src.shape[1]
    v = src.reshape(N, C, -1)                    # (N, C, M) with M = prod(spatial), 1 for 2-D input
    if training:
        count = v.shape[0] * v.shape[2]
        mean = torch.einsum("ncm->c", v) / count
        d = v - mean[None, :, None]
        var = torch.einsum("ncm,ncm->c", d, d) / count
        running_mean.data = (1 - momentum) * running_mean.data + momentum * mean.detach()
        running_var.data = (1 - momentum) * running_var.data + momentum * var.detach() * count / (count - 1)
    else:
        mean = running_mean.to(src.dtype)
        var = running_var.to(src.dtype)
        d = v - mean[None, :, None]
    scale = 1.0 / torch.sqrt(var + eps)
    if weight is not None:
        scale = scale * weight.to(src.dtype)
    y = torch.einsum("ncm,c->ncm", d, scale)
    if bias is not None:
        y = y + bias.to(src.dtype)[None, :, None]
    return y.reshape(src.shape).to(x.dtype)
