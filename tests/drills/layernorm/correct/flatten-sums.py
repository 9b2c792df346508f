# expect: pass
# Flattens the normalized dims with flatten(start_dim=...), takes sums / count with einsum, and views back.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    start = x.dim() - len(normalized_shape)
    flat = x.flatten(start_dim=start)            # (..., D)
    n = flat.shape[-1]
    mean = torch.einsum("...d->...", flat) / n
    dev = flat - mean.unsqueeze(-1)
    var = torch.einsum("...d,...d->...", dev, dev) / n
    y = (dev / torch.sqrt(var + eps).unsqueeze(-1)).view(x.shape)
    if weight is None and bias is None:
        return y
    if bias is None:
        return y * weight
    if weight is None:
        return y + bias
    return torch.addcmul(bias, y, weight)
