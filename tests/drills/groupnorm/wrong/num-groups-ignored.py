# expect: num-groups-ignored@forward
# Never uses num_groups: normalizes each sample over all of (C, *spatial), i.e. LayerNorm.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(1, x.dim()))
    mean = x.mean(dim=dims, keepdim=True)
    var = x.var(dim=dims, unbiased=False, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
