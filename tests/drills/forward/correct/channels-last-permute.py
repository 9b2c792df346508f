# expect: pass
# Moves C last with permute, reshapes to (-1, C), normalizes the columns, then permutes back.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    nd = x.dim()
    C = x.shape[1]
    to_last = [0] + list(range(2, nd)) + [1]
    back = [0, nd - 1] + list(range(1, nd - 1))
    xl = x.permute(to_last)
    rows = xl.reshape(-1, C)
    if rows.dtype in (torch.float16, torch.bfloat16):
        rows = rows.float()
    if training:
        mean = rows.mean(0)
        centered = rows - mean
        var = (centered * centered).mean(0)
        n = rows.shape[0]
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(mean, alpha=momentum)
            running_var.mul_(1 - momentum).add_(var, alpha=momentum * n / (n - 1))
    else:
        mean = running_mean.to(rows.dtype)
        var = running_var.to(rows.dtype)
        centered = rows - mean
    y = centered / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y.reshape(xl.shape).permute(back).contiguous().to(x.dtype)
