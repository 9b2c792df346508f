# expect-broken: exception
# The starter file as handed out: the signature and the contract, with no implementation yet.
import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    """Batch normalization with the contract of torch.nn.functional.batch_norm.

    Args:
        x: input of shape (N, C) or (N, C, *spatial), 2 to 5 dims. The statistics are
            per channel (dim 1), taken over every other dim.
        running_mean, running_var: tensors of shape (C,), the running statistics.
        weight, bias: tensors of shape (C,), or None (meaning 1 and 0).
        training: True to normalize with the batch statistics, False to use the
            running statistics.
        momentum: the weight of the NEW batch statistic in the running average.
        eps: added to the variance inside the square root.

    Returns:
        y, with the same shape, dtype and device as x.

    Training mode:
        mean, var = per-channel batch mean and BIASED variance (divide by n, where n is
        the number of values per channel), and
        y = (x - mean) / sqrt(var + eps) * weight + bias.
        Update the running statistics IN PLACE (the caller's tensors must change):
        running_mean <- (1 - momentum) * running_mean + momentum * mean
        running_var  <- (1 - momentum) * running_var + momentum * var * n / (n - 1)
        (running_var stores the UNBIASED variance).

    Eval mode:
        y = (x - running_mean) / sqrt(running_var + eps) * weight + bias, and the
        running statistics are left unchanged.

    Never modify x, weight or bias. y must be differentiable with autograd with respect
    to x, weight and bias; the running-statistics update must not enter the graph.
    It must work in float64, float32 (stable when |mean|/std is about 1000, so no
    E[x^2] - E[x]^2) and float16.
    """
    raise NotImplementedError("write your batch norm here")
