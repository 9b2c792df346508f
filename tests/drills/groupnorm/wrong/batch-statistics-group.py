# expect: batch-statistics@forward
# Groups the channels correctly but pools each group's statistics over the whole batch too.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.reshape(N, num_groups, -1)
    mean = g.mean(dim=(0, 2), keepdim=True)
    var = ((g - mean) ** 2).mean(dim=(0, 2), keepdim=True)
    y = ((g - mean) / torch.sqrt(var + eps)).reshape(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
