# expect: affine-per-group@forward
# each group scales and shifts by the entry of its first channel: weight[::C // G]
# Applies the affine on the (N, G, -1) view, giving every channel of group g weight[g] and bias[g].
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    G = num_groups
    g = x.reshape(N, G, -1)
    mean = g.mean(-1, keepdim=True)
    var = ((g - mean) ** 2).mean(-1, keepdim=True)
    y = (g - mean) / torch.sqrt(var + eps)
    # pick one weight per group: the first channel of each group
    if weight is not None:
        y = y * weight[:: C // G].view(1, G, 1)
    if bias is not None:
        y = y + bias[:: C // G].view(1, G, 1)
    return y.reshape(x.shape)
