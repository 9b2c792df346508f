# expect-broken: bad-return
# Returns (y, rms) so the caller can reuse the RMS, instead of just y.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    rms = torch.sqrt(x.pow(2).mean(dims, keepdim=True) + eps)
    y = x / rms
    if weight is not None:
        y = y * weight
    return y, rms
