# expect-broken: exception
# The starter file as handed out: the signature and the contract, with no implementation yet.
\
"""bnquiz drill `layernorm`: the exact contract of torch.nn.functional.layer_norm.

Check it with:  bnquiz drill check tests/drills/layernorm/starter.py
"""

import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Layer-normalize `x` over its last len(normalized_shape) dimensions; return `y` (same
    shape, dtype and device as `x`).

    x: any shape whose trailing dimensions equal normalized_shape (a tuple of ints): (B, D)
       with normalized_shape (D,), (B, T, D) with (D,), (N, C, H, W) with (C, H, W), ...
    One mean and one BIASED variance per sample over exactly those trailing dimensions:
        y = (x - mean) / sqrt(var + eps) * weight + bias   (eps inside the square root)
    weight, bias: tensors of shape normalized_shape, or None (None means 1 and 0; either may be
        None on its own).
    No running statistics: every call normalizes with its own input's statistics.
    Never modify x, weight or bias. y must be differentiable (autograd) in x, weight, bias.
    """
    raise NotImplementedError("write your layer norm here")
