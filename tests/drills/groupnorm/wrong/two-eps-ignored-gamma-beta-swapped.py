# expect: eps-ignored@forward, gamma-beta-swapped@forward
# Hard-codes eps = 1e-8 and mixes up the affine: x_hat * bias + weight.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.reshape(N, num_groups, -1)
    var, mean = torch.var_mean(g, dim=-1, keepdim=True, correction=0)
    y = ((g - mean) / torch.sqrt(var + 1e-8)).reshape(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if bias is not None:
        y = y * bias.view(shape)
    if weight is not None:
        y = y + weight.view(shape)
    return y
