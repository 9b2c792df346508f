"""What the batch-norm specs (forward, d2l, cs231n) share: the battery's building blocks, the
tolerances, the quantities each call is judged on, and the reference with carried state.

Cheap to import (NumPy and the numerics load only when a battery's arrays are built or judged).
Random γ and β, non-zero means and non-trivial running statistics everywhere
(research/bn-semantics.md §6–8): typical inputs hide most mistakes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bnquiz.drills.spec import Knobs, Quantity, Scenario, Step

# |got − expected| ≤ tol + tol·|expected|; float32 holds for correct code at |mean|/std ≤ 30
TOLERANCE = {"float64": 1e-6, "float32": 1e-4, "float16": 1e-2}
PROBE_TOLERANCE = 5e-3  # float32 at |mean|/std = 1000: correct ≤ 9e-4, naive ≥ 4e-2
GRAD_TOLERANCE = {"float64": 1e-8, "float32": 1e-4, "float16": 5e-2}  # normwise relative
_SHORT = {"float64": "f64", "float32": "f32", "float16": "f16"}


@dataclass(frozen=True)
class Convention:
    """The rules a batch-norm drill grades its running statistics by."""

    momentum_weights_new: bool  # PyTorch and the current d2l: True; CS231n and the classic d2l: False
    running_var_unbiased: bool  # PyTorch: True; CS231n and d2l: False
    layout: str  # the running statistics' shape: "squeezed" (C,) or "keepdim" (1, C, 1, 1)
    in_place: bool  # the running statistics are the caller's buffers (their shape cannot change)


@dataclass(frozen=True)
class Names:
    """The drill's own names for what a call returns (for the report)."""

    y: str
    running_mean: str
    running_var: str
    x: str
    weight: str
    bias: str
    dx: str
    dweight: str
    dbias: str
    eval_mode: str = "eval"  # what the drill calls eval mode ("test" for CS231n)


def scenario(
    id: str,
    shape: tuple[int, ...],
    calls: str,
    *,
    dtype: str = "float64",
    device: str = "cpu",
    eps: float = 1e-5,
    momentum: float | None = None,
    mean: float = 3.0,
    std: float = 2.0,
    affine: bool = True,
    constant_channel: bool = False,
    dead_channel: bool = False,
    probe: str = "",
    info: bool = False,
) -> Scenario:
    """A scenario from its calls: "train", "eval+grad", "train,train,eval" (state carried)."""
    steps = []
    for call in calls.split(","):
        kind, _, grad = call.partition("+")
        checks = ("output", "running", "input") + (("grads",) if grad else ())
        args = {"training": kind == "train", "momentum": momentum, "eps": eps, "backward": bool(grad)}
        steps.append(Step(kind, checks, args))
    params = {
        "mean": mean,
        "std": std,
        "affine": affine,
        "constant_channel": constant_channel,
        "dead_channel": dead_channel,
    }
    return Scenario(id, shape, tuple(steps), dtype, device, params, "", probe, info)


def numbered(scenarios: list[Scenario], momentum: float, names: Names) -> list[Scenario]:
    """Give each scenario its seed, the drill's usual momentum where none was set, and its
    short description."""
    done = []
    for index, s in enumerate(scenarios):
        steps = tuple(
            replace(step, args={**step.args, "momentum": step.args["momentum"] or momentum})
            for step in s.steps
        )
        s = replace(s, steps=steps, params={**s.params, "seed": 1000 + index})
        done.append(replace(s, about=_about(s, momentum, names)))
    return done


def _about(s: Scenario, momentum: float, names: Names) -> str:
    """Short enough for a table column: "(3, 4, 5, 6) f32 eps=0.5 m=0.3 train + backward"."""
    args = s.steps[0].args
    parts = [str(s.shape), _SHORT[s.dtype]]
    if s.device != "cpu":
        parts.append(s.device)
    if args["eps"] != 1e-5:
        parts.append(f"eps={args['eps']:g}")
    if args["momentum"] != momentum:
        parts.append(f"m={args['momentum']:g}")
    if s.params["std"] < 0.01:
        parts.append(f"std={s.params['std']:g}")
    if s.probe:
        parts.append(f"mean/std={s.params['mean'] / s.params['std']:g}")
    if s.params["constant_channel"]:
        parts.append("a constant channel")
    if s.params["dead_channel"]:
        parts.append("a zero running_var")
    if not s.params["affine"]:
        parts.append("weight=bias=None")
    if len(s.steps) == 1:
        step = s.steps[0]
        parts.append(
            ("train" if step.args["training"] else names.eval_mode)
            + (" + backward" if step.args["backward"] else "")
        )
    return " ".join(parts)


def inputs(s: Scenario, layout: str) -> list[dict[str, tuple[Any, str]]]:
    """Each call's arrays, drawn from the scenario's seed in float64 and rounded through the
    dtype the submission receives, so the reference sees exactly what the submission does.
    `layout` shapes the per-channel arrays: "flat" (C,) or "keepdim" (1, C, 1, 1)."""
    import numpy as np

    rng = np.random.default_rng(s.params["seed"])
    channels = s.shape[1]
    mean, std = s.params["mean"], s.params["std"]
    params = "float32" if s.dtype == "float16" else s.dtype  # γ, β and the running statistics: AMP's layout
    placed = (1, channels, *([1] * (len(s.shape) - 2))) if layout == "keepdim" else (channels,)

    def per_channel(values: Any) -> tuple[Any, str]:
        return _round(values, params).reshape(placed), params

    weight = per_channel(rng.uniform(0.5, 2.0, channels))
    bias = per_channel(rng.uniform(-1.0, 1.0, channels))
    running_var = std**2 * rng.uniform(0.5, 2.0, channels)
    if s.params["dead_channel"]:
        running_var[1] = 0.0  # a channel that was constant all through training: ε alone divides
    first = {
        "running_mean": per_channel(mean + rng.uniform(-1.0, 1.0, channels) * max(std, 1.0)),
        "running_var": per_channel(running_var),
    }
    calls = []
    for index, step in enumerate(s.steps):
        x = mean + std * rng.standard_normal(s.shape)
        if s.params["constant_channel"]:
            x[:, 1] = mean + 0.5  # a dead ReLU map: zero variance, so ε alone keeps x̂ finite
        arrays = {"x": (_round(x, s.dtype), s.dtype)}
        if step.args["backward"]:
            arrays["dy"] = (_round(rng.standard_normal(s.shape), s.dtype), s.dtype)
        if s.params["affine"]:
            arrays.update(weight=weight, bias=bias)
        calls.append({**(first if index == 0 else {}), **arrays})
    return calls


def _round(values: Any, dtype: str) -> Any:
    return values.astype(dtype).astype("float64")


def quantities(s: Scenario, index: int, names: Names, alt: str = "") -> list[Quantity]:
    """What one call is judged on. `alt`: the label of a second backward to grade ("" if none)."""
    step = s.steps[index]
    tol = PROBE_TOLERANCE if s.probe else TOLERANCE[s.dtype]
    grad_tol = GRAD_TOLERANCE[s.dtype]
    training = step.args["training"]
    mode = "train" if training else "eval"
    stats_path = "running" if training else "eval"
    found = [
        Quantity("y", "output", mode, names.y, "close", tol),
        Quantity("running_mean", "running", stats_path, names.running_mean, "close", tol),
        Quantity("running_var", "running", stats_path, names.running_var, "close", tol),
        Quantity("x_after", "input", "input", names.x, "same"),
    ]
    affine = s.params["affine"]
    if affine:
        found += [
            Quantity("weight_after", "input", "input", names.weight, "same"),
            Quantity("bias_after", "input", "input", names.bias, "same"),
        ]
    if step.args["backward"]:
        grads = [("dx", names.dx)] + ([("dweight", names.dweight), ("dbias", names.dbias)] if affine else [])
        found += [Quantity(key, "grads", "backward", label, "norm", grad_tol) for key, label in grads]
        if alt:
            found += [
                Quantity("alt_" + key, "grads-alt", "backward-alt", f"{label} ({alt})", "norm", grad_tol)
                for key, label in grads
            ]
    return found


_GRADS = {"backward": ("dx", "dweight", "dbias"), "backward-alt": ("alt_dx", "alt_dweight", "alt_dbias")}


def predict(
    s: Scenario,
    index: int,
    calls: list[dict[str, tuple[Any, str]]],
    previous: dict[str, Any] | None,
    knobs: Knobs,
    conv: Convention,
    names: tuple[str, ...],
) -> dict[str, Any] | None:
    """The reference for one call under the knobs (None: the knobs would have raised here)."""
    from bnquiz.drills import batchnorm

    step = s.steps[index]
    call = _call(s, index, calls, _state(s, index, calls, previous, conv))
    wanted = set(names)
    out: dict[str, Any] = {}
    path = "train" if call.training else "eval"
    if call.training and "running-updated" in (knobs.get("train.stats"), knobs.get("train.center")):
        moved = batchnorm.running(call, conv, knobs)
        if moved is None:
            return None
        call = replace(call, updated=(moved["running_mean"], moved["running_var"]))
    fwd = None
    if wanted - {"running_mean", "running_var", "x_after", "weight_after", "bias_after"}:
        fwd = batchnorm.forward(call, knobs, path)
        if fwd is None:
            return None
        out["y"] = fwd.y
    if wanted & {"running_mean", "running_var"}:
        if call.training or knobs.get("eval.updates"):
            moved = batchnorm.running(call, conv, knobs if call.training else {})
            if moved is None:
                return None
            out.update(moved)
        else:
            out.update(running_mean=call.running_mean, running_var=call.running_var)
    arrays = calls[index]
    for name in ("x", "weight", "bias"):
        if name + "_after" in wanted:
            out[name + "_after"] = arrays[name][0]
    if step.args["backward"]:
        for prefix, keys in _GRADS.items():
            if wanted & set(keys):
                assert fwd is not None
                grads = batchnorm.gradients(call, fwd, knobs, prefix)
                if grads is None:
                    return None
                for key, plain in zip(keys, _GRADS["backward"], strict=True):
                    if plain in grads:  # a parameter's gradient has the parameter's shape
                        shape = arrays["weight"][0].shape if plain != "dx" else call.x.shape
                        out[key] = grads[plain].reshape(shape)
    return out


def _call(s: Scenario, index: int, calls: list[dict[str, tuple[Any, str]]], state: tuple[Any, Any]) -> Any:
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
    s: Scenario,
    index: int,
    calls: list[dict[str, tuple[Any, str]]],
    previous: dict[str, Any] | None,
    conv: Any,
) -> tuple[Any, Any]:
    """The running statistics a call starts from: what the user's previous call left, when it
    has the right shape and is finite; else what a correct previous call would have left."""
    import numpy as np

    from bnquiz.drills import batchnorm

    mean, var = calls[0]["running_mean"][0], calls[0]["running_var"][0]
    if index == 0:
        return mean, var
    if previous is not None:
        got = previous.get("running_mean"), previous.get("running_var")
        if all(isinstance(v, np.ndarray) and v.shape == mean.shape and np.all(np.isfinite(v)) for v in got):
            return got[0].astype(np.float64), got[1].astype(np.float64)
    for earlier in range(index):
        call = _call(s, earlier, calls, (mean, var))
        if call.training:
            moved = batchnorm.running(call, conv, {})
            assert moved is not None
            mean, var = moved["running_mean"], moved["running_var"]
    return mean, var


def mistakes(conv: Any, ranks: tuple[int, ...], hand_written: bool, alt: bool) -> tuple[Any, ...]:
    """The catalogue as this drill can observe it, path by path."""
    from bnquiz.drills import batchnorm

    flat = conv.layout == "squeezed"
    found = batchnorm.forward_mistakes("train", ranks, flat) + batchnorm.forward_mistakes("eval", ranks, flat)
    found += batchnorm.running_mistakes(conv, ranks)
    found += batchnorm.backward_mistakes("backward", hand_written)
    if alt:
        found += batchnorm.backward_mistakes("backward-alt", hand_written)
    return tuple(found)


def batch_of_one(result: Any) -> str:
    """What the user's code does with one value per channel in training (reported, never failed)."""
    pytorch = "PyTorch raises ValueError: Expected more than 1 value per channel when training."
    lead = "Batch of one value per channel (training): "
    if result is None or result["status"] == "skipped":
        return f"{lead}not run. {pytorch}"
    if result["status"] == "error":
        error = result["error"]
        message = (error.get("message") or "").splitlines()
        return f"{lead}yours raised {error.get('type', '')}: {message[0] if message else ''}. {pytorch}"
    import numpy as np

    y = result["outputs"].get("y")
    finite = isinstance(y, np.ndarray) and bool(np.all(np.isfinite(y.astype(np.float64))))
    shown = "an output" + ("" if finite else " with NaN or infinity")
    return f"{lead}yours returned {shown}; the output is β for every input and γ gets no gradient. {pytorch}"
