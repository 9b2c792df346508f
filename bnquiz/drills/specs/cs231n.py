"""The `cs231n` drill: batchnorm_forward and batchnorm_backward as in CS231n assignment 2 (NumPy).

A hand-written backward pass: judged on top of the forward (right when it is the exact
gradient of the user's own forward, or the textbook formula fed its cache), and on its own
(eps, the terms of dx, dgamma, dbeta). Where the file defines batchnorm_backward_alt, it is
graded too, as a path of its own.
"""

from __future__ import annotations

import copy
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
"""bnquiz drill `cs231n`: batchnorm_forward and batchnorm_backward as in CS231n assignment 2.

Check it with:  bnquiz drill check {path}
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    """Forward pass of batch normalization; return (out, cache).

    x: (N, D); gamma, beta: (D,). bn_param: a dict with
      mode: 'train' or 'test' (anything else: raise ValueError)
      eps: bn_param.get('eps', 1e-5); momentum: bn_param.get('momentum', 0.9)
      running_mean, running_var: (D,) arrays
    Train: normalize with the sample mean and the BIASED sample variance, eps inside the square
    root, out = gamma * x_hat + beta; then
        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var  = momentum * running_var  + (1 - momentum) * sample_var
    (momentum weights the OLD value; the running variance is the biased one) and store both
    back in bn_param. Test: normalize with the running statistics; leave them unchanged.
    Never modify x, gamma or beta. cache holds whatever batchnorm_backward needs.
    """
    raise NotImplementedError("write your batch norm here")


def batchnorm_backward(dout, cache):
    """Backward pass: given dout (N, D) and the cache of a training-mode forward, return
    (dx, dgamma, dbeta) with shapes (N, D), (D,), (D,): the exact analytic gradients.
    (Define batchnorm_backward_alt(dout, cache) too, and bnquiz grades it as well.)"""
    raise NotImplementedError("write your batch norm backward here")
''')

BLIND = N_('''\
"""bnquiz drill `cs231n`: batchnorm_forward and batchnorm_backward as in CS231n assignment 2.

Check it with:  bnquiz drill check {path}
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    """Forward pass of batch normalization; return (out, cache).

    x: (N, D) input.
    gamma, beta: (D,) scale and shift.
    bn_param: a dict with
      mode: 'train' or 'test'
      eps: a small float for numerical stability
      momentum: the running statistics' momentum
      running_mean, running_var: (D,) running statistics
    Returns out, the normalized x, (N, D); and cache, whatever batchnorm_backward needs.
    The running statistics are read back from bn_param after the call.
    """
    raise NotImplementedError("write your batch norm here")


def batchnorm_backward(dout, cache):
    """Backward pass: dout (N, D), the upstream gradient; cache, from a 'train' forward.
    Returns (dx, dgamma, dbeta): (N, D), (D,), (D,).
    (Define batchnorm_backward_alt(dout, cache) too, and bnquiz grades it as well.)"""
    raise NotImplementedError("write your batch norm backward here")
''')

NAMES = bn.Names(
    y="out",
    running_mean="bn_param['running_mean']",
    running_var="bn_param['running_var']",
    x="x",
    weight="gamma",
    bias="beta",
    dx="dx",
    dweight="dgamma",
    dbias="dbeta",
    eval_mode=N_("test"),
)
ALT = "batchnorm_backward_alt"
MOMENTUM = 0.9
RANKS = (2,)
COURSE = bn.Convention(
    momentum_weights_new=False, running_var_unbiased=False, layout="squeezed", in_place=False
)


def cases(devices: tuple[str, ...]) -> list[Scenario]:
    s = bn.scenario
    return [
        s("train-2d", (8, 5), "train"),
        s("train-eps-momentum", (6, 5), "train", eps=0.5, momentum=0.5),
        s("train-tiny-variance", (6, 5), "train", std=1e-3),
        s("train-constant-column", (6, 5), "train", constant_channel=True),
        s("train-train-test", (8, 5), "train,train,eval", eps=0.5, momentum=0.5),
        s("test-2d", (8, 5), "eval", eps=0.5),
        s("test-zero-running-var", (8, 5), "eval", dead_channel=True),
        s("grad-2d", (6, 4), "train+grad"),
        s("grad-eps-momentum", (6, 4), "train+grad", eps=0.5, momentum=0.5),
        s("grad-tall", (20, 3), "train+grad", mean=-4.0, std=3.0),
        s("float32", (8, 5), "train+grad,eval", dtype="float32", eps=0.5, momentum=0.5),
        bn.probe((256, 16)),
    ]


def form(signatures: Mapping[str, list[str]]) -> str | None:
    return "plain" if "batchnorm_forward" in signatures else None


def call(
    module: ModuleType,
    form: str,
    scenario: dict[str, Any],
    index: int,
    inputs: dict[str, Any],
    state: dict[str, Any],
    kit: Kit,
) -> tuple[dict[str, Any], dict[str, str]]:
    """In the child: one forward (and backward) call; bn_param carries the running statistics
    from call to call, as the assignment's training loop does."""
    args = scenario["steps"][index]["args"]
    if index == 0:
        state["bn_param"] = {
            "running_mean": inputs["running_mean"].copy(),
            "running_var": inputs["running_var"].copy(),
        }
    bn_param = state["bn_param"]
    bn_param.update(mode="train" if args["training"] else "test", eps=args["eps"], momentum=args["momentum"])
    x, gamma, beta = inputs["x"].copy(), inputs["weight"].copy(), inputs["bias"].copy()
    out, cache = kit.unpack(module.batchnorm_forward(x, gamma, beta, bn_param), 2, "(out, cache)")
    running = bn_param.get("running_mean"), bn_param.get("running_var")
    outputs = calling.outputs(
        kit, (out, *running), (NAMES.y, NAMES.running_mean, NAMES.running_var), (x, gamma, beta)
    )
    if args["backward"]:
        outputs.update(_gradients(module, inputs["dy"], cache, kit))
    return outputs, kit.where(out)


def _gradients(module: ModuleType, dy: Any, cache: Any, kit: Kit) -> dict[str, Any]:
    """batchnorm_backward's gradients and, where the file defines it, the alternative's: its own
    path, graded apart from batchnorm_backward, given the cache as the forward left it."""
    spare = copy.deepcopy(cache)
    labels = ("dx", "dgamma", "dbeta")
    backward = module.batchnorm_backward
    found = kit.gradients(("dx", "dweight", "dbias"), labels, lambda: backward(dy.copy(), cache))
    alternative = getattr(module, ALT, None)
    if callable(alternative):
        named = tuple(f"{ALT}'s {label}" for label in labels)
        found.update(
            kit.gradients(
                ("alt_dx", "alt_dweight", "alt_dbias"), named, lambda: alternative(dy.copy(), spare)
            )
        )
    return found


CONVENTIONS = (
    N_("x is (N, D); statistics per column, over the batch"),
    N_("normalize with the BIASED sample variance, eps inside the square root"),
    N_("momentum weights the OLD value: running = momentum·running + (1 − momentum)·stat"),
    N_("the running variance is the BIASED one, written back into bn_param"),
    N_("mode 'test' uses bn_param's running stats and leaves them unchanged"),
    N_("batchnorm_backward returns the exact dx, dgamma, dbeta"),
)

DRILL = Drill(
    name="cs231n",
    title=N_("CS231n's batchnorm_forward and batchnorm_backward (NumPy)"),
    asks="batchnorm_forward(x, gamma, beta, bn_param) -> (out, cache); batchnorm_backward(dout, cache)",
    framework="numpy",
    functions=("batchnorm_forward", "batchnorm_backward"),
    optional=(ALT,),
    starter_name="bn_cs231n.py",
    blind=BLIND,
    hints=(
        N_(
            "Cache x̂, the centered x, the inverse std and gamma in the forward pass: the backward "
            "pass needs all of them."
        ),
        N_(
            "The variance is np.var(x, axis=0) (biased, ddof=0); the running stats use momentum on "
            "the OLD value and go back into bn_param."
        ),
        N_(
            "Backward: dx gets three contributions, through x̂ directly, through the mean and "
            "through the variance. Do not forget to multiply dout by gamma."
        ),
        N_(
            "dx = γ/(N·σ̂)·(N·dout − Σdout − x̂·Σ(dout·x̂)), dgamma = Σ dout·x̂, dbeta = Σ dout, "
            "sums over axis 0, σ̂ = √(σ² + ε)."
        ),
    ),
    editions=(
        Edition(
            "",
            N_("CS231n assignment 2"),
            CONVENTIONS,
            N_(
                "PyTorch's nn.BatchNorm1d differs: its momentum (0.1) weights the NEW statistic and "
                "its running_var stores the UNBIASED variance."
            ),
            STARTER,
            COURSE,
        ),
    ),
    paths=(
        Path("train", N_("training forward")),
        Path("eval", N_("test-mode forward")),
        Path("running", N_("running-statistics update")),
        Path("backward", "batchnorm_backward", depends=("train",), modes=({}, {"backward.mode": "formula"})),
        Path("backward-alt", ALT, depends=("train",), modes=({}, {"backward-alt.mode": "formula"})),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.cs231n:call",
    form=form,
    **bn.BatchNorm(NAMES, MOMENTUM, RANKS, cases, hand_written=True, alternative=ALT).callables(),
)
