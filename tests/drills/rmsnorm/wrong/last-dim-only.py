# expect: last-dim-only@forward
# Always normalizes over the last dim only (x.pow(2).mean(-1)), ignoring a 2-dim normalized_shape.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    xf = x.float()
    xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + eps)
    out = xf.type_as(x)
    if weight is not None:
        out = out * weight
    return out
