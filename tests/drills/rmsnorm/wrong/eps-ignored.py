# expect: eps-ignored@forward
# Always uses a hard-coded 1e-6 (LLaMA's default) instead of the eps argument.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    dims = tuple(range(-len(normalized_shape), 0))
    h = x.float()
    h = h * torch.rsqrt(h.pow(2).mean(dims, keepdim=True) + 1e-6)
    h = h.type_as(x)
    if weight is not None:
        h = h * weight
    return h
