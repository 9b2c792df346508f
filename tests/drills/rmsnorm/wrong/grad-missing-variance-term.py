# expect: grad-missing-variance-term@backward
# Detaches the RMS "for stability", so autograd drops its term from dx.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    rms = torch.sqrt(x.pow(2).mean(dims, keepdim=True) + eps).detach()
    y = x / rms
    if weight is not None:
        y = y * weight
    return y
