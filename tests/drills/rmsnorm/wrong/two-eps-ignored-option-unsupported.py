# expect: eps-ignored@forward, option-unsupported@forward
# Hard-codes eps=1e-5 and always multiplies by weight, so weight=None raises.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    dims = tuple(range(-len(normalized_shape), 0))
    xf = x.float()
    out = xf * torch.rsqrt(xf.pow(2).mean(dims, keepdim=True) + 1e-5)
    return out.type_as(x) * weight
