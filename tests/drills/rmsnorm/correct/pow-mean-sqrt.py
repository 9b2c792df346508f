# expect: pass
# Divides by torch.sqrt(x.pow(2).mean(...) + eps), the formula from the docs written out.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = [-(i + 1) for i in range(len(normalized_shape))]
    rms = torch.sqrt(x.pow(2).mean(dim=dims, keepdim=True) + eps)
    y = x / rms
    if weight is not None:
        y = weight * y
    return y
