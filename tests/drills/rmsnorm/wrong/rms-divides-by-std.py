# expect: rms-divides-by-std@forward
# Divides x (not centred) by sqrt(x.var(unbiased=False) + eps): the spread around the mean, not the RMS.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    var = x.var(dim=dims, unbiased=False, keepdim=True)
    y = x / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    return y
