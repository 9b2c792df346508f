# expect: pass
# RMS as torch.linalg.vector_norm / sqrt(n), with eps added to the squared RMS inside the root.
import math

import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    n = math.prod(normalized_shape)
    l2 = torch.linalg.vector_norm(x, ord=2, dim=dims, keepdim=True)
    rms = torch.sqrt(l2.pow(2) / n + eps)
    y = x / rms
    if weight is not None:
        y = y * weight
    return y
