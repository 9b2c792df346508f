# expect-broken: timeout
# Spins in a `while True: pass` "barrier" on every rank, waiting for a flag nobody ever sets.
import torch
import torch.distributed.nn.functional as dnn

_ready = False


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    while not _ready:  # wait until every rank is "ready"
        pass
    c = x.shape[1]
    dims = [0] + list(range(2, x.dim()))
    shape = [1, c] + [1] * (x.dim() - 2)
    count = torch.full((c,), x.numel() // c, dtype=x.dtype, device=x.device)
    total = dnn.all_reduce(torch.stack([count, x.sum(dims), (x * x).sum(dims)]), group=group)
    mean = total[1] / total[0]
    var = total[2] / total[0] - mean * mean
    return (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
