"""The `forward` drill: the exact contract of torch.nn.functional.batch_norm.

One spec: contract, starter, hints, battery, reference, observable mistakes and the child-side
caller (`call`, run in the sandbox with the user's module).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

import bnquiz.drills.specs.bn as bn
import bnquiz.drills.specs.calling as calling
from bnquiz.drills.spec import Drill, Edition, Path, Scenario
from bnquiz.language import N_

if TYPE_CHECKING:
    from bnquiz.drills.runner import Kit

STARTER = N_('''\
"""bnquiz drill `forward`: the exact contract of torch.nn.functional.batch_norm.

Check it with:  bnquiz drill check {path}
"""

import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    """Batch-normalize `x` per channel and return `y` (same shape, dtype and device as `x`).

    x: (N, C, *spatial) with 2 to 5 dimensions; statistics are per channel, over every
       dimension except 1 (N for (N, C); N, H, W for (N, C, H, W); ...).
    running_mean, running_var: (C,) tensors, updated IN PLACE when training.
    weight, bias: (C,) tensors or None (None means 1 and 0).
    training=True: normalize with the batch mean and the BIASED batch variance,
        y = (x - mean) / sqrt(var + eps) * weight + bias   (eps inside the square root),
        then update, in place:
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var  = (1 - momentum) * running_var  + momentum * var * n / (n - 1)
        where n is the number of values per channel: momentum weights the NEW statistic and
        running_var stores the UNBIASED variance.
    training=False: normalize with running_mean and running_var; leave them untouched.
    Never modify x, weight or bias. y must be differentiable (autograd) in x, weight, bias.
    """
    raise NotImplementedError("write your batch norm here")
''')

BLIND = N_('''\
"""bnquiz drill `forward`: the exact contract of torch.nn.functional.batch_norm.

Check it with:  bnquiz drill check {path}
"""

import torch


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    """Batch-normalize `x` as torch.nn.functional.batch_norm does.

    x: (N, C, *spatial) input, 2 to 5 dimensions.
    running_mean, running_var: (C,) running statistics.
    weight, bias: (C,) or None.
    training: bool.
    momentum: the running statistics' momentum.
    eps: a small float for numerical stability.
    Returns y, the normalized x: same shape, dtype and device as x.
    """
    raise NotImplementedError("write your batch norm here")
''')

NAMES = bn.Names(
    y="y",
    running_mean="running_mean",
    running_var="running_var",
    x="x",
    weight="weight",
    bias="bias",
    dx="x.grad",
    dweight="weight.grad",
    dbias="bias.grad",
)
MOMENTUM = 0.1
RANKS = (2, 3, 4, 5)


PYTORCH = bn.Convention(
    momentum_weights_new=True, running_var_unbiased=True, layout="squeezed", in_place=True
)


def cases(devices: tuple[str, ...]) -> list[Scenario]:
    four_d = (3, 4, 5, 6)  # every dimension distinct
    s = bn.scenario
    found = [
        s("train-2d", (4, 5), "train"),
        s("train-eps-momentum", (6, 5), "train", eps=0.5, momentum=0.3),
        s("train-tiny-variance", (6, 5), "train", std=1e-3),
        s("train-3d", (4, 3, 7), "train"),
        s("train-4d", four_d, "train"),
        s("train-4d-w-equals-c", (2, 3, 4, 3), "train"),
        s("train-5d", (2, 3, 2, 3, 4), "train"),
        s("train-3d-no-affine", (4, 3, 5), "train", affine=False),
        s("train-4d-constant-channel", four_d, "train", constant_channel=True),
        s("train-train-eval", four_d, "train,train,eval", eps=0.5, momentum=0.3),
        s("eval-2d", (4, 5), "eval"),
        s("eval-3d", (4, 3, 7), "eval", eps=0.5, momentum=0.3),
        s("eval-4d", four_d, "eval", eps=0.5),
        s("eval-zero-running-var", (4, 3, 5), "eval", dead_channel=True),
        s("grad-2d", (5, 4), "train+grad"),
        s("grad-4d", four_d, "train+grad", eps=0.5, momentum=0.3),
        s("grad-eval-4d", four_d, "eval+grad", eps=0.5),
        s("float32", four_d, "train+grad,eval+grad", dtype="float32", eps=0.5, momentum=0.3),
        s("float32-mean-10", four_d, "train", dtype="float32", mean=10.0),
        bn.probe((16, 4, 8, 8)),
        s("batch-of-one", (1, 5), "train", info=True),
    ]
    if "cuda" in devices:
        found += bn.on_cuda(four_d, "train+grad,eval+grad")
    return found


def form(signatures: Mapping[str, list[str]]) -> str | None:
    return "plain" if "batch_norm" in signatures else None


def call(
    module: ModuleType,
    form: str,
    scenario: dict[str, Any],
    index: int,
    inputs: dict[str, Any],
    state: dict[str, Any],
    kit: Kit,
) -> tuple[dict[str, Any], dict[str, str]]:
    """In the child: one call of F.batch_norm's contract; the running statistics are buffers
    that the user's code updates in place and that carry over to the next call."""
    given = calling.tensors(kit, scenario, index, inputs, state)
    rm, rv = state["running_mean"], state["running_var"]
    args = (given.x, rm, rv, given.weight, given.bias, given.training, given.momentum, given.eps)
    y, local = kit.call_watching(module.batch_norm, (1, 2), *args)
    labels = (N_("batch_norm's result"), N_("a result"), N_("a result"))  # said in the report's language
    outputs = calling.outputs(kit, (y, rm, rv), labels, given.leaves)
    for key, value, original in (("local_mean", local.get(1), rm), ("local_var", local.get(2), rv)):
        if isinstance(value, kit.torch.Tensor) and value is not original:
            outputs[key] = kit.array(value)
    return calling.finish(kit, y, outputs, inputs, given)


CONVENTIONS = (
    N_("statistics per channel, over every dimension except 1 (2-D to 5-D input)"),
    N_("normalize with the BIASED batch variance, eps inside the square root"),
    N_("running stats updated IN PLACE; momentum weights the NEW statistic (0.1)"),
    N_("running_var stores the UNBIASED variance, var·n/(n−1)"),
    N_("eval uses running_mean/running_var and leaves them untouched"),
    N_("weight and bias may be None; x, weight and bias are never modified"),
)

DRILL = Drill(
    name="forward",
    title=N_("torch.nn.functional.batch_norm, exactly"),
    asks="batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps) -> y",
    framework="torch",
    functions=("batch_norm",),
    optional=(),
    starter_name="bn_forward.py",
    blind=BLIND,
    hints=(
        N_(
            "Which dimensions are reduced? Every one except dim 1: for (N, C, H, W) that is "
            "(0, 2, 3), and the statistics must broadcast back as (1, C, 1, 1)."
        ),
        N_(
            "Training normalizes with the biased variance (divide by n), but running_var stores "
            "the unbiased one (divide by n − 1). momentum weights the new statistic."
        ),
        N_(
            "Update the caller's tensors in place, without recording it for autograd: "
            "`with torch.no_grad(): running_mean.mul_(1 - momentum).add_(momentum * mean)`. "
            "Rebinding `running_mean = ...` changes only your local name."
        ),
        N_(
            "y = (x − μ_B)/√(σ²_B + ε)·γ + β with μ_B = x.mean(dims, keepdim=True), "
            "σ²_B = x.var(dims, unbiased=False, keepdim=True); running_var gets σ²_B·n/(n−1)."
        ),
    ),
    editions=(Edition("", N_("PyTorch's F.batch_norm"), CONVENTIONS, "", STARTER, PYTORCH),),
    paths=(
        Path("train", N_("training forward")),
        Path("eval", N_("eval forward")),
        Path("running", N_("running-statistics update")),
        Path("backward", N_("backward pass (autograd)"), depends=("train", "eval")),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.forward:call",
    form=form,
    **bn.BatchNorm(NAMES, MOMENTUM, RANKS, cases).callables(),
)
