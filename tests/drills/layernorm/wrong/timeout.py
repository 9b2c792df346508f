# expect-broken: timeout
# Busy-waits forever in `while True: pass` (a leftover breakpoint substitute) before any work.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    while True:  # TODO remove: keep the process alive to attach a debugger
        pass
    dims = tuple(range(-len(normalized_shape), 0))
    var, mean = torch.var_mean(x, dim=dims, correction=0, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
