# expect: batch-statistics@forward
# Uses BatchNorm's axes: one mean and variance per channel over the batch and every position.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    C = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    mean = x.mean(dim=dims, keepdim=True)
    var = x.var(dim=dims, unbiased=False, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    shape = [1, C] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
