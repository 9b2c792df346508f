# expect-broken: output-flood
# Debug-prints every element of the rms tensor thousands of times on each call.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    ms = x.pow(2).mean(dims, keepdim=True)
    for step in range(200000):
        print(f"rms_norm debug step {step}: ms={ms.flatten().tolist()} " + "-" * 500)
    y = x * torch.rsqrt(ms + eps)
    if weight is not None:
        y = y * weight
    return y
