# expect-broken: exception
# Reads normalized_shape as an int hidden size (int(normalized_shape)), which raises TypeError for the tuple.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    hidden = int(normalized_shape)
    if x.shape[-1] != hidden:
        raise ValueError(f"expected last dim {hidden}, got {x.shape[-1]}")
    mean = x.mean(-1, keepdim=True)
    var = x.var(-1, unbiased=False, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
