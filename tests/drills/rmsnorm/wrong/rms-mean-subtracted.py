# expect: rms-mean-subtracted@forward
# Centres x first and divides by the root mean square of x - mean: LayerNorm without the bias.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    xc = x - x.mean(dims, keepdim=True)
    y = xc * torch.rsqrt(xc.pow(2).mean(dims, keepdim=True) + eps)
    if weight is not None:
        y = y * weight
    return y
