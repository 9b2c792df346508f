# expect-broken: exception
# Demands normalized_shape be a torch.Size and raises TypeError for the plain tuple every caller passes.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if not isinstance(normalized_shape, torch.Size):
        raise TypeError(f"normalized_shape must be a torch.Size, got {type(normalized_shape).__name__}")
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)
    if weight is not None:
        y = y * weight
    return y
