# expect: train-uses-running-stats@train, running-stats-not-updated@running
# Ignores the training flag: always normalizes with running_mean / running_var and never updates them.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    C = x.shape[1]
    shape = (1, C) + (1,) * (x.dim() - 2)
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    mean = running_mean.reshape(shape).to(xf.dtype)
    std = torch.sqrt(running_var.reshape(shape).to(xf.dtype) + eps)
    y = (xf - mean) / std
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y.to(x.dtype)
