# expect: pass
# Multiplies by torch.rsqrt of the mean square taken over the trailing dims, in x's own dtype.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    eps = torch.finfo(x.dtype).eps if eps is None else eps
    k = len(normalized_shape)
    ms = (x * x).mean(dim=list(range(x.dim() - k, x.dim())), keepdim=True)
    y = x * torch.rsqrt(ms + eps)
    return y if weight is None else y * weight
