# expect: pass
# Computes everything in float64 and casts the result back to x's dtype at the end.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    orig_dtype = x.dtype
    xd = x.double()
    n = xd.shape[0]
    flat = xd.reshape(n, num_groups, -1)
    mean = flat.mean(-1, keepdim=True)
    var = ((flat - mean) * (flat - mean)).mean(-1, keepdim=True)
    normed = ((flat - mean) / torch.sqrt(var + eps)).reshape(xd.shape)
    bshape = [1, xd.shape[1]] + [1] * (xd.dim() - 2)
    if weight is not None:
        normed = normed * weight.double().reshape(bshape)
    if bias is not None:
        normed = normed + bias.double().reshape(bshape)
    return normed.to(orig_dtype)
