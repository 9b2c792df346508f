# expect-broken: exception
# The starter file as handed out: the signature and the contract, with no implementation yet.
\
"""bnquiz drill `rmsnorm`: the exact contract of torch.nn.functional.rms_norm.

Check it with:  bnquiz drill check tests/drills/rmsnorm/starter.py
"""

import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    """RMS-normalize `x` over its last len(normalized_shape) dimensions; return `y` (same
    shape, dtype and device as `x`).

    x: any shape whose trailing dimensions equal normalized_shape (a tuple of ints), e.g.
       (B, T, D) with normalized_shape (D,).
    One root mean square per sample over exactly those trailing dimensions, the mean NOT
    subtracted:
        y = x / sqrt(mean(x**2) + eps) * weight   (eps inside the square root; no bias)
    weight: a tensor of shape normalized_shape, or None (None means 1).
    eps=None means torch.finfo(x.dtype).eps.
    Computing in float32 and casting back to x's dtype (as LLaMA's RMSNorm does) is fine.
    Never modify x or weight. y must be differentiable (autograd) in x and weight.
    """
    raise NotImplementedError("write your RMS norm here")
