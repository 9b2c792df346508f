"""The `layernorm` drill: the exact contract of torch.nn.functional.layer_norm.

One spec: contract, starter, hints and battery; the reference, the mistakes and the child-side
caller are the per-sample norms' (`samplenorm`).
"""

from __future__ import annotations

from bnquiz.drills.spec import Drill, Edition, Path, Scenario
from bnquiz.drills.specs.normwords import TEXTS
from bnquiz.drills.specs.samplenorm import SampleNorm, case, form_for, precision_probe
from bnquiz.language import N_

STARTER = N_('''\
"""bnquiz drill `layernorm`: the exact contract of torch.nn.functional.layer_norm.

Check it with:  bnquiz drill check {path}
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
''')

BLIND = N_('''\
"""bnquiz drill `layernorm`: the exact contract of torch.nn.functional.layer_norm.

Check it with:  bnquiz drill check {path}
"""

import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Layer-normalize `x` as torch.nn.functional.layer_norm does.

    x: (*, *normalized_shape) input: its trailing dimensions equal normalized_shape.
    normalized_shape: a tuple of ints.
    weight, bias: tensors of shape normalized_shape, or None.
    eps: a small float for numerical stability.
    Returns y, the normalized x: same shape, dtype and device as x.
    """
    raise NotImplementedError("write your layer norm here")
''')


def cases(devices: tuple[str, ...]) -> list[Scenario]:
    found = [
        case("2d", (4, 6), 1),
        case("2d-eps", (5, 4), 1, eps=0.5),
        case("3d-tokens", (3, 4, 6), 1),
        case("3d-two-dims", (3, 4, 5), 2),
        case("4d-three-dims", (2, 3, 4, 5), 3, eps=0.5),
        case("4d-last-dim", (2, 3, 4, 5), 1),
        case("5d-two-dims", (2, 3, 2, 3, 4), 2),
        case("no-affine", (3, 4, 6), 1, affine="none", option="weight=bias=None"),
        case("weight-only", (3, 5, 4), 2, affine="weight", option="bias=None"),
        case("tiny-variance", (4, 6), 1, mean=0.0, std=1e-3),
        precision_probe((4, 6), 1),
        case("constant-sample", (3, 6), 1, flat="constant"),
        case("batch-of-one", (1, 6), 1),
        case("grad-2d", (5, 6), 1, grad=True),
        case("grad-3d-two-dims", (3, 4, 5), 2, grad=True, eps=0.5),
        case("grad-no-affine", (4, 5), 1, grad=True, affine="none", option="weight=bias=None"),
        case("float32", (3, 4, 6), 2, grad=True, dtype="float32", eps=0.5),
    ]
    if "cuda" in devices:
        found += [
            case("cuda-float32", (3, 4, 6), 2, grad=True, dtype="float32", device="cuda", eps=0.5),
            case("cuda-float16", (3, 4, 6), 1, dtype="float16", device="cuda", mean=1.0, std=1.0),
        ]
    return found


CONVENTIONS = (
    N_("statistics per sample, over exactly the last len(normalized_shape) dimensions"),
    N_("normalize with the BIASED variance, eps inside the square root"),
    N_("weight and bias have the shape normalized_shape; either may be None"),
    N_("no running statistics: training and eval compute the same thing"),
    N_("x, weight and bias are never modified"),
)

DRILL = Drill(
    name="layernorm",
    title=N_("torch.nn.functional.layer_norm, exactly"),
    asks="layer_norm(x, normalized_shape, weight, bias, eps) -> y",
    framework="torch",
    functions=("layer_norm",),
    optional=(),
    starter_name="ln.py",
    blind=BLIND,
    hints=(
        N_(
            "Which dimensions are reduced? The last len(normalized_shape): "
            "dims = tuple(range(-len(normalized_shape), 0)). The batch is never among them."
        ),
        N_(
            "Normalize with the biased variance (divide by the number of values per statistic), "
            "eps inside the square root; keepdim=True lets the statistics broadcast back."
        ),
        N_("weight and bias have the shape normalized_shape, so they broadcast against x as they are."),
        N_(
            "y = (x − μ)/√(σ² + ε)·γ + β with μ = x.mean(dims, keepdim=True), "
            "σ² = x.var(dims, unbiased=False, keepdim=True)."
        ),
    ),
    editions=(Edition("", N_("PyTorch's F.layer_norm"), CONVENTIONS, "", STARTER),),
    paths=(
        Path("forward", N_("forward")),
        Path("backward", N_("backward pass (autograd)"), depends=("forward",)),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.normcall:call",
    form=form_for("layer_norm"),
    texts=TEXTS,
    **SampleNorm("layer", cases).callables(),
)
