"""The batch-norm batteries' building blocks: scenarios written as their calls, numbered and
described, and the arrays each call receives.

Random γ and β, non-zero means and non-trivial running statistics everywhere
(research/bn-semantics.md §6–8): typical inputs hide most mistakes. NumPy loads only when a
battery's arrays are built.
"""

from __future__ import annotations

from dataclasses import replace

from bnquiz.drills.spec import Array, Arrays, Scenario, Step
from bnquiz.drills.specs.contract import Names
from bnquiz.language import N_, _

_SHORT = {"float64": "f64", "float32": "f32", "float16": "f16"}
_KINDS = (N_("train"), N_("eval"))  # the kinds of call: translated where a case is described


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
        args = {"training": kind == "train", "momentum": momentum, "eps": eps, "backward": bool(grad)}
        steps.append(Step(kind, args))
    params = {
        "mean": mean,
        "std": std,
        "affine": affine,
        "constant_channel": constant_channel,
        "dead_channel": dead_channel,
    }
    return Scenario(id, shape, tuple(steps), dtype, device, params, "", probe, info)


def probe(shape: tuple[int, ...]) -> Scenario:
    """The naive-variance probe: float32 at |mean|/std = 1000, where E[x²] − E[x]² cancels."""
    return scenario(
        "probe-float32", shape, "train", dtype="float32", mean=1000.0, std=1.0, probe="naive-variance"
    )


def on_cuda(shape: tuple[int, ...], float32_calls: str) -> list[Scenario]:
    """The CUDA cases: float32 with these calls (eps and momentum set), then float16 in AMP's
    layout, trained and then evaluated."""
    return [
        scenario(
            "cuda-float32",
            shape,
            float32_calls,
            dtype="float32",
            device="cuda",
            mean=1.0,
            std=1.0,
            eps=0.5,
            momentum=0.3,
        ),
        scenario("cuda-float16", shape, "train,eval", dtype="float16", device="cuda", mean=1.0, std=1.0),
    ]


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
    parts += _specials(s)
    if len(s.steps) == 1:
        mode = _("train") if args["training"] else _(names.eval_mode)
        parts.append(_("{mode} + backward").format(mode=mode) if args["backward"] else mode)
    return " ".join(parts)


def _specials(s: Scenario) -> list[str]:
    """What sets the scenario's data apart from the usual."""
    params = s.params
    found = []
    if params["std"] < 0.01:
        found.append(f"std={params['std']:g}")
    if s.probe:
        found.append(f"mean/std={params['mean'] / params['std']:g}")
    if params["constant_channel"]:
        found.append(_("a constant channel"))
    if params["dead_channel"]:
        found.append(_("a zero running_var"))
    if not params["affine"]:
        found.append("weight=bias=None")
    return found


def inputs(s: Scenario, layout: str) -> list[Arrays]:
    """Each call's arrays, drawn from the scenario's seed in float64 and rounded through the
    dtype the submission receives, so the reference sees exactly what the submission does.
    `layout` shapes the per-channel arrays: "keepdim" (1, C, 1, 1), else (C,)."""
    import numpy as np

    rng = np.random.default_rng(s.params["seed"])
    channels = s.shape[1]
    mean, std = s.params["mean"], s.params["std"]
    params = "float32" if s.dtype == "float16" else s.dtype  # γ, β and the running statistics: AMP's layout
    placed = (1, channels, *([1] * (len(s.shape) - 2))) if layout == "keepdim" else (channels,)

    def per_channel(values: Array) -> tuple[Array, str]:
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


def _round(values: Array, dtype: str) -> Array:
    return values.astype(dtype).astype("float64")
