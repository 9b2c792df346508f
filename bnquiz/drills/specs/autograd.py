"""The `autograd` drill: batch norm as a `torch.autograd.Function` with a hand-written backward.

The user writes `BatchNormFunction` (training mode, batch statistics). Its backward is judged
on top of its forward (right when it is the exact gradient of the user's own forward, or the
textbook formula fed what the forward saved), by the backward catalogue, and by
`torch.autograd.gradcheck` in float64. Calling autograd inside `backward` is a mistake of its
own: the drill is to write the gradient.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import bnquiz.drills.specs.bn as bn
import bnquiz.drills.specs.forward as forward
from bnquiz.drills.catalog.entry import Text
from bnquiz.drills.spec import (
    Arrays,
    Drill,
    Edition,
    Knobs,
    Mistake,
    Path,
    Prediction,
    Quantity,
    Scenario,
)
from bnquiz.drills.specs.quantities import GRAD_TOLERANCE, TOLERANCE
from bnquiz.drills.specs.reference import predict as bn_predict
from bnquiz.language import N_

if TYPE_CHECKING:
    from bnquiz.drills.results import Outputs

STARTER = N_('''\
"""bnquiz drill `autograd`: batch norm as a torch.autograd.Function, backward written by hand.

Check it with:  bnquiz drill check {path}
"""

import torch


class BatchNormFunction(torch.autograd.Function):
    """Training-mode batch norm: BatchNormFunction.apply(x, weight, bias, eps) -> y."""

    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        """x: (N, C) or (N, C, H, W); weight, bias: (C,) tensors; eps: a float.

        Normalize each channel with the batch mean and the BIASED batch variance (over dim 0,
        or dims 0, 2 and 3), eps inside the square root: y = x_hat * weight + bias.
        Save what backward needs (ctx.save_for_backward, or attributes of ctx for eps).
        """
        raise NotImplementedError("write your forward here")

    @staticmethod
    def backward(ctx, grad_output):
        """Return (dx, dweight, dbias, None): the exact gradients, the None for eps.

        Write the gradient yourself: no torch.autograd.grad, no .backward() in here.
        """
        raise NotImplementedError("write your backward here")
''')

BLIND = N_('''\
"""bnquiz drill `autograd`: batch norm as a torch.autograd.Function, backward written by hand.

Check it with:  bnquiz drill check {path}
"""

import torch


class BatchNormFunction(torch.autograd.Function):
    """Training-mode batch norm: BatchNormFunction.apply(x, weight, bias, eps) -> y."""

    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        """x: (N, C) or (N, C, H, W) input; weight, bias: (C,); eps: a float.

        Returns y, the normalized x: same shape, dtype and device as x.
        """
        raise NotImplementedError("write your forward here")

    @staticmethod
    def backward(ctx, grad_output):
        """grad_output: the gradient of the loss with respect to y, shaped as y.

        Returns (dx, dweight, dbias, None): the gradients for x, weight, bias and eps.
        """
        raise NotImplementedError("write your backward here")
''')

RANKS = (2, 4)
MOMENTUM = 0.1  # unused by the contract; the shared battery builder fills it in
NAMES = forward.NAMES  # its inputs and gradients go by F.batch_norm's names
# the forward's statistics: the PyTorch convention (the running statistics play no part)
TRAINING = bn.Convention(
    momentum_weights_new=True, running_var_unbiased=True, layout="squeezed", in_place=True
)
GRADCHECK_SHAPE = (4, 3)
_NOT_RUNNING = ("train-uses-running-stats", "train-centers-with-running-mean")  # no running stats here


def cases(devices: tuple[str, ...]) -> list[Scenario]:
    four_d = (3, 4, 5, 6)
    s = bn.scenario
    found = [
        s("grad-2d", (5, 4), "train+grad"),
        s("grad-eps", (6, 5), "train+grad", eps=0.5),
        s("grad-tall", (20, 3), "train+grad", mean=-4.0, std=3.0),
        s("grad-4d", four_d, "train+grad"),
        s("grad-4d-eps", (2, 3, 4, 3), "train+grad", eps=0.5),
        s("grad-4d-tiny-variance", four_d, "train+grad", std=1e-3),
        s("grad-float32", four_d, "train+grad", dtype="float32", eps=0.5),
        _gradcheck(s("gradcheck", GRADCHECK_SHAPE, "train+grad", eps=0.5, mean=0.5, std=1.0)),
    ]
    if "cuda" in devices:
        found.append(s("cuda-float32", four_d, "train+grad", dtype="float32", device="cuda", eps=0.5))
    return found


def _gradcheck(scenario: Scenario) -> Scenario:
    return replace(scenario, steps=tuple(replace(step, kind="gradcheck") for step in scenario.steps))


def quantities(scenario: Scenario, index: int, present: frozenset[str]) -> list[Quantity]:
    if scenario.steps[index].kind == "gradcheck":
        return [Quantity("gradcheck", "gradcheck", "backward", N_("torch.autograd.gradcheck fails"), "flag")]
    tol, grad_tol = TOLERANCE[scenario.dtype], GRAD_TOLERANCE[scenario.dtype]
    return [
        Quantity("y", "output", "train", "y", "close", tol),
        *(Quantity(f"{name}_after", "input", "input", name, "same") for name in ("x", "weight", "bias")),
        Quantity("dx", "grads", "backward", "x.grad", "norm", grad_tol),
        Quantity("dweight", "grads", "backward", "weight.grad", "norm", grad_tol),
        Quantity("dbias", "grads", "backward", "bias.grad", "norm", grad_tol),
        Quantity("autograd", "grads", "backward", N_("your backward calls autograd"), "flag"),
    ]


def predict(
    scenario: Scenario,
    index: int,
    calls: list[Arrays],
    previous: Outputs | None,
    knobs: Knobs,
    edition: Edition,
    names: tuple[str, ...],
) -> Prediction | None:
    """The batch-norm reference; the gradient check passes where the backward under the knobs is
    the exact gradient of the forward under them, as gradcheck's finite differences would find."""
    import numpy as np

    if scenario.steps[index].kind == "gradcheck":
        grads = ("dx", "dweight", "dbias")
        given = bn_predict(scenario, index, calls, previous, knobs, TRAINING, grads)
        forward_only = {k: v for k, v in knobs.items() if not k.startswith("backward.")}
        exact = bn_predict(scenario, index, calls, previous, forward_only, TRAINING, grads)
        if given is None or exact is None:
            return None
        same = all(
            float(np.linalg.norm(given[key] - exact[key]))
            <= 1e-6 * max(float(np.linalg.norm(exact[key])), 1e-12)
            for key in grads
        )
        return {"gradcheck": np.array([same])}
    wanted = tuple(name for name in names if name != "autograd")
    found = bn_predict(scenario, index, calls, previous, knobs, TRAINING, wanted)
    if found is None:
        return None
    if "autograd" in names:
        found["autograd"] = np.array([bool(knobs.get("backward.autograd", False))])
    return found


def mistakes(edition: Edition) -> tuple[Mistake, ...]:
    from bnquiz.drills.batchnorm import backward_mistakes, forward_mistakes

    found = [m for m in forward_mistakes("train", RANKS) if m.id not in _NOT_RUNNING]
    found += backward_mistakes("backward", hand_written=True)
    found.append(Mistake("autograd-in-backward", "backward", (("backward.autograd", True),)))
    return tuple(found)


def form(signatures: Mapping[str, list[str]]) -> str | None:
    return "plain" if "BatchNormFunction" in signatures else None


CONVENTIONS = (
    N_("training mode only: the batch mean and the BIASED batch variance, eps inside the square root"),
    N_("x is (N, C) or (N, C, H, W); statistics per channel, over every dimension except 1"),
    N_("weight and bias are (C,) tensors; backward returns (dx, dweight, dbias, None)"),
    N_("backward computes the gradient itself: no torch.autograd.grad or .backward() inside it"),
    N_("x, weight and bias are never modified; gradcheck runs in float64"),
)

TEXTS = {
    "autograd-in-backward": Text(
        N_("your backward calls autograd{where}"),
        N_(
            "The drill is to write the gradient: a backward that re-runs the forward under "
            "torch.enable_grad() and calls torch.autograd.grad or .backward() gets the right "
            "numbers, but it is the autograd graph the Function was meant to replace, at twice "
            "the memory and time."
        ),
        N_(
            "Save x̂ and 1/σ̂ in forward; backward returns dx = (1/σ̂)·(g − mean(g) − x̂·mean(g·x̂)) "
            "with g = grad_output·weight, dweight = Σ grad_output·x̂, dbias = Σ grad_output."
        ),
    ),
}

_BATCH_NORM = bn.BatchNorm(NAMES, MOMENTUM, RANKS, cases, hand_written=True).callables()

DRILL = Drill(
    name="autograd",
    title=N_("batch norm as a torch.autograd.Function, backward by hand"),
    asks="BatchNormFunction.apply(x, weight, bias, eps) -> y; backward -> (dx, dweight, dbias, None)",
    framework="torch",
    functions=("BatchNormFunction",),
    optional=(),
    starter_name="bn_autograd.py",
    blind=BLIND,
    hints=(
        N_(
            "In forward, save what backward needs with ctx.save_for_backward (x̂ and the inverse "
            "standard deviation are enough, with weight) and keep eps as ctx.eps."
        ),
        N_(
            "dbias = grad_output summed over every dimension except 1; dweight = (grad_output·x̂) "
            "summed the same way."
        ),
        N_(
            "dx has three terms: through x̂ directly, through the mean and through the variance; "
            "all three are multiplied by weight/σ̂."
        ),
        N_(
            "dx = weight/σ̂ · (g − mean(g) − x̂·mean(g·x̂)), g = grad_output, means over the reduced "
            "dimensions, σ̂ = √(σ²_B + ε); return (dx, dweight, dbias, None)."
        ),
    ),
    editions=(
        Edition(
            "",
            N_("training-mode batch norm as an autograd.Function"),
            CONVENTIONS,
            N_(
                "F.batch_norm(x, None, None, weight, bias, training=True, eps=eps) computes the "
                "same forward, and autograd the same gradients: no running statistics here."
            ),
            STARTER,
            TRAINING,
        ),
    ),
    paths=(
        Path("train", N_("forward")),
        Path("backward", N_("backward"), depends=("train",), modes=({}, {"backward.mode": "formula"})),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.function:call",
    scenarios=_BATCH_NORM["scenarios"],
    inputs=_BATCH_NORM["inputs"],
    quantities=quantities,
    predict=predict,
    mistakes=mistakes,
    form=form,
    texts=TEXTS,
)
