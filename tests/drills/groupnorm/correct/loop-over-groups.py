# expect: pass
# Slices each group's consecutive channels with an explicit Python loop and concatenates the pieces.
import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    C = x.shape[1]
    per = C // num_groups
    dims = tuple(range(1, x.dim()))
    pieces = []
    for g in range(num_groups):
        chunk = x[:, g * per:(g + 1) * per]
        mu = chunk.mean(dim=dims, keepdim=True)
        var = ((chunk - mu) ** 2).mean(dim=dims, keepdim=True)
        pieces.append((chunk - mu) / torch.sqrt(var + eps))
    out = torch.cat(pieces, dim=1)
    for _ in range(x.dim() - 2):
        if weight is not None:
            weight = weight.unsqueeze(-1)
        if bias is not None:
            bias = bias.unsqueeze(-1)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
