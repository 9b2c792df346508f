# expect: eps-ignored@forward
# Uses a fixed EPS = 1e-6 module constant instead of the eps argument.
import torch

EPS = 1e-6


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.reshape(N, num_groups, -1)
    var, mean = torch.var_mean(g, dim=-1, keepdim=True, unbiased=False)
    y = ((g - mean) * torch.rsqrt(var + EPS)).reshape(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
