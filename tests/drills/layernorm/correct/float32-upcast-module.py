# expect: pass
# Upcasts half/float32 to float32 (keeping float64 as it is), normalizes with var_mean, casts back.
import torch


def _stats(x, k):
    dims = tuple(range(x.ndim - k, x.ndim))
    var, mean = torch.var_mean(x, dims, unbiased=False, keepdim=True)
    return mean, var


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    compute = torch.float64 if x.dtype == torch.float64 else torch.float32
    h = x.to(compute)
    mean, var = _stats(h, len(normalized_shape))
    h = (h - mean) * (var + eps).rsqrt()
    if weight is not None:
        h = h * weight.to(compute)
    if bias is not None:
        h = h + bias.to(compute)
    return h.to(x.dtype)
