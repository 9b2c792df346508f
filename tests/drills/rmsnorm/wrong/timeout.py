# expect-broken: timeout
# Waits in a `while True` loop for the mean square to "converge" before normalizing; it never does.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    ms = x.pow(2).mean(dims, keepdim=True)
    previous = None
    while True:  # iterate until stable
        if previous is not None and torch.equal(previous, ms + 1):
            break
        previous = ms
    y = x * torch.rsqrt(ms + eps)
    if weight is not None:
        y = y * weight
    return y
