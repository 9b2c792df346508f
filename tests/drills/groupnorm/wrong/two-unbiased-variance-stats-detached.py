# expect: unbiased-variance@forward, stats-detached@backward
# Takes the statistics under no_grad with torch.var_mean's default (unbiased) variance.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.reshape(N, num_groups, -1)
    with torch.no_grad():
        var, mean = torch.var_mean(g, dim=-1, keepdim=True)
    y = ((g - mean) / torch.sqrt(var + eps)).reshape(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
