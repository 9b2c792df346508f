# expect: pass
# Computes everything in float64 (flattening the normalized dims) and casts back to x's dtype.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    lead = x.shape[: x.dim() - len(normalized_shape)]
    flat = x.double().reshape(*lead, -1)
    inv = 1.0 / torch.sqrt((flat ** 2).sum(-1, keepdim=True) / flat.shape[-1] + eps)
    y = (flat * inv).reshape(x.shape)
    if weight is not None:
        y = y * weight.double()
    return y.to(x.dtype)
