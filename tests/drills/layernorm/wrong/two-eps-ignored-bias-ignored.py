# expect: eps-ignored@forward, bias-ignored@forward
# Hard-codes eps = 1e-6 (a common LayerNorm eps) instead of the argument, and never adds bias.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    var, mean = torch.var_mean(x, dim=dims, unbiased=False, keepdim=True)
    y = (x - mean) / torch.sqrt(var + 1e-6)
    if weight is not None:
        y = weight * y
    return y
