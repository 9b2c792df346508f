"""The drills: what the user writes, by whose conventions, and the hints that lead there.

Pure data and text; importing this module costs nothing (no NumPy, no torch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bnquiz.errors import UsageError


@dataclass(frozen=True)
class Drill:
    name: str
    title: str
    asks: str  # one line: what the user writes
    framework: str  # "torch" or "numpy": what the child must import
    functions: tuple[str, ...]
    conventions: tuple[str, ...]  # the rules this drill grades by
    pytorch_differs: str  # how PyTorch's own layer differs, for d2l and CS231n users
    starter: str
    hints: tuple[str, ...]  # from a nudge to the formula
    starter_name: str  # default file name for `drill start`


_FORWARD_STARTER = '''\
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
'''

_D2L_STARTER = '''\
"""bnquiz drill `d2l`: the from-scratch batch_norm of the d2l book (PyTorch).

Check it with:  bnquiz drill check {path}
"""

import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Batch-normalize X and return (Y, moving_mean, moving_var).

    X is (N, C) or (N, C, H, W); gamma, beta, moving_mean and moving_var are (1, C) or
    (1, C, 1, 1). Prediction mode is `not torch.is_grad_enabled()`: then normalize with the
    moving statistics and return them unchanged.
    Training mode: normalize with the batch mean and the BIASED batch variance (over dim 0, or
    dims (0, 2, 3) with keepdim=True), eps inside the square root, Y = gamma * X_hat + beta,
    and return the updated moving statistics:
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var  = momentum * moving_var  + (1.0 - momentum) * var
    Here momentum weights the OLD value (d2l and CS231n use momentum=0.9) and the moving
    variance is the biased one. Never modify X. Y must be differentiable in X, gamma and beta.
    (The variant `batch_norm(is_training, X, gamma, beta, moving_mean, moving_var, eps,
    momentum)` with an explicit mode is accepted too.)
    """
    raise NotImplementedError("write your batch norm here")
'''

_CS231N_STARTER = '''\
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
    Never modify x. cache holds whatever batchnorm_backward needs.
    """
    raise NotImplementedError("write your batch norm here")


def batchnorm_backward(dout, cache):
    """Backward pass: given dout (N, D) and the cache of a training-mode forward, return
    (dx, dgamma, dbeta) with shapes (N, D), (D,), (D,): the exact analytic gradients."""
    raise NotImplementedError("write your batch norm backward here")
'''

DRILLS: dict[str, Drill] = {
    "forward": Drill(
        name="forward",
        title="torch.nn.functional.batch_norm, exactly",
        asks="batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps) -> y",
        framework="torch",
        functions=("batch_norm",),
        conventions=(
            "statistics per channel, over every dimension except 1 (2-D to 5-D input)",
            "normalize with the BIASED batch variance, eps inside the square root",
            "running stats updated IN PLACE; momentum weights the NEW statistic (0.1)",
            "running_var stores the UNBIASED variance, var·n/(n−1)",
            "eval uses running_mean/running_var and leaves them untouched",
            "weight and bias may be None; x, weight and bias are never modified",
        ),
        pytorch_differs="",
        starter=_FORWARD_STARTER,
        hints=(
            "Which dimensions are reduced? Every one except dim 1: for (N, C, H, W) that is "
            "(0, 2, 3), and the statistics must broadcast back as (1, C, 1, 1).",
            "Training normalizes with the biased variance (divide by n), but running_var stores "
            "the unbiased one (divide by n − 1). momentum weights the new statistic.",
            "Update the caller's tensors in place, without recording it for autograd: "
            "`with torch.no_grad(): running_mean.mul_(1 - momentum).add_(momentum * mean)`. "
            "Rebinding `running_mean = ...` changes only your local name.",
            "y = (x − μ_B)/√(σ²_B + ε)·γ + β with μ_B = x.mean(dims, keepdim=True), "
            "σ²_B = x.var(dims, unbiased=False, keepdim=True); running_var gets σ²_B·n/(n−1).",
        ),
        starter_name="bn_forward.py",
    ),
    "d2l": Drill(
        name="d2l",
        title="the d2l book's from-scratch batch_norm",
        asks="batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum) -> (Y, mean, var)",
        framework="torch",
        functions=("batch_norm",),
        conventions=(
            "X is (N, C) or (N, C, H, W); gamma, beta and the moving stats are (1, C) or (1, C, 1, 1)",
            "prediction mode is `not torch.is_grad_enabled()` (or is_training=False)",
            "normalize with the BIASED batch variance, eps inside the square root",
            "momentum weights the OLD value: moving = momentum·moving + (1 − momentum)·stat",
            "the moving variance is the BIASED one; the moving stats are returned",
        ),
        pytorch_differs=(
            "PyTorch's nn.BatchNorm differs: its momentum (0.1) weights the NEW statistic, its "
            "running_var stores the UNBIASED variance, it updates its buffers in place, and it "
            "switches mode with .train()/.eval(), not with torch.no_grad()."
        ),
        starter=_D2L_STARTER,
        hints=(
            "For 4-D input take the mean over dims (0, 2, 3) with keepdim=True, so it broadcasts "
            "against X as (1, C, 1, 1).",
            "Use the biased variance, ((X − mean)**2).mean(...), both to normalize and for the "
            "moving variance; d2l's momentum weights the old moving value.",
            "Decide the mode with `torch.is_grad_enabled()`: in prediction mode use the moving "
            "statistics and return them unchanged.",
            "Y = gamma·(X − mean)/√(var + eps) + beta; moving_mean = momentum·moving_mean + "
            "(1 − momentum)·mean, and the same for moving_var with var.",
        ),
        starter_name="bn_d2l.py",
    ),
    "cs231n": Drill(
        name="cs231n",
        title="CS231n's batchnorm_forward and batchnorm_backward (NumPy)",
        asks="batchnorm_forward(x, gamma, beta, bn_param) -> (out, cache); batchnorm_backward(dout, cache)",
        framework="numpy",
        functions=("batchnorm_forward", "batchnorm_backward"),
        conventions=(
            "x is (N, D); statistics per column, over the batch",
            "normalize with the BIASED sample variance, eps inside the square root",
            "momentum weights the OLD value: running = momentum·running + (1 − momentum)·stat",
            "the running variance is the BIASED one, written back into bn_param",
            "mode 'test' uses bn_param's running stats and leaves them unchanged",
            "batchnorm_backward returns the exact dx, dgamma, dbeta",
        ),
        pytorch_differs=(
            "PyTorch's nn.BatchNorm1d differs: its momentum (0.1) weights the NEW statistic and "
            "its running_var stores the UNBIASED variance."
        ),
        starter=_CS231N_STARTER,
        hints=(
            "Cache x̂, the centered x, the inverse std and gamma in the forward pass: the backward "
            "pass needs all of them.",
            "The variance is np.var(x, axis=0) (biased, ddof=0); the running stats use momentum on "
            "the OLD value and go back into bn_param.",
            "Backward: dx gets three contributions, through x̂ directly, through the mean and "
            "through the variance. Do not forget to multiply dout by gamma.",
            "dx = γ/(N·σ̂)·(N·dout − Σdout − x̂·Σ(dout·x̂)), dgamma = Σ dout·x̂, dbeta = Σ dout, "
            "sums over axis 0, σ̂ = √(σ² + ε).",
        ),
        starter_name="bn_cs231n.py",
    ),
}


def get(name: str) -> Drill:
    try:
        return DRILLS[name]
    except KeyError:
        raise UsageError(f"unknown drill {name!r}; the drills are: {', '.join(DRILLS)}") from None


def infer(path: Path) -> tuple[Drill, str]:
    """Which drill a file answers, read from its function names and signature (never executed).

    Returns the drill and its calling form: "plain", or "is-training" for d2l's variant whose
    first parameter is the mode. A file that does not parse is left to the grader, which
    reports the syntax error; here it falls back to its function names.
    """
    import ast

    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(source)
        params = {
            node.name: [a.arg for a in node.args.posonlyargs + node.args.args]
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
    except SyntaxError:  # read the signatures off the text; the grader reports the error
        params = {
            name: [p.split("=")[0].strip() for p in args.split(",") if p.strip()]
            for name, args in re.findall(r"^def\s+(\w+)\s*\(([^)]*)\)", source, re.MULTILINE)
        }
    if "batchnorm_forward" in params:
        return DRILLS["cs231n"], "plain"
    args = params.get("batch_norm")
    if args is not None:
        if args and args[0] in ("is_training", "training", "train", "mode"):
            return DRILLS["d2l"], "is-training"
        if any(a.startswith("moving") or a == "gamma" for a in args):
            return DRILLS["d2l"], "plain"
        return DRILLS["forward"], "plain"
    raise UsageError(f"{path} defines neither batch_norm nor batchnorm_forward; say which drill with --drill")


def form_of(drill: Drill, path: Path) -> str:
    """The calling form for a drill named on the command line (d2l has two)."""
    if drill.name != "d2l":
        return "plain"
    try:
        return infer(path)[1]
    except UsageError:
        return "plain"
