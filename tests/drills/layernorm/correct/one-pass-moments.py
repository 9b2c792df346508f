# expect: pass
# One pass over the data: variance as E[x^2] - E[x]^2 from the two raw moments (fine in float64/float32 here).
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    m1 = x.mean(dim=dims, keepdim=True)
    m2 = (x * x).mean(dim=dims, keepdim=True)
    var = m2 - m1 * m1
    y = (x - m1) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
