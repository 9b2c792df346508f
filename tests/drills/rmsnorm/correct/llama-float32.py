# expect: pass
# LLaMA style: compute in float32 with rsqrt, cast back with type_as, then scale by weight.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    h = x.float()
    h = h * torch.rsqrt(h.pow(2).mean(dims, keepdim=True) + eps)
    out = h.type_as(x)
    if weight is not None:
        out = out * weight
    return out
