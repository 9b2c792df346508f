"""The `fold` drill: fold an eval-mode BatchNorm into the convolution or linear layer before it.

One spec: contract, starter, hints, battery, reference, observable mistakes and the child-side
caller. The user's `fold_bn` returns a weight and a bias; the child also runs the folded layer
on an input, so a fold is judged as a layer, the way it will be used.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bnquiz.drills.catalog.entry import Text
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
from bnquiz.drills.specs.folding import GIVEN, predict
from bnquiz.language import N_

if TYPE_CHECKING:
    from bnquiz.drills.runner import Kit

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
''')

# id, layer, weight shape, groups, has a bias, eps, running_var range, dtype
_CASES = (
    ("conv", "conv", (6, 6, 3, 3), 1, True, 1e-5, (0.5, 2.0), "float64"),
    ("conv-no-bias", "conv", (6, 6, 3, 3), 1, False, 1e-5, (0.5, 2.0), "float64"),
    ("conv-wide", "conv", (8, 3, 3, 3), 1, True, 1e-5, (0.5, 2.0), "float64"),
    ("conv-grouped", "conv", (8, 2, 3, 3), 4, True, 1e-5, (0.5, 2.0), "float64"),
    ("conv-depthwise", "conv", (6, 1, 3, 3), 6, False, 1e-5, (0.5, 2.0), "float64"),
    ("conv-large-eps", "conv", (6, 6, 3, 3), 1, True, 0.5, (0.1, 0.5), "float64"),
    ("linear", "linear", (5, 5), 1, True, 1e-5, (0.5, 2.0), "float64"),
    ("linear-no-bias", "linear", (4, 7), 1, False, 1e-5, (0.5, 2.0), "float64"),
    ("linear-tiny-variance", "linear", (5, 5), 1, True, 1e-5, (1e-5, 1e-4), "float64"),
    ("conv-float32", "conv", (6, 6, 3, 3), 1, True, 1e-3, (0.5, 2.0), "float32"),
)
TOLERANCE = {"float64": 1e-9, "float32": 1e-4}


def scenarios(devices: tuple[str, ...], edition: Edition) -> list[Scenario]:
    """The battery; each case is one call, whose args (layer, groups, eps) reach the child too."""
    found = [_case(seed, *case) for seed, case in enumerate(_CASES, 1)]
    if "cuda" in devices:
        found.append(_case(99, "cuda", "conv", (6, 6, 3, 3), 1, True, 1e-5, (0.5, 2.0), "float32", "cuda"))
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
    device: str = "cpu",
) -> Scenario:
    args = {"layer": layer, "groups": groups, "eps": eps}
    about = f"{layer} {shape}" + (f" groups={groups}" if groups > 1 else "") + ("" if bias else " bias=None")
    about += f" eps={eps:g}" + (" f32" if dtype == "float32" else "") + (" cuda" if device == "cuda" else "")
    params = {"seed": seed, "bias": bias, "var": var, **args}
    return Scenario(id, shape, (Step("fold", args),), dtype, device, params, about)


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
    arrays["x"] = rng.standard_normal((2, channels, 5, 4) if p["layer"] == "conv" else (3, channels))
    return [{name: (value.astype(dtype).astype(np.float64), dtype) for name, value in arrays.items()}]


def quantities(scenario: Scenario, index: int, present: frozenset[str]) -> list[Quantity]:
    tol = TOLERANCE[scenario.dtype]
    return [
        Quantity("weight", "weight", "fold", "weight", "close", tol),
        Quantity("bias", "bias", "fold", "bias", "close", tol),
        Quantity("y", "output", "fold", N_("the folded layer's output"), "close", tol),
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
    )


def form(signatures: Mapping[str, list[str]]) -> str | None:
    return "plain" if "fold_bn" in signatures else None


def call(
    module: ModuleType,
    form: str,
    scenario: dict[str, Any],
    index: int,
    inputs: dict[str, Any],
    state: dict[str, Any],
    kit: Kit,
) -> tuple[dict[str, Any], dict[str, str]]:
    """In the child: the user's fold, then the folded layer run on `x`."""
    device, p = scenario["device"], scenario["steps"][index]["args"]
    given = {name: kit.tensor(value, device) for name, value in inputs.items()}
    args = [given.get(name) for name in ("weight", "bias", "bn_weight", "bn_bias")]
    args += [given["running_mean"], given["running_var"], p["eps"]]
    weight, bias = kit.unpack(module.fold_bn(*args), 2, "(weight, bias)")
    outputs: dict[str, Any] = {
        "weight": kit.array(weight, N_("the folded weight")),
        "bias": kit.array(bias, N_("the folded bias")),
    }
    functional = kit.torch.nn.functional
    try:
        x = given["x"]
        y = (
            functional.conv2d(x, weight, bias, padding=weight.shape[-1] // 2, groups=p["groups"])
            if p["layer"] == "conv"
            else functional.linear(x, weight, bias)
        )
        outputs["y"] = kit.array(y)
    except Exception as exc:  # a weight of the wrong shape: the layer cannot run
        outputs["y"] = kit.failure(exc)
    outputs.update({f"{name}_after": kit.array(given[name]) for name in GIVEN})
    return outputs, kit.where(weight)


CONVENTIONS = (
    N_("eval-mode BN: (z − running_mean)/√(running_var + ε)·γ + β on each OUTPUT channel z"),
    N_("the weight is scaled per output channel (dim 0), for convolutions and linear layers alike"),
    N_("the bias becomes (bias − running_mean)·γ/√(running_var + ε) + β; a missing bias counts as 0"),
    N_("grouped and depthwise convolutions fold exactly as plain ones"),
    N_("new tensors with the weight's dtype and device; the arguments are never modified"),
)

TEXTS = {
    "fold-bias-dropped": Text(
        N_("you dropped the layer's own bias{where}"),
        N_(
            "The layer's bias b is added before BN, so it goes through BN's affine map like the rest "
            "of the channel: the folded bias is (b − μ)·γ/σ + β. Leaving b out is right only for "
            "a layer built with bias=False."
        ),
        N_("Start from the layer's bias (zeros when it is None) and fold it with the mean."),
    ),
    "fold-bias-unscaled": Text(
        N_("you added the layer's bias without scaling it by γ/σ{where}"),
        N_(
            "BN scales everything that reaches it, the layer's bias included: b′ = (b − μ)·γ/σ + β, "
            "not b − μ·γ/σ + β."
        ),
        N_("Subtract the running mean from the bias first, then multiply by γ/σ and add β."),
    ),
    "fold-eps-missing": Text(
        N_("you left eps out{where}"),
        N_(
            "BN divides by √(running_var + ε), so the fold must too: without ε a channel whose "
            "running variance is near ε comes out scaled by up to √(1 + ε/var) too much."
        ),
        N_("Use σ = sqrt(running_var + eps), with the eps you are given."),
    ),
    "fold-variance-for-std": Text(
        N_("you divided by the variance where the standard deviation belongs{where}"),
        N_(
            "BN divides by σ = √(running_var + ε), not by running_var + ε: every channel whose "
            "variance is not 1 comes out scaled wrongly."
        ),
        N_("Take the square root: scale = gamma / sqrt(running_var + eps)."),
    ),
    "fold-scale-input-channels": Text(
        N_("you scaled the weight along its input channels{where}"),
        N_(
            "A BN after the layer rescales the layer's OUTPUT channels, so filter o (row o of a "
            "linear weight) must be multiplied by scale[o], along dim 0. Scaling along dim 1 is the "
            "fold for a BN before the layer; with as many input as output channels it even runs."
        ),
        N_("Reshape the scale to (C_out, 1, 1, 1) for a convolution, (C_out, 1) for a linear layer."),
    ),
    "fold-mean-not-subtracted": Text(
        N_("you did not subtract the running mean{where}"),
        N_("BN subtracts running_mean before scaling: the folded bias is (b − μ)·γ/σ + β, not b·γ/σ + β."),
        N_("Fold the mean into the bias: (bias − running_mean) * scale + bn_bias."),
    ),
    "fold-beta-dropped": Text(
        N_("you left out BN's shift β{where}"),
        N_("BN ends by adding β to each channel, so the folded bias must end with + β."),
        N_("Add bn_bias to the folded bias."),
    ),
}

DRILL = Drill(
    name="fold",
    title=N_("fold BN into the layer before it"),
    asks="fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps) -> (weight, bias)",
    framework="torch",
    functions=("fold_bn",),
    optional=(),
    starter_name="bn_fold.py",
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
    paths=(Path("fold", N_("fold")), Path("input", N_("inputs"))),
    caller="bnquiz.drills.specs.fold:call",
    scenarios=scenarios,
    inputs=inputs,
    quantities=quantities,
    predict=predict,
    mistakes=mistakes,
    form=form,
    texts=TEXTS,
)
