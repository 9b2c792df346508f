# expect: input-modified@input
# "Inference fast path": when x needs no grad it centres x in place (view(...).sub_), modifying the caller's tensor.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.view(N, num_groups, -1)
    mean = g.mean(-1, keepdim=True)
    if x.requires_grad:
        xc = g - mean
    else:
        xc = g.sub_(mean)  # no autograd here, so save an allocation
    var = (xc * xc).mean(-1, keepdim=True)
    y = (xc / torch.sqrt(var + eps)).view(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
