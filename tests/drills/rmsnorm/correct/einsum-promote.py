# expect: pass
# Promotes half input to float32, gets the mean square from an einsum over flattened rows, casts back.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    dtype = x.dtype
    if eps is None:
        eps = torch.finfo(dtype).eps
    n = 1
    for d in normalized_shape:
        n *= d
    work = x.float() if dtype in (torch.float16, torch.bfloat16) else x
    rows = work.reshape(-1, n)
    ms = torch.einsum("ij,ij->i", rows, rows) / n
    out = rows / torch.sqrt(ms + eps).unsqueeze(1)
    out = out.reshape(x.shape)
    if weight is not None:
        out = out * weight.to(out.dtype)
    return out.to(dtype)
