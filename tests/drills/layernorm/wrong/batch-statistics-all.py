# expect: batch-statistics@forward
# Takes one mean and one variance over the whole tensor, batch included (x.mean() with no dim).
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    mean = x.mean()
    var = x.var(unbiased=False)
    y = (x - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
