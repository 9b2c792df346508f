"""The batch-norm reference for one call of a battery, with state carried as the user's code
carried it: a call starts from the running statistics the user's previous call left (when they
have the right shape and are finite), so one wrong update does not make every later call wrong.

NumPy and the numerics load only when the reference is computed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeGuard

from bnquiz.drills.spec import Array, Arrays, Knobs, Prediction, Scenario
from bnquiz.drills.specs.contract import Convention

if TYPE_CHECKING:
    from bnquiz.drills.batchnorm import Call, Forward
    from bnquiz.drills.results import Output, Outputs

_GRADS = {"backward": ("dx", "dweight", "dbias"), "backward-alt": ("alt_dx", "alt_dweight", "alt_dbias")}
_NOT_FORWARD = {"running_mean", "running_var", "x_after", "weight_after", "bias_after"}


def predict(
    s: Scenario,
    index: int,
    calls: list[Arrays],
    previous: Outputs | None,
    knobs: Knobs,
    conv: Convention,
    names: tuple[str, ...],
) -> Prediction | None:
    """The reference for one call under the knobs (None: the knobs would have raised here)."""
    from bnquiz.drills.batchnorm import forward

    call = updated_first(_call(s, index, calls, _state(s, index, calls, previous, conv)), conv, knobs)
    if call is None:
        return None
    wanted = set(names)
    out: Prediction = {}
    fwd = None
    if wanted - _NOT_FORWARD:
        fwd = forward(call, knobs, "train" if call.training else "eval")
        if fwd is None:
            return None
        out["y"] = fwd.y
    if wanted & {"running_mean", "running_var"}:
        moved = _running(call, conv, knobs)
        if moved is None:
            return None
        out.update(moved)
    arrays = calls[index]
    out.update(
        {f"{name}_after": arrays[name][0] for name in ("x", "weight", "bias") if f"{name}_after" in wanted}
    )
    if s.steps[index].args["backward"]:
        grads = _gradients(call, fwd, knobs, wanted, arrays)
        if grads is None:
            return None
        out.update(grads)
    return out


def updated_first(call: Call, conv: Convention, knobs: Knobs) -> Call | None:
    """A training forward that normalizes with the running statistics its own update left (code
    that updates first, then uses them) gets that update with its call."""
    from bnquiz.drills.batchnorm import running

    if not (call.training and "running-updated" in (knobs.get("train.stats"), knobs.get("train.center"))):
        return call
    moved = running(call, conv, knobs)
    if moved is None:
        return None
    return replace(call, updated=(moved["running_mean"], moved["running_var"]))


def _running(call: Call, conv: Convention, knobs: Knobs) -> Prediction | None:
    """The running statistics after the call: updated in training (and by an eval that updates
    them), else as they were."""
    from bnquiz.drills.batchnorm import running
    from bnquiz.drills.batchnorm.knobs import flag

    if call.training or flag(knobs, "eval.updates"):
        return running(call, conv, knobs if call.training else {})
    return {"running_mean": call.running_mean, "running_var": call.running_var}


def _gradients(
    call: Call, fwd: Forward | None, knobs: Knobs, wanted: set[str], arrays: Arrays
) -> Prediction | None:
    """The gradients of each backward asked for, each in the shape of what it is the gradient of."""
    from bnquiz.drills.batchnorm import gradients

    out: Prediction = {}
    for prefix, keys in _GRADS.items():
        if not wanted & set(keys):
            continue
        assert fwd is not None
        grads = gradients(call, fwd, knobs, prefix)
        if grads is None:
            return None
        for key, plain in zip(keys, _GRADS["backward"], strict=True):
            if plain in grads:
                shape = arrays["weight"][0].shape if plain != "dx" else call.x.shape
                out[key] = grads[plain].reshape(shape)
    return out


def _call(s: Scenario, index: int, calls: list[Arrays], state: tuple[Array, Array]) -> Call:
    from bnquiz.drills.batchnorm import Call

    arrays = {name: value for name, (value, _) in calls[index].items()}
    args = s.steps[index].args
    return Call(
        arrays["x"],
        arrays.get("weight"),
        arrays.get("bias"),
        state[0],
        state[1],
        args["training"],
        args["momentum"],
        args["eps"],
        arrays.get("dy"),
    )


def _state(
    s: Scenario, index: int, calls: list[Arrays], previous: Outputs | None, conv: Convention
) -> tuple[Array, Array]:
    """The running statistics a call starts from: what the user's previous call left, when it
    has the right shape and is finite; else what a correct previous call would have left."""
    from bnquiz.drills.batchnorm import running

    mean, var = calls[0]["running_mean"][0], calls[0]["running_var"][0]
    if index == 0:
        return mean, var
    if previous is not None:
        got_mean, got_var = previous.get("running_mean"), previous.get("running_var")
        if _usable(got_mean, mean) and _usable(got_var, mean):
            return got_mean.astype("float64"), got_var.astype("float64")
    for earlier in range(index):
        call = _call(s, earlier, calls, (mean, var))
        if call.training:
            moved = running(call, conv, {})
            assert moved is not None
            mean, var = moved["running_mean"], moved["running_var"]
    return mean, var


def _usable(value: Output | None, like: Array) -> TypeGuard[Array]:
    """Running statistics a call can start from: an array of the right shape, finite."""
    import numpy as np

    return isinstance(value, np.ndarray) and value.shape == like.shape and bool(np.all(np.isfinite(value)))
