"""What the hostile sandbox submissions share (imported from their own folder, as a user's
helper module would be): recording the processes they start, and a correct batch norm."""

import os

import torch


def record():
    """Append this process id and its start time to the file the sandbox test names, if any."""
    path = os.environ.get("BNQUIZ_TEST_PIDS")
    if path:
        with open("/proc/self/stat") as stat:
            start = stat.read().rsplit(")", 1)[1].split()[19]
        with open(path, "a") as out:
            out.write(f"{os.getpid()} {start}\n")


def batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps):
    dims = [0] + list(range(2, x.dim()))
    shape = [1, -1] + [1] * (x.dim() - 2)
    xf = x.float() if x.dtype == torch.float16 else x
    if training:
        var, mean = torch.var_mean(xf, dim=dims, correction=0)
        n = xf.numel() // xf.shape[1]
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * n / max(n - 1, 1) * var)
    else:
        mean, var = running_mean.to(xf.dtype), running_var.to(xf.dtype)
    y = (xf - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    if weight is not None:
        y = y * weight.view(shape)
    if bias is not None:
        y = y + bias.view(shape)
    return y.to(x.dtype)
