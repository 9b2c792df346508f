# expect: groups-interleaved@forward, grad-missing-mean-term@backward
# Groups channels by c % G (view(N, C // G, G, -1)) and detaches the mean before centring.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = x.shape[:2]
    v = x.reshape(N, C // num_groups, num_groups, -1)
    mean = v.mean(dim=(1, 3), keepdim=True).detach()
    var = ((v - mean) ** 2).mean(dim=(1, 3), keepdim=True)
    y = ((v - mean) / torch.sqrt(var + eps)).reshape(x.shape)
    shape = [1, C] + [1] * (x.dim() - 2)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y
