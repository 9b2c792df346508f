# expect: pass
# Welford / Chan running merge over the batch, one sample at a time, vectorized over channels.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    dt = torch.promote_types(x.dtype, torch.float32)
    xs = x.to(dt)
    N, C = xs.shape[0], xs.shape[1]
    bshape = (1, C) + (1,) * (xs.dim() - 2)
    if training:
        count = 0
        mean = torch.zeros(C, dtype=dt, device=x.device)
        m2 = torch.zeros(C, dtype=dt, device=x.device)
        for i in range(N):
            block = xs[i].reshape(C, -1)          # this sample's values, per channel
            k = block.shape[1]
            bmean = block.mean(dim=1)
            bm2 = ((block - bmean[:, None]) ** 2).sum(dim=1)
            total = count + k
            delta = bmean - mean
            mean = mean + delta * (k / total)
            m2 = m2 + bm2 + delta * delta * (count * k / total)
            count = total
        var = m2 / count                          # biased
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * m2 / (count - 1))
    else:
        mean = running_mean.to(dt)
        var = running_var.to(dt)
    y = (xs - mean.view(bshape)) / torch.sqrt(var.view(bshape) + eps)
    if weight is not None:
        y = y * weight.view(bshape)
    if bias is not None:
        y = y + bias.view(bshape)
    return y.to(x.dtype)
