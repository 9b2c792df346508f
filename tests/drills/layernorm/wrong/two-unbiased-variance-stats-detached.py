# expect: unbiased-variance@forward, stats-detached@backward
# Takes the statistics with torch.var_mean's default (unbiased) correction inside torch.no_grad().
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    with torch.no_grad():
        var, mean = torch.var_mean(x, dim=dims, keepdim=True)
    out = (x - mean) * torch.rsqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
