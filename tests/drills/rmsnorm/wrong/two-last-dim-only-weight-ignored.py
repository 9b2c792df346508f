# expect: last-dim-only@forward, weight-ignored@forward
# Normalizes over the last dim only and never applies weight.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    norm = x.pow(2).mean(-1, keepdim=True).add(eps).sqrt()
    return x / norm
