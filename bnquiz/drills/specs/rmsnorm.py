"""The `rmsnorm` drill: the exact contract of torch.nn.functional.rms_norm.

One spec: contract, starter, hints and battery; the reference, the mistakes and the child-side
caller are the per-sample norms' (`samplenorm`). Computing in float32 and casting back (as
LLaMA's RMSNorm does) is right: float64 input is graded with float32's tolerances, and the
precision it loses there is reported as a note.
"""

from __future__ import annotations

from bnquiz.drills.spec import Drill, Edition, Path, Scenario
from bnquiz.drills.specs.normwords import RMS_TEXTS
from bnquiz.drills.specs.quantities import GRAD_TOLERANCE, TOLERANCE
from bnquiz.drills.specs.samplenorm import SampleNorm, case, form_for
from bnquiz.language import N_

STARTER = N_('''\
"""bnquiz drill `rmsnorm`: the exact contract of torch.nn.functional.rms_norm.

Check it with:  bnquiz drill check {path}
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
''')

BLIND = N_('''\
"""bnquiz drill `rmsnorm`: the exact contract of torch.nn.functional.rms_norm.

Check it with:  bnquiz drill check {path}
"""

import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    """RMS-normalize `x` as torch.nn.functional.rms_norm does.

    x: (*, *normalized_shape) input: its trailing dimensions equal normalized_shape.
    normalized_shape: a tuple of ints.
    weight: a tensor of shape normalized_shape, or None.
    eps: a small float for numerical stability, or None.
    Returns y, the normalized x: same shape, dtype and device as x.
    """
    raise NotImplementedError("write your RMS norm here")
''')


def cases(devices: tuple[str, ...]) -> list[Scenario]:
    found = [
        case("2d", (4, 6), 1, mean=1.0),
        case("2d-eps", (5, 4), 1, eps=0.5, mean=1.0),
        case("3d-tokens", (2, 5, 8), 1, eps=1e-6, mean=1.0),
        case("3d-two-dims", (3, 4, 5), 2, mean=1.0),
        case("4d-two-dims", (2, 3, 4, 5), 2, eps=0.5, mean=1.0),
        case("5d-last-dim", (2, 3, 2, 3, 4), 1, mean=1.0),
        case("no-weight", (3, 4, 6), 1, affine="none", mean=1.0, option="weight=None"),
        case("tiny-rms", (4, 6), 1, mean=0.0, std=1e-3),
        case("token-of-zeros", (3, 6), 1, flat="zero", mean=1.0),
        case("eps-none", (4, 6), 1, eps=None, dtype="float32", mean=0.0, std=1e-4, option="eps=None"),
        case("eps-none-float64", (3, 6), 1, eps=None, mean=0.0, std=1e-4, option="eps=None"),
        case("batch-of-one", (1, 6), 1, mean=1.0),
        case("grad-2d", (5, 6), 1, grad=True, mean=1.0),
        case("grad-3d-two-dims", (3, 4, 5), 2, grad=True, eps=0.5, mean=1.0),
        case("grad-no-weight", (4, 5), 1, grad=True, affine="none", mean=1.0, option="weight=None"),
        case("float32", (3, 4, 6), 1, grad=True, dtype="float32", eps=0.5, mean=1.0),
        case("float16", (3, 4, 8), 1, grad=True, dtype="float16", eps=1e-5, mean=1.0, std=1.0),
        case("float64-precision", (4, 8), 1, mean=1.0, info=True),
    ]
    if "cuda" in devices:
        found += [
            case("cuda-float32", (3, 4, 6), 2, grad=True, dtype="float32", device="cuda", eps=0.5),
            case("cuda-float16", (3, 4, 8), 1, dtype="float16", device="cuda", mean=1.0, std=1.0),
        ]
    return found


CONVENTIONS = (
    N_("one root mean square per sample, over exactly the last len(normalized_shape) dimensions"),
    N_("the mean is NOT subtracted: y = x/√(mean(x²) + ε)·γ, eps inside the square root"),
    N_("weight has the shape normalized_shape, or is None; there is no bias"),
    N_("eps=None means torch.finfo(x.dtype).eps"),
    N_("computing in float32 and casting back is fine; x and weight are never modified"),
)

# computing in float32 and casting back is a correct style: float64 input gets float32's margins
_TOLERANCE = {**TOLERANCE, "float64": 1e-5}
_GRAD_TOLERANCE = {**GRAD_TOLERANCE, "float64": 1e-5}

DRILL = Drill(
    name="rmsnorm",
    title=N_("torch.nn.functional.rms_norm, exactly"),
    asks="rms_norm(x, normalized_shape, weight, eps) -> y",
    framework="torch",
    functions=("rms_norm",),
    optional=(),
    starter_name="rms.py",
    blind=BLIND,
    hints=(
        N_(
            "RMSNorm is LayerNorm without the mean: no centring, no bias. The statistic is "
            "mean(x²) over the last len(normalized_shape) dimensions."
        ),
        N_("eps=None means torch.finfo(x.dtype).eps; eps goes inside the square root."),
        N_(
            "LLaMA computes in float32 and casts back: x.float(), normalize, .type_as(x), then "
            "multiply by weight."
        ),
        N_(
            "dims = tuple(range(-len(normalized_shape), 0)); "
            "y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps) * weight."
        ),
    ),
    editions=(Edition("", N_("PyTorch's F.rms_norm"), CONVENTIONS, "", STARTER),),
    paths=(
        Path("forward", N_("forward")),
        Path("backward", N_("backward pass (autograd)"), depends=("forward",)),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.normcall:call",
    form=form_for("rms_norm"),
    texts=RMS_TEXTS,
    **SampleNorm("rms", cases, _TOLERANCE, _GRAD_TOLERANCE).callables(),
)
