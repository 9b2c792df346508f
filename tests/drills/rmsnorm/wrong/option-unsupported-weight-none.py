# expect: option-unsupported@forward
# Always multiplies by weight, so weight=None raises.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    return weight * (x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps))
