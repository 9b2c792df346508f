# expect: wrong-trailing-dims@forward, sqrt-missing@forward
# Reduces over dims (-2, -1) always and divides by the mean square itself, no square root.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    ms = torch.mean(x ** 2, dim=(-2, -1), keepdim=True)
    y = x / (ms + eps)
    if weight is not None:
        y = y * weight
    return y
