# expect: batch-statistics@forward
# One RMS over the whole tensor, batch included: x.pow(2).mean() with no dims.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    rms = torch.sqrt(x.pow(2).mean() + eps)
    y = x / rms
    if weight is not None:
        y = y * weight
    return y
