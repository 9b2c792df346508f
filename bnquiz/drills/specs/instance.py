"""In the child: the `module` drill's caller. One instance of the user's BatchNorm2d is carried
through a scenario's steps: made, trained, evaluated, moved with .double() or .cuda(), compared
with nn.BatchNorm2d's state_dict and loaded from it.

Runs in the sandboxed child beside the user's code.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bnquiz.drills.specs.layout import (
    ABSENT,
    BUFFER,
    ENTRIES,
    FROZEN,
    OTHER,
    PARAMETER,
    STATE,
    TENSOR,
)
from bnquiz.language import N_

if TYPE_CHECKING:
    from bnquiz.drills.runner import Kit

_KEYWORDS = {"eps": 1e-5, "momentum": 0.1, "affine": True, "track_running_stats": True}


def call(
    module: ModuleType,
    form: str,
    scenario: dict[str, Any],
    index: int,
    inputs: dict[str, Any],
    state: dict[str, Any],
    kit: Kit,
) -> tuple[dict[str, Any], dict[str, str]]:
    """One step on the scenario's module instance."""
    torch, step = kit.torch, scenario["steps"][index]
    kind, options = step["kind"], step["args"]["options"]
    found: dict[str, Any] = {}
    notes: dict[str, str] = {}
    if kind == "make":
        given = {**options, "track_running_stats": options["track"]}
        changed = {key: given[key] for key, default in _KEYWORDS.items() if given[key] != default}
        state["m"] = module.BatchNorm2d(step["args"]["channels"], **changed)
        found["kinds"] = kit.np.array([_kind(torch, state["m"], name) for name in ENTRIES])
    m = state["m"]
    if kind in ("train", "eval"):
        found, notes = _forward(kit, m, kind == "train", scenario["device"], inputs)
    elif kind == "load":
        found["compat"] = kit.np.array(_compatibility(torch, m, options, step["args"]["channels"], inputs))
    elif kind == "set":
        _write(torch, m, inputs)
    elif kind in ("double", "cuda"):
        if kind == "double":
            m.double()
        else:
            m.cuda()
        found["moved"] = kit.np.array([_moved(torch, getattr(m, name, None), kind) for name in ENTRIES[:4]])
    found.update(_state(kit, m))
    return found, notes


def _forward(
    kit: Kit, m: Any, training: bool, device: str, inputs: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """m.train() or m.eval(), then m(x); in training also the gradients of Σ y·dy."""
    m.train(training)
    x = kit.tensor(inputs["x"], device, grad="dy" in inputs)
    leaves = {"dx": x}
    for key, name in (("dweight", "weight"), ("dbias", "bias")):
        value = getattr(m, name, None)
        if isinstance(value, kit.torch.Tensor):
            value.grad = None
            leaves[key] = value
    y = m(x)
    found: dict[str, Any] = {"y": kit.array(y, N_("your module's output"))}
    if "dy" in inputs:
        grads = kit.backward(y, inputs["dy"], leaves)
        found.update({key: value if key == "dx" else _flat(kit, value) for key, value in grads.items()})
    found["x_after"] = kit.array(x)
    return found, kit.where(y)


def _write(torch: Any, m: Any, inputs: dict[str, Any]) -> None:
    """A trained module's γ, β and running statistics, written into the module's own tensors."""
    with torch.no_grad():
        for name, entry in zip(STATE[:4], ENTRIES[:4], strict=True):
            target = getattr(m, entry, None)
            if isinstance(target, torch.Tensor) and f"set_{name}" in inputs:
                value = torch.from_numpy(inputs[f"set_{name}"])
                target.copy_(value.reshape(target.shape).to(target.dtype))


def _state(kit: Kit, m: Any) -> dict[str, Any]:
    """γ, β and the running statistics, flattened (their layout is judged apart), and
    num_batches_tracked; NaN for what the module does not have."""
    found = {}
    for name, entry in zip(STATE, ENTRIES, strict=True):
        value = getattr(m, entry, None)
        if isinstance(value, kit.torch.Tensor):
            found[name] = kit.array(value.detach().reshape(-1).double())
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found[name] = kit.np.array([float(value)])
        else:
            found[name] = kit.np.array([math.nan])
    return found


def _kind(torch: Any, m: Any, name: str) -> int:
    value = getattr(m, name, None)
    if value is None:
        return ABSENT
    if any(n == name for n, _ in m.named_parameters(recurse=False)):
        return PARAMETER
    if any(n == name for n, _ in m.named_buffers(recurse=False)):
        return BUFFER
    if isinstance(value, torch.Tensor):
        return TENSOR if value.requires_grad else FROZEN
    return OTHER


def _compatibility(
    torch: Any, m: Any, options: dict[str, Any], channels: int, inputs: dict[str, Any]
) -> list[bool]:
    """The user's state_dict against nn.BatchNorm2d's, then loaded both ways (strict)."""

    def reference() -> Any:
        return torch.nn.BatchNorm2d(
            channels,
            eps=options["eps"],
            momentum=options["momentum"],
            affine=options["affine"],
            track_running_stats=options["track"],
        )

    mine, theirs = m.state_dict(), reference().state_dict()
    common = set(mine) & set(theirs)
    shapes = [
        key not in common or tuple(getattr(mine[key], "shape", ())) == tuple(theirs[key].shape)
        for key in ENTRIES[:4]
    ]
    dtypes = all(getattr(mine[k], "dtype", None) == theirs[k].dtype for k in common)
    into = _loads(reference(), mine)
    source = reference()
    with torch.no_grad():
        for name, entry in zip(STATE, ENTRIES, strict=True):
            target = getattr(source, entry, None)
            if target is not None and f"ref_{name}" in inputs:
                target.copy_(torch.from_numpy(inputs[f"ref_{name}"]).reshape(target.shape))
    return [set(mine) == set(theirs), *shapes, dtypes, into, _loads(m, source.state_dict())]


def _loads(target: Any, state: Any) -> bool:
    try:
        target.load_state_dict(state)
    except Exception:  # the mismatch is the finding; what was raised is not
        return False
    return True


def _moved(torch: Any, value: Any, kind: str) -> bool:
    if not isinstance(value, torch.Tensor):
        return True
    return bool(value.dtype == torch.float64 if kind == "double" else value.device.type == "cuda")


def _flat(kit: Kit, value: Any) -> Any:
    return value.reshape(-1) if isinstance(value, kit.np.ndarray) else value
