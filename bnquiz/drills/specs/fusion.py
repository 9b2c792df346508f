"""In the child: the `fold` drill's caller, in either calling form.

The tensor form calls `fold_bn` and runs the folded weight and bias as the layer would; the
module form builds the layer and its eval-mode BatchNorm, calls `fuse_conv_bn` (or
`fuse_linear_bn`) and runs the module it returns, so a fused convolution rebuilt without its
stride, padding, dilation or groups shows. Runs in the sandboxed child beside the user's code.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from bnquiz.drills.specs.folding import GIVEN, LAYOUT
from bnquiz.language import N_

if TYPE_CHECKING:
    from bnquiz.drills.runner import Kit


def call(
    module: ModuleType,
    form: str,
    scenario: dict[str, Any],
    index: int,
    inputs: dict[str, Any],
    state: dict[str, Any],
    kit: Kit,
) -> tuple[dict[str, Any], dict[str, str]]:
    """One fold: the folded weight and bias, the folded layer's output on `x`, the inputs as
    the call left them (and, in the module form, whether the layer kept its attributes)."""
    device, p = scenario["device"], scenario["steps"][index]["args"]
    given = {name: kit.tensor(value, device) for name, value in inputs.items()}
    if form == "module":
        return _fused(module, p, given, kit)
    outputs, weight = _folded(module, p, given, kit)
    outputs.update({f"{name}_after": kit.array(given[name]) for name in GIVEN})
    return outputs, kit.where(weight)


def _folded(
    module: ModuleType, p: dict[str, Any], given: dict[str, Any], kit: Kit
) -> tuple[dict[str, Any], Any]:
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
        if p["layer"] == "conv":
            layout = {key: p[key] for key in LAYOUT}
            outputs["y"] = kit.array(functional.conv2d(x, weight, bias, **layout))
        else:
            outputs["y"] = kit.array(functional.linear(x, weight, bias))
    except Exception as exc:  # a weight of the wrong shape: the layer cannot run
        outputs["y"] = kit.failure(exc)
    return outputs, weight


def _fused(
    module: ModuleType, p: dict[str, Any], given: dict[str, Any], kit: Kit
) -> tuple[dict[str, Any], dict[str, str]]:
    """The module form: the original pair's tensors as the call left them are the inputs."""
    torch = kit.torch
    layer, bn = _pair(torch, p, given)
    fuse = module.fuse_conv_bn if p["layer"] == "conv" else module.fuse_linear_bn
    fused = kit.module(fuse(layer, bn), N_("the fused layer"))
    weight, bias = getattr(fused, "weight", None), getattr(fused, "bias", None)
    outputs: dict[str, Any] = {"weight": kit.array(weight, N_("the fused layer's weight"))}
    # a layer without a bias parameter adds nothing: its bias is zeros
    outputs["bias"] = kit.array(torch.zeros_like(given["bn_bias"]) if bias is None else bias)
    if p["layer"] == "conv":
        kept = [_setting(getattr(fused, key, None)) == _setting(getattr(layer, key)) for key in LAYOUT]
        outputs["layout"] = kit.np.array(kept)
    try:
        with torch.no_grad():
            outputs["y"] = kit.array(fused(given["x"]))
    except Exception as exc:  # a layer that cannot run on the input: its own path's error
        outputs["y"] = kit.failure(exc)
    originals = {"weight": layer.weight, "bn_weight": bn.weight, "bn_bias": bn.bias}
    originals.update(running_mean=bn.running_mean, running_var=bn.running_var)
    outputs.update({f"{name}_after": kit.array(originals[name]) for name in GIVEN})
    return outputs, kit.where(weight)


def _pair(torch: Any, p: dict[str, Any], given: dict[str, Any]) -> tuple[Any, Any]:
    """The original layer and its BatchNorm, in eval mode, holding the case's tensors."""
    weight, out_channels = given["weight"], given["weight"].shape[0]
    bias = "bias" in given
    if p["layer"] == "conv":
        layout = {key: p[key] for key in LAYOUT}
        in_channels = weight.shape[1] * p["groups"]
        layer = torch.nn.Conv2d(in_channels, out_channels, weight.shape[-1], bias=bias, **layout)
        bn = torch.nn.BatchNorm2d(out_channels, eps=p["eps"])
    else:
        layer = torch.nn.Linear(weight.shape[1], out_channels, bias=bias)
        bn = torch.nn.BatchNorm1d(out_channels, eps=p["eps"])
    layer, bn = layer.to(weight.device, weight.dtype), bn.to(weight.device, weight.dtype)
    with torch.no_grad():
        layer.weight.copy_(weight)
        if bias:
            layer.bias.copy_(given["bias"])
        for name, key in (("weight", "bn_weight"), ("bias", "bn_bias")):
            getattr(bn, name).copy_(given[key])
        for name in ("running_mean", "running_var"):
            getattr(bn, name).copy_(given[name])
    return layer.eval(), bn.eval()


def _setting(value: Any) -> Any:
    """An attribute as nn.Conv2d keeps it ((1, 1) and 1 mean the same)."""
    return tuple(value) if isinstance(value, tuple | list) else (value, value)
