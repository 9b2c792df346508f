"""The `d2l` drill: the d2l book's from-scratch batch_norm, in either edition of the book.

The classic text (which the Chinese study pages print) updates the moving statistics with
momentum on the OLD value, `momentum * moving_mean + (1.0 - momentum) * mean`; the current
text (since d2l-en pull request 2213) puts it on the NEW batch as PyTorch does,
`(1.0 - momentum) * moving_mean + momentum * mean`. Both keep the biased moving variance and
return the moving statistics. A correct file of either edition passes: the edition comes from
the starter's marker, from --edition, or from the code's running statistics.
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

_STARTER = N_('''\
"""bnquiz drill `d2l`: the from-scratch batch_norm of the d2l book (PyTorch), {edition} edition.

Check it with:  bnquiz drill check {path}
"""
# bnquiz: edition={edition}

import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Batch-normalize X and return (Y, moving_mean, moving_var).

    X is (N, C) or (N, C, H, W); gamma, beta, moving_mean and moving_var are (1, C) or
    (1, C, 1, 1). Prediction mode is `not torch.is_grad_enabled()`: then normalize with the
    moving statistics and return them unchanged.
    Training mode: normalize with the batch mean and the BIASED batch variance (over dim 0, or
    dims (0, 2, 3) with keepdim=True), eps inside the square root, Y = gamma * X_hat + beta,
    and return the updated moving statistics:
{update}
    The moving variance is the biased one. Never modify X, gamma or beta. Y must be
    differentiable in X, gamma and beta.
    (The variant `batch_norm(is_training, X, gamma, beta, moving_mean, moving_var, eps,
    momentum)` with an explicit mode is accepted too.)
    """
    raise NotImplementedError("write your batch norm here")
''')

_CLASSIC_UPDATE = N_("""\
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var  = momentum * moving_var  + (1.0 - momentum) * var
    Here momentum weights the OLD value (the classic edition and CS231n use momentum=0.9).""")

_CURRENT_UPDATE = N_("""\
        moving_mean = (1.0 - momentum) * moving_mean + momentum * mean
        moving_var  = (1.0 - momentum) * moving_var  + momentum * var
    Here momentum weights the NEW batch, as in PyTorch (whose default is 0.1; the book's own
    BatchNorm layer passes momentum=0.9 to this function, which gives the new batch 90%).""")

BLIND = N_('''\
"""bnquiz drill `d2l`: the from-scratch batch_norm of the d2l book (PyTorch).

Check it with:  bnquiz drill check {path}
"""

import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Batch-normalize X as the d2l book's batch_norm does.

    X: (N, C) or (N, C, H, W) input.
    gamma, beta: (1, C) or (1, C, 1, 1) scale and shift.
    moving_mean, moving_var: (1, C) or (1, C, 1, 1) moving statistics.
    eps: a small float for numerical stability.
    momentum: the moving statistics' momentum.
    The mode: training where torch.is_grad_enabled(), prediction where not.
    Returns (Y, moving_mean, moving_var): Y the normalized X, same shape as X, and the
    moving statistics after this call, same shapes as given.
    (The variant `batch_norm(is_training, X, gamma, beta, moving_mean, moving_var, eps,
    momentum)` with an explicit mode is accepted too.)
    """
    raise NotImplementedError("write your batch norm here")
''')

NAMES = bn.Names(
    y="Y",
    running_mean="moving_mean",
    running_var="moving_var",
    x="X",
    weight="gamma",
    bias="beta",
    dx="X.grad",
    dweight="gamma.grad",
    dbias="beta.grad",
    eval_mode=N_("predict"),
)
MOMENTUM = 0.9
RANKS = (2, 4)
CLASSIC = bn.Convention(
    momentum_weights_new=False, running_var_unbiased=False, layout="keepdim", in_place=False
)
CURRENT = bn.Convention(
    momentum_weights_new=True, running_var_unbiased=False, layout="keepdim", in_place=False
)

_SHARED = (
    N_("X is (N, C) or (N, C, H, W); gamma, beta and the moving stats are (1, C) or (1, C, 1, 1)"),
    N_("prediction mode is `not torch.is_grad_enabled()` (or is_training=False)"),
    N_("normalize with the BIASED batch variance, eps inside the square root"),
)


def cases(devices: tuple[str, ...]) -> list[Scenario]:
    four_d = (3, 4, 5, 6)
    s = bn.scenario
    found = [
        s("train-2d", (4, 5), "train"),
        s("train-eps-momentum", (6, 5), "train", eps=0.5, momentum=0.3),
        s("train-tiny-variance", (6, 5), "train", std=1e-3),
        s("train-4d", four_d, "train"),
        s("train-4d-w-equals-c", (2, 3, 4, 3), "train"),
        s("train-4d-constant-channel", four_d, "train", constant_channel=True),
        s("train-train-predict", four_d, "train,eval,train,eval", eps=0.5, momentum=0.3),
        s("predict-2d", (4, 5), "eval"),
        s("predict-4d", four_d, "eval", eps=0.5),
        s("predict-zero-moving-var", (4, 5), "eval", dead_channel=True),
        s("grad-2d", (5, 4), "train+grad"),
        s("grad-4d", four_d, "train+grad", eps=0.5, momentum=0.3),
        s("float32", four_d, "train+grad,eval", dtype="float32", eps=0.5, momentum=0.3),
        s("float32-mean-10", four_d, "train", dtype="float32", mean=10.0),
        bn.probe((16, 4, 8, 8)),
    ]
    if "cuda" in devices:
        found += bn.on_cuda(four_d, "train+grad,eval")
    return found


def form(signatures: Mapping[str, list[str]]) -> str | None:
    args = signatures.get("batch_norm")
    if args is None:
        return None
    if args and args[0] in ("is_training", "training", "train", "mode"):
        return "is-training"
    if any(a.startswith("moving") or a == "gamma" for a in args):
        return "plain"
    return None


def call(
    module: ModuleType,
    form: str,
    scenario: dict[str, Any],
    index: int,
    inputs: dict[str, Any],
    state: dict[str, Any],
    kit: Kit,
) -> tuple[dict[str, Any], dict[str, str]]:
    """In the child: one call, as the book's BatchNorm layer makes it: the moving statistics
    it returns are what it passes to the next call; the mode comes from is_grad_enabled()."""
    torch = kit.torch
    given = calling.tensors(kit, scenario, index, inputs, state)
    args = (
        given.x,
        given.weight,
        given.bias,
        state["running_mean"],
        state["running_var"],
        given.eps,
        given.momentum,
    )
    with torch.enable_grad() if given.training else torch.no_grad():
        result = (
            module.batch_norm(given.training, *args) if form == "is-training" else module.batch_norm(*args)
        )
    y, moving_mean, moving_var = kit.unpack(result, 3, "(Y, moving_mean, moving_var)")
    state["running_mean"], state["running_var"] = moving_mean, moving_var
    outputs = calling.outputs(
        kit, (y, moving_mean, moving_var), ("Y", "moving_mean", "moving_var"), given.leaves
    )
    return calling.finish(kit, y, outputs, inputs, given)


def _edition(name: str, label: str, conv: bn.Convention, update: str, rule: str) -> Edition:
    return Edition(
        name,
        label,
        (*_SHARED, rule, N_("the moving variance is the BIASED one; the moving stats are returned")),
        N_(
            "PyTorch's nn.BatchNorm differs: its momentum (0.1) weights the NEW statistic, its "
            "running_var stores the UNBIASED variance, it updates its buffers in place, and it "
            "switches mode with .train()/.eval(), not with torch.no_grad()."
        ),
        _STARTER,
        conv,
        (("edition", name), ("update", update)),
    )


DRILL = Drill(
    name="d2l",
    title=N_("the d2l book's from-scratch batch_norm"),
    asks="batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum) -> (Y, mean, var)",
    framework="torch",
    functions=("batch_norm",),
    optional=(),
    starter_name="bn_d2l.py",
    blind=BLIND,
    hints=(
        N_(
            "For 4-D input take the mean over dims (0, 2, 3) with keepdim=True, so it broadcasts "
            "against X as (1, C, 1, 1)."
        ),
        N_(
            "Use the biased variance, ((X − mean)**2).mean(...), both to normalize and for the "
            "moving variance. Check which value your edition's momentum weights."
        ),
        N_(
            "Decide the mode with `torch.is_grad_enabled()`: in prediction mode use the moving "
            "statistics and return them unchanged."
        ),
        N_(
            "Y = gamma·(X − mean)/√(var + eps) + beta; classic: moving = momentum·moving + "
            "(1 − momentum)·stat; current: moving = (1 − momentum)·moving + momentum·stat."
        ),
    ),
    editions=(
        _edition(
            "classic",
            N_("the classic edition (momentum weights the old average)"),
            CLASSIC,
            _CLASSIC_UPDATE,
            N_("momentum weights the OLD value: moving = momentum·moving + (1 − momentum)·stat"),
        ),
        _edition(
            "current",
            N_("the current edition (momentum weights the new batch, as in PyTorch)"),
            CURRENT,
            _CURRENT_UPDATE,
            N_("momentum weights the NEW batch: moving = (1 − momentum)·moving + momentum·stat"),
        ),
    ),
    paths=(
        Path("train", N_("training forward")),
        Path("eval", N_("prediction forward")),
        Path("running", N_("moving-statistics update")),
        Path("backward", N_("backward pass (autograd)"), depends=("train",)),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.d2l:call",
    form=form,
    **bn.BatchNorm(NAMES, MOMENTUM, RANKS, cases).callables(),
)
