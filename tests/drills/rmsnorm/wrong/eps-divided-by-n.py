# expect: eps-divided-by-n@forward
# the RMS from vector_norm, eps added to the sum of squares before dividing by n
import math

import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    n = math.prod(normalized_shape)
    rms = torch.sqrt(torch.linalg.vector_norm(x, dim=dims, keepdim=True) ** 2 + eps) / math.sqrt(n)
    y = x / rms
    return y * weight if weight is not None else y
