# expect: rms-l2-norm@forward
# Divides by sqrt(sum of squares + eps), the L2 norm, forgetting to divide by the number of values.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    y = x / torch.sqrt(x.pow(2).sum(dims, keepdim=True) + eps)
    if weight is not None:
        y = y * weight
    return y
