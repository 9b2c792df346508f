# expect: beta-scaled-by-gamma@forward, option-unsupported@forward
# Adds the bias before scaling, weight * (x_hat + bias), skipped only when both are None: raises for bias=None.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dim=dims, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=dims, keepdim=True)
    x_hat = (x - mean) / torch.sqrt(var + eps)
    if weight is None and bias is None:
        return x_hat
    return weight * (x_hat + bias)
