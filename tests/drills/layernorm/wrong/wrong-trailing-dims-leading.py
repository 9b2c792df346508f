# expect: wrong-trailing-dims@forward
# Uses range(len(normalized_shape)) as the dims: the first dims of x, not the last ones.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = list(range(len(normalized_shape)))
    mean = x.mean(dims, keepdim=True)
    var = x.var(dims, unbiased=False, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
