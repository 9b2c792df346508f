"""The `groupnorm` drill: the exact contract of torch.nn.functional.group_norm.

One spec: contract, starter, hints and battery; the reference, the mistakes and the child-side
caller are the per-sample norms' (`samplenorm`).
"""

from __future__ import annotations

from bnquiz.drills.spec import Drill, Edition, Path, Scenario
from bnquiz.drills.specs.normwords import TEXTS
from bnquiz.drills.specs.samplenorm import SampleNorm, case, form_for, precision_probe
from bnquiz.language import N_

STARTER = N_('''\
"""bnquiz drill `groupnorm`: the exact contract of torch.nn.functional.group_norm.

Check it with:  bnquiz drill check {path}
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
''')

BLIND = N_('''\
"""bnquiz drill `groupnorm`: the exact contract of torch.nn.functional.group_norm.

Check it with:  bnquiz drill check {path}
"""

import torch


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    """Group-normalize `x` as torch.nn.functional.group_norm does.

    x: (N, C, *spatial) input, 2 to 5 dimensions.
    num_groups: an int that divides C.
    weight, bias: (C,) or None.
    eps: a small float for numerical stability.
    Returns y, the normalized x: same shape, dtype and device as x.
    """
    raise NotImplementedError("write your group norm here")
''')


def cases(devices: tuple[str, ...]) -> list[Scenario]:
    found = [
        case("4d-two-groups", (2, 6, 3, 4), 2),
        case("4d-three-groups", (3, 6, 4, 5), 3, eps=0.5),
        case("2d", (4, 6), 3),
        case("3d", (3, 8, 5), 4),
        case("5d", (2, 4, 2, 3, 3), 2),
        case("one-group", (2, 6, 3, 4), 1),
        case("group-per-channel", (2, 6, 3, 4), 6),
        case("no-affine", (2, 6, 3, 4), 3, affine="none", option="weight=bias=None"),
        case("tiny-variance", (2, 6, 3, 4), 2, mean=0.0, std=1e-3),
        precision_probe((2, 6, 3, 4), 2),
        case("constant-group", (2, 6, 3, 4), 2, flat="constant"),
        case("batch-of-one", (1, 6, 4, 4), 3),
        case("grad-4d", (2, 6, 3, 4), 2, grad=True),
        case("grad-3d", (3, 8, 5), 4, grad=True, eps=0.5),
        case("grad-no-affine", (2, 6, 3, 4), 3, grad=True, affine="none", option="weight=bias=None"),
        case("float32", (2, 6, 3, 4), 3, grad=True, dtype="float32", eps=0.5),
    ]
    if "cuda" in devices:
        found += [
            case("cuda-float32", (2, 6, 3, 4), 3, grad=True, dtype="float32", device="cuda", eps=0.5),
            case("cuda-float16", (2, 6, 3, 4), 2, dtype="float16", device="cuda", mean=1.0, std=1.0),
        ]
    return found


CONVENTIONS = (
    N_("groups of C/G consecutive channels: x.view(N, G, C // G, ...)"),
    N_("statistics per sample and group, over the group's channels and every position"),
    N_("normalize with the BIASED variance, eps inside the square root"),
    N_("weight and bias are (C,), applied per channel; either may be None"),
    N_("no running statistics; x, weight and bias are never modified"),
)

DRILL = Drill(
    name="groupnorm",
    title=N_("torch.nn.functional.group_norm, exactly"),
    asks="group_norm(x, num_groups, weight, bias, eps) -> y",
    framework="torch",
    functions=("group_norm",),
    optional=(),
    starter_name="gn.py",
    blind=BLIND,
    hints=(
        N_(
            "Reshape to (N, G, -1): each row of the last axis is one sample's group, its C/G "
            "consecutive channels and every position. Normalize each row, then reshape back."
        ),
        N_("Normalize with the biased variance, eps inside the square root."),
        N_(
            "Apply weight and bias after reshaping back to x's shape, per channel: "
            "weight.view(1, C, 1, ...) (as many 1s as spatial dimensions)."
        ),
        N_(
            "g = x.view(N, G, -1); μ = g.mean(-1, keepdim=True); σ² = g.var(-1, unbiased=False, "
            "keepdim=True); y = ((g − μ)/√(σ² + ε)).view_as(x)·γ + β."
        ),
    ),
    editions=(Edition("", N_("PyTorch's F.group_norm"), CONVENTIONS, "", STARTER),),
    paths=(
        Path("forward", N_("forward")),
        Path("backward", N_("backward pass (autograd)"), depends=("forward",)),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.normcall:call",
    form=form_for("group_norm"),
    texts=TEXTS,
    **SampleNorm("group", cases).callables(),
)
