# expect: mean-not-subtracted@forward, variance-not-centred@forward
# Writes RMSNorm instead of LayerNorm: x * rsqrt(mean(x**2) + eps), neither centring x nor the variance.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
