"""In the child: the per-sample norms' caller. One call of F.layer_norm's, F.group_norm's or
F.rms_norm's contract, then autograd's backward for an upstream gradient.

Runs in the sandboxed child beside the user's code: it imports nothing but the standard library
and bnquiz's own pure-Python parts (NumPy and torch come through the kit).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

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
    """In the child: one call of F.layer_norm's, F.group_norm's or F.rms_norm's contract, then
    autograd's backward for an upstream gradient dy."""
    args, device = scenario["steps"][index]["args"], scenario["device"]
    grad = args["backward"]
    given = {
        name: kit.tensor(inputs[name], device, grad) for name in ("x", "weight", "bias") if name in inputs
    }
    x, weight, bias = given["x"], given.get("weight"), given.get("bias")
    kind, size, eps = args["kind"], args["size"], args["eps"]
    shape = tuple(x.shape[x.dim() - size :])
    if kind == "layer":
        y, what = module.layer_norm(x, shape, weight, bias, eps), N_("layer_norm's result")
    elif kind == "group":
        y, what = module.group_norm(x, size, weight, bias, eps), N_("group_norm's result")
    else:
        y, what = module.rms_norm(x, shape, weight, eps), N_("rms_norm's result")
    outputs = {"y": kit.array(y, what)}
    outputs.update({f"{name}_after": kit.array(value) for name, value in given.items()})
    if grad:
        outputs.update(kit.backward(y, inputs["dy"], {"d" + name: value for name, value in given.items()}))
    return outputs, kit.where(y)
