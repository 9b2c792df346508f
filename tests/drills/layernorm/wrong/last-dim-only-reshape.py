# expect: last-dim-only@forward
# Views x as rows of normalized_shape[-1] values (the transformer's hidden size), one statistic per row.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    d = normalized_shape[-1]
    rows = x.reshape(-1, d)
    mean = rows.mean(1, keepdim=True)
    var = rows.var(1, unbiased=False, keepdim=True)
    y = ((rows - mean) / torch.sqrt(var + eps)).reshape(x.shape)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
