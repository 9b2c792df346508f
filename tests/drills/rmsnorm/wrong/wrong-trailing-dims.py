# expect: wrong-trailing-dims@forward
# Hard-codes the reduction over dims (-2, -1), whatever normalized_shape is.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    ms = x.pow(2).mean(dim=(-2, -1), keepdim=True)
    y = x / torch.sqrt(ms + eps)
    if weight is not None:
        y = y * weight
    return y
