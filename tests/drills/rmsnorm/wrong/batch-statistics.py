# expect: batch-statistics@forward
# Takes the mean square over the batch dim (dim 0), BatchNorm-style, instead of over the normalized dims.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    ms = x.pow(2).mean(dim=0, keepdim=True)
    y = x * torch.rsqrt(ms + eps)
    if weight is not None:
        y = y * weight
    return y
