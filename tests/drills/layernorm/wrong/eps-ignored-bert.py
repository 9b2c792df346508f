# expect: eps-ignored@forward
# the BERT-style hand-written LayerNorm: a fixed 1e-12 inside the root, whatever eps is passed
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    u = x.mean(dims, keepdim=True)
    s = (x - u).pow(2).mean(dims, keepdim=True)
    y = (x - u) / torch.sqrt(s + 1e-12)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
