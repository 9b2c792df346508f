# expect: sync-variances-averaged@train+running
# Chan merge that forgets the delta² term: M2 = M2_a + M2_b, so the ranks' mean spread is dropped.
import torch
import torch.distributed.nn.functional as dfn


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    C = x.shape[1]
    view = [1, C] + [1] * (x.ndim - 2)
    if training:
        dims = tuple(i for i in range(x.ndim) if i != 1)
        n = x.numel() // C
        local_mean = x.mean(dim=dims)
        local_m2 = ((x - local_mean.view(view)) ** 2).sum(dim=dims)
        parts = dfn.all_gather(torch.stack([torch.full_like(local_mean, n), local_mean, local_m2]), group=group)
        N, mean, m2 = parts[0][0], parts[0][1], parts[0][2]
        for p in parts[1:]:
            nb = p[0]
            tot = N + nb
            mean = mean + (p[1] - mean) * nb / tot
            m2 = m2 + p[2]
            N = tot
        var = m2 / N
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(mean, alpha=momentum)
            running_var.mul_(1 - momentum).add_(m2 / (N - 1), alpha=momentum)
    else:
        mean, var = running_mean, running_var
    xhat = (x - mean.view(view)) / torch.sqrt(var.view(view) + eps)
    if weight is not None:
        xhat = xhat * weight.view(view)
    if bias is not None:
        xhat = xhat + bias.view(view)
    return xhat
