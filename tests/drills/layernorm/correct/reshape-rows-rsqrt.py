# expect: pass
# Reshapes to (-1, prod(normalized_shape)) rows, normalizes each row with rsqrt, and reshapes back.
import math

import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    d = math.prod(normalized_shape)
    rows = x.reshape(-1, d)
    mean = rows.mean(dim=1, keepdim=True)
    var = rows.var(dim=1, unbiased=False, keepdim=True)
    rows = (rows - mean) * torch.rsqrt(var + eps)
    if weight is not None:
        rows = rows * weight.reshape(1, d)
    if bias is not None:
        rows = rows + bias.reshape(1, d)
    return rows.reshape(x.shape)
