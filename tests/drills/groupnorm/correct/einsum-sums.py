# expect: pass
# Sums with torch.einsum over a (N, G, C//G, M) view; weight and bias applied per channel with einsum too.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[0], x.shape[1]
    G = num_groups
    v = x.reshape(N, G, C // G, -1)
    count = v.shape[2] * v.shape[3]
    mean = torch.einsum("ngcm->ng", v) / count
    d = v - mean[:, :, None, None]
    var = torch.einsum("ngcm,ngcm->ng", d, d) / count
    y = d / torch.sqrt(var + eps)[:, :, None, None]
    y = y.reshape(N, C, -1)
    if weight is not None:
        y = torch.einsum("ncm,c->ncm", y, weight)
    if bias is not None:
        y = y + bias[None, :, None]
    return y.reshape(x.shape)
