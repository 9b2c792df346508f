# expect: wrong-trailing-dims@forward
# Reduces over every dim but the batch (dims 1..end), right only when normalized_shape is all of x.shape[1:].
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(1, x.dim()))
    var, mean = torch.var_mean(x, dim=dims, correction=0, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
