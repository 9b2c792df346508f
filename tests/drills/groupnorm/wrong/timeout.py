# expect-broken: timeout
# Waits in a `while` loop for a convergence condition that never becomes true.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    g = x.reshape(N, num_groups, -1)
    mean = g.mean(-1, keepdim=True)
    # refine the mean until it stops changing (it never reaches exactly zero change)
    step = 1.0
    while step > 0:
        step = step * 0.5 + 1e-3
    var = ((g - mean) ** 2).mean(-1, keepdim=True)
    y = ((g - mean) / torch.sqrt(var + eps)).reshape(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
