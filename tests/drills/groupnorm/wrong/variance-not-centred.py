# expect: variance-not-centred@forward
# Subtracts the mean but divides by sqrt(mean(x ** 2) + eps), the uncentred second moment.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.reshape(N, num_groups, -1)
    mean = g.mean(-1, keepdim=True)
    sq = (g * g).mean(-1, keepdim=True)
    y = ((g - mean) / torch.sqrt(sq + eps)).reshape(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
