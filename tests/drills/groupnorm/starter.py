# expect-broken: exception
# The starter file as handed out: the signature and the contract, with no implementation yet.
\
"""bnquiz drill `groupnorm`: the exact contract of torch.nn.functional.group_norm.

Check it with:  bnquiz drill check tests/drills/groupnorm/starter.py
"""

import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    """Group-normalize `x` and return `y` (same shape, dtype and device as `x`).

    x: (N, C, *spatial) with 2 to 5 dimensions; C is divisible by num_groups.
    The channels are split into num_groups groups of C // num_groups CONSECUTIVE channels
    (x.view(N, num_groups, -1)). One mean and one BIASED variance per sample and group, over
    the group's channels and every spatial position:
        y = (x - mean) / sqrt(var + eps) * weight + bias   (eps inside the square root)
    num_groups = 1 is LayerNorm over (C, *spatial); num_groups = C is InstanceNorm.
    weight, bias: (C,) tensors, applied PER CHANNEL, or None (None means 1 and 0).
    No running statistics: every call normalizes with its own input's statistics.
    Never modify x, weight or bias. y must be differentiable (autograd) in x, weight, bias.
    """
    raise NotImplementedError("write your group norm here")
