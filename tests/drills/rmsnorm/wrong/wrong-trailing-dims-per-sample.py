# expect: wrong-trailing-dims@forward
# Reduces over every dim but the batch (dims 1..end), right only when x is (N, *normalized_shape).
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = list(range(1, x.dim()))
    ms = x.pow(2).mean(dim=dims, keepdim=True)
    y = x * torch.rsqrt(ms + eps)
    if weight is not None:
        y = y * weight
    return y
