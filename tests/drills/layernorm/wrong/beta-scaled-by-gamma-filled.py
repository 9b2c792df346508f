# expect: beta-scaled-by-gamma@forward
# defaults filled in, then gamma * (x_hat + beta): the shift is scaled too
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dims, keepdim=True)
    var = ((x - mean) ** 2).mean(dims, keepdim=True)
    x_hat = (x - mean) / torch.sqrt(var + eps)
    gamma = weight if weight is not None else torch.ones(normalized_shape, dtype=x.dtype)
    beta = bias if bias is not None else torch.zeros(normalized_shape, dtype=x.dtype)
    return gamma * (x_hat + beta)
