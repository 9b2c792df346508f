"""The `fold` drill: fold an eval-mode BatchNorm into the convolution or linear layer before it.

One spec: contract, starter, hints, battery, reference, observable mistakes and the child-side
caller. The user's `fold_bn` returns a weight and a bias; the child also runs the folded layer
on an input, so a fold is judged as a layer, the way it will be used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bnquiz.drills.spec import (
    Arrays,
    Drill,
    Edition,
    Mistake,
    Path,
    Quantity,
    Scenario,
    Step,
)
from bnquiz.drills.specs.folding import GIVEN, LAYOUT, predict
from bnquiz.drills.specs.foldwords import TEXTS
from bnquiz.language import N_

if TYPE_CHECKING:
    pass

STARTER = N_('''\
"""bnquiz drill `fold`: fold an eval-mode BatchNorm into the layer before it.

Check it with:  bnquiz drill check {path}
"""

import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    """Return (weight, bias) of one layer that computes the layer followed by BN in eval mode.

    weight: the layer's weight: (C_out, C_in / groups, kH, kW) for a convolution (grouped and
        depthwise ones too) or (C_out, C_in) for a linear layer.
    bias: the layer's bias, (C_out,), or None for a layer built with bias=False.
    bn_weight, bn_bias, running_mean, running_var: the BN's gamma, beta and running
        statistics, each (C_out,); eps: the BN's eps.
    In eval mode BN maps each output channel z of the layer to
        (z - running_mean) / sqrt(running_var + eps) * bn_weight + bn_bias.
    Return new tensors with the weight's dtype and device (the bias too, even when `bias` is
    None); never modify the arguments.
    """
    raise NotImplementedError("write your fold here")


# Or write the form most real code has instead: define these two (bnquiz then grades them, and
# runs the modules they return) and fold_bn may stay as their helper.
#
# def fuse_conv_bn(conv, bn):
#     """Return a new nn.Conv2d equal to `conv` followed by `bn` in eval mode (same stride,
#     padding, dilation and groups); leave `conv` and `bn` unchanged."""
#
# def fuse_linear_bn(linear, bn):
#     """Return a new nn.Linear equal to `linear` followed by `bn` (a BatchNorm1d) in eval mode."""
''')

BLIND = N_('''\
"""bnquiz drill `fold`: fold an eval-mode BatchNorm into the layer before it.

Check it with:  bnquiz drill check {path}
"""

import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    """Fold an eval-mode BN into the layer before it.

    weight: the layer's weight, (C_out, C_in / groups, kH, kW) for a convolution or
        (C_out, C_in) for a linear layer.
    bias: the layer's bias, (C_out,), or None.
    bn_weight, bn_bias: (C_out,) the BN's gamma and beta.
    running_mean, running_var: (C_out,) the BN's running statistics.
    eps: the BN's eps.
    Returns (weight, bias) of one layer that computes the layer followed by the BN.
    """
    raise NotImplementedError("write your fold here")


# Or write the form most real code has instead: define these two (bnquiz then grades them, and
# runs the modules they return) and fold_bn may stay as their helper.
#
# def fuse_conv_bn(conv, bn):
#     """conv: an nn.Conv2d; bn: the nn.BatchNorm2d after it, in eval mode.
#     Returns an nn.Conv2d that computes bn(conv(x))."""
#
# def fuse_linear_bn(linear, bn):
#     """linear: an nn.Linear; bn: the nn.BatchNorm1d after it, in eval mode.
#     Returns an nn.Linear that computes bn(linear(x))."""
''')

# id, layer, weight shape, groups, has a bias, eps, running_var range, dtype (+ stride, padding, dilation)
_CASES: tuple[tuple[Any, ...], ...] = (
    ("conv", "conv", (6, 6, 3, 3), 1, True, 1e-5, (0.5, 2.0), "float64"),
    ("conv-no-bias", "conv", (6, 6, 3, 3), 1, False, 1e-5, (0.5, 2.0), "float64"),
    ("conv-wide", "conv", (8, 3, 3, 3), 1, True, 1e-5, (0.5, 2.0), "float64"),
    ("conv-grouped", "conv", (8, 2, 3, 3), 4, True, 1e-5, (0.5, 2.0), "float64"),
    ("conv-depthwise", "conv", (6, 1, 3, 3), 6, False, 1e-5, (0.5, 2.0), "float64"),
    ("conv-large-eps", "conv", (6, 6, 3, 3), 1, True, 0.5, (0.1, 0.5), "float64"),
    ("conv-strided", "conv", (4, 3, 3, 3), 1, False, 1e-5, (0.5, 2.0), "float64", 2, 0, 1),
    ("conv-dilated", "conv", (4, 4, 3, 3), 2, True, 1e-5, (0.5, 2.0), "float64", 1, 2, 2),
    ("linear", "linear", (5, 5), 1, True, 1e-5, (0.5, 2.0), "float64"),
    ("linear-no-bias", "linear", (4, 7), 1, False, 1e-5, (0.5, 2.0), "float64"),
    ("linear-tiny-variance", "linear", (5, 5), 1, True, 1e-5, (1e-5, 1e-4), "float64"),
    ("conv-float32", "conv", (6, 6, 3, 3), 1, True, 1e-3, (0.5, 2.0), "float32"),
)
TOLERANCE = {"float64": 1e-9, "float32": 1e-4}
MODULE = ("fuse_conv_bn", "fuse_linear_bn")  # the module form's functions


def scenarios(devices: tuple[str, ...], edition: Edition) -> list[Scenario]:
    """The battery; each case is one call, whose args (layer, groups, eps) reach the child too."""
    found = [_case(seed, *case) for seed, case in enumerate(_CASES, 1)]
    if "cuda" in devices:
        cuda = _case(99, "cuda-float32", "conv", (6, 6, 3, 3), 1, True, 1e-5, (0.5, 2.0), "float32")
        found.append(replace(cuda, device="cuda", about=cuda.about + " cuda"))
    return found


def _case(
    seed: int,
    id: str,
    layer: str,
    shape: tuple[int, ...],
    groups: int,
    bias: bool,
    eps: float,
    var: tuple[float, float],
    dtype: str,
    stride: int = 1,
    padding: int = 1,
    dilation: int = 1,
) -> Scenario:
    args = {"layer": layer, "groups": groups, "eps": eps, "stride": stride, "padding": padding}
    args["dilation"] = dilation
    about = f"{layer} {shape}" + (f" groups={groups}" if groups > 1 else "") + ("" if bias else " bias=None")
    about += "".join(f" {key}={args[key]}" for key in ("stride", "dilation") if args[key] != 1)
    about += f" padding={padding}" if layer == "conv" and padding != 1 else ""
    about += f" eps={eps:g}" + (" f32" if dtype == "float32" else "")
    params = {"seed": seed, "bias": bias, "var": var, **args}
    return Scenario(id, shape, (Step("fold", args),), dtype, "cpu", params, about)


def inputs(scenario: Scenario, edition: Edition) -> list[Arrays]:
    import numpy as np

    p, dtype = scenario.params, scenario.dtype
    rng = np.random.default_rng(p["seed"])
    out_channels, in_per_group = scenario.shape[0], scenario.shape[1]
    arrays = {
        "weight": rng.standard_normal(scenario.shape) * 0.5,
        "bn_weight": rng.uniform(0.5, 1.5, out_channels) * rng.choice([-1.0, 1.0], out_channels),
        "bn_bias": rng.uniform(-1.0, 1.0, out_channels),
        "running_mean": rng.uniform(-2.0, 2.0, out_channels),
        "running_var": rng.uniform(float(p["var"][0]), float(p["var"][1]), out_channels),
    }
    if p["bias"]:
        arrays["bias"] = rng.uniform(-1.0, 1.0, out_channels)
    channels = in_per_group * p["groups"]
    arrays["x"] = rng.standard_normal((2, channels, 7, 6) if p["layer"] == "conv" else (3, channels))
    return [{name: (value.astype(dtype).astype(np.float64), dtype) for name, value in arrays.items()}]


def quantities(scenario: Scenario, index: int, present: frozenset[str]) -> list[Quantity]:
    """The fold, the folded layer's output and the inputs; in the module form, for a
    convolution, also whether the fused layer kept the original's stride, padding, dilation
    and groups."""
    tol = TOLERANCE[scenario.dtype]
    layout = [
        Quantity(
            "layout",
            "layer",
            "layer",
            N_("fused layer's settings (stride, padding, dilation, groups)"),
            "flag",
        )
    ]
    return [
        *(layout if MODULE[0] in present and scenario.params["layer"] == "conv" else []),
        Quantity("weight", "weight", "fold", "weight", "close", tol),
        Quantity("bias", "bias", "fold", "bias", "close", tol),
        Quantity("y", "output", "fold", N_("folded layer's output"), "close", tol),
        *(Quantity(f"{name}_after", "input", "input", name, "same") for name in GIVEN),
    ]


def mistakes(edition: Edition) -> tuple[Mistake, ...]:
    return (
        Mistake("fold-bias-dropped", "fold", (("fold.bias", "dropped"),)),
        Mistake("fold-bias-unscaled", "fold", (("fold.bias", "unscaled"),)),
        Mistake("fold-eps-missing", "fold", (("fold.eps", "missing"),)),
        Mistake("fold-variance-for-std", "fold", (("fold.eps", "variance"),)),
        Mistake("fold-scale-input-channels", "fold", (("fold.axis", "input"),), reshapes=True),
        Mistake("fold-mean-not-subtracted", "fold", (("fold.mean", "ignored"),)),
        Mistake("fold-beta-dropped", "fold", (("fold.beta", "dropped"),)),
        *(
            Mistake("fold-no-bias-parameter", "fold", (("fold.bias", "none"), *only))
            for only in ((), (("fold.bias_in", "conv"),), (("fold.bias_in", "linear"),))
        ),
        *(
            Mistake(f"fold-{key}-lost", "layer", (("fold.lost", key),), reshapes=key == "groups")
            for key in LAYOUT
        ),
        # the folded depthwise weight copied (broadcast) into a rebuilt groups=1 layer
        Mistake(
            "fold-groups-lost", "fold", (("fold.lost", "groups"), ("fold.copy", "broadcast")), reshapes=True
        ),
    )


def form(signatures: Mapping[str, list[str]]) -> str | None:
    """The calling form: "module" where the file defines fuse_conv_bn or fuse_linear_bn (then
    both are graded), else "plain" (fold_bn)."""
    if any(name in signatures for name in MODULE):
        return "module"
    return "plain" if "fold_bn" in signatures else None


CONVENTIONS = (
    N_("eval-mode BN: (z − running_mean)/√(running_var + ε)·γ + β on each OUTPUT channel z"),
    N_("the weight is scaled per output channel (dim 0), for convolutions and linear layers alike"),
    N_("the bias becomes (bias − running_mean)·γ/√(running_var + ε) + β; a missing bias counts as 0"),
    N_("grouped and depthwise convolutions fold exactly as plain ones"),
    N_("new tensors with the weight's dtype and device; the arguments are never modified"),
    N_("fuse_conv_bn returns a new nn.Conv2d with the original's stride, padding, dilation and groups"),
)

DRILL = Drill(
    name="fold",
    title=N_("fold BN into the layer before it"),
    asks=(
        "fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps) -> (weight, bias); "
        "or fuse_conv_bn(conv, bn) -> nn.Conv2d and fuse_linear_bn(linear, bn) -> nn.Linear"
    ),
    framework="torch",
    functions=("fold_bn",),
    optional=(),
    starter_name="bn_fold.py",
    blind=BLIND,
    hints=(
        N_(
            "In eval mode BN is a per-channel affine map on the layer's OUTPUT: y = z·s + t with "
            "s = γ/√(running_var + ε) and t = β − running_mean·s."
        ),
        N_(
            "Scale each output filter: weight * s.view(-1, 1, 1, 1) for a convolution, "
            "weight * s.view(-1, 1) for a linear layer (dim 0 is the output channel, groups or not)."
        ),
        N_("The new bias is (bias − running_mean)·s + β, with bias = 0 when the layer has none."),
    ),
    editions=(Edition("", N_("eval-mode BatchNorm after a layer"), CONVENTIONS, "", STARTER),),
    paths=(
        Path("layer", N_("fused layer")),
        Path("fold", N_("fold"), depends=("layer",)),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.fusion:call",
    scenarios=scenarios,
    inputs=inputs,
    quantities=quantities,
    predict=predict,
    mistakes=mistakes,
    form=form,
    texts=TEXTS,
    requires={"module": MODULE},
)
