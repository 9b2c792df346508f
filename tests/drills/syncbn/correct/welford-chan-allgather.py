# expect: pass
# Chan's parallel combination: all_gather each rank's (n, mean, M2), then merge them pairwise.
import torch
import torch.distributed.nn.functional as dfn


def _merge(a, b):
    """Chan et al.: combine two (count, mean, M2) summaries."""
    n_a, mean_a, m2_a = a
    n_b, mean_b, m2_b = b
    n = n_a + n_b
    delta = mean_b - mean_a
    mean = mean_a + delta * (n_b / n)
    m2 = m2_a + m2_b + delta * delta * (n_a * n_b / n)
    return n, mean, m2


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    C = x.shape[1]
    view = [1, C] + [1] * (x.ndim - 2)
    if training:
        dims = tuple(i for i in range(x.ndim) if i != 1)
        n = x.numel() // C
        local_mean = x.mean(dim=dims)
        local_m2 = ((x - local_mean.view(view)) ** 2).sum(dim=dims)
        packed = torch.stack([torch.full_like(local_mean, n), local_mean, local_m2])
        parts = dfn.all_gather(packed, group=group)
        acc = (parts[0][0], parts[0][1], parts[0][2])
        for p in parts[1:]:
            acc = _merge(acc, (p[0], p[1], p[2]))
        N, mean, m2 = acc
        var = m2 / N
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(mean, alpha=momentum)
            running_var.mul_(1 - momentum).add_(m2 / (N - 1), alpha=momentum)
    else:
        mean, var = running_mean, running_var
    xhat = (x - mean.view(view)) / torch.sqrt(var.view(view) + eps)
    scale = weight.view(view) if weight is not None else 1.0
    shift = bias.view(view) if bias is not None else 0.0
    return xhat * scale + shift
