"""The `module` drill: BatchNorm2d as an nn.Module, graded against nn.BatchNorm2d's behaviour.

Each scenario carries one instance of the user's class through its calls: made, trained for
several steps, switched to eval, moved with .double() (or .cuda()), its state_dict compared
with nn.BatchNorm2d's and loaded both ways. What the module registers (parameters, buffers) is a
path of its own, judged apart from the numerics; the numerics are judged on top of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bnquiz.drills.spec import Arrays, Drill, Edition, Mistake, Path, Quantity, Scenario, Step
from bnquiz.drills.specs.layout import PYTORCH, Options
from bnquiz.drills.specs.modulewords import BLIND, CONVENTIONS, HINTS, STARTER, TEXTS
from bnquiz.drills.specs.quantities import GRAD_TOLERANCE, TOLERANCE
from bnquiz.drills.specs.stepping import predict
from bnquiz.language import N_, _

SHAPE = (3, 4, 5, 6)  # every dimension distinct
_SHORT = {"float64": "f64", "float32": "f32"}


def scenarios(devices: tuple[str, ...], edition: Edition) -> list[Scenario]:
    found = [
        _case("fresh", "eval,train+,eval"),
        _case("defaults", "set,train+,train+,train+,eval,eval"),
        _case("eps-momentum", "set,eval,train+,train,eval", eps=0.5, momentum=0.3),
        _case("tiny-variance", "double,set,train+,eval", dtype="float64", std=1e-3),
        _case("w-equals-c", "set,train+,eval", shape=(2, 3, 4, 3)),
        _case("w-equals-c-eval", "set,eval", shape=(2, 4, 3, 4)),
        _case("eval-zero-running-var", "set,eval", dead=True),
        _case("momentum-none", "set,train,train,train,eval", momentum=None, option="momentum=None"),
        _case("no-affine", "set,train+,eval", affine=False, option="affine=False"),
        _case("no-tracking", "set,train+,eval", track=False, option="track_running_stats=False"),
        _case("state-dict", "load,eval,train+,eval"),
        _case("double", "double,set,train+,eval", dtype="float64"),
    ]
    if "cuda" in devices:
        found.append(_case("cuda-float32", "cuda,set,train+,eval", device="cuda"))
    return [_numbered(seed, s) for seed, s in enumerate(found, 1)]


def _case(
    id: str,
    calls: str,
    *,
    shape: tuple[int, ...] = SHAPE,
    dtype: str = "float32",
    device: str = "cpu",
    option: str = "",
    std: float = 2.0,
    dead: bool = False,
    **options: Any,
) -> Scenario:
    """A scenario: make the module with `options`, then the calls ("train+" with a backward)."""
    chosen = Options(**options).__dict__
    args = {"options": chosen, "channels": shape[1]}
    steps = [Step("make", args)] + [
        Step(c.rstrip("+"), {**args, "backward": c.endswith("+")}) for c in calls.split(",")
    ]
    params = {"options": chosen, "std": std, "dead": dead}  # dead: a channel whose running_var is 0
    return Scenario(id, shape, tuple(steps), dtype, device, params, option=option)


def _numbered(seed: int, s: Scenario) -> Scenario:
    parts = [str(s.shape), _SHORT[s.dtype]] + ([s.device] if s.device != "cpu" else [])
    parts += [s.option] if s.option else []
    options = Options.of(s)
    parts += [f"eps={options.eps:g}"] if options.eps != 1e-5 else []
    parts += [f"momentum={options.momentum:g}"] if options.momentum not in (0.1, None) else []
    parts += [f"std={s.params['std']:g}"] if s.params["std"] != 2.0 else []
    parts += [_("a zero running_var")] if s.params["dead"] else []
    return replace(s, params={**s.params, "seed": seed}, about=" ".join(parts))


def inputs(scenario: Scenario, edition: Edition) -> list[Arrays]:
    """Each step's arrays, drawn from the scenario's seed and rounded through its dtype."""
    import numpy as np

    rng = np.random.default_rng(scenario.params["seed"])
    channels, dtype = scenario.shape[1], scenario.dtype

    def rounded(values: Any, to: str = dtype) -> tuple[Any, str]:
        return values.astype(to).astype(np.float64), to

    calls: list[Arrays] = []
    for step in scenario.steps:
        arrays: Arrays = {}
        if step.kind in ("train", "eval"):
            arrays["x"] = rounded(3.0 + scenario.params["std"] * rng.standard_normal(scenario.shape))
            if step.args["backward"]:
                arrays["dy"] = rounded(rng.standard_normal(scenario.shape))
        elif step.kind == "set":  # a trained module's values, written into the user's own
            arrays["set_weight"] = rounded(
                rng.uniform(0.5, 2.0, channels) * rng.choice([-1.0, 1.0], channels)
            )
            arrays["set_bias"] = rounded(rng.uniform(-1.0, 1.0, channels))
            arrays["set_running_mean"] = rounded(3.0 + rng.uniform(-2.0, 2.0, channels))
            running_var = 4.0 * rng.uniform(0.5, 2.0, channels)
            if scenario.params["dead"]:
                running_var[1] = 0.0  # constant all through training: ε alone divides
            arrays["set_running_var"] = rounded(running_var)
        elif step.kind == "load":  # an nn.BatchNorm2d trained elsewhere
            arrays["ref_weight"] = rounded(rng.uniform(0.5, 2.0, channels), "float32")
            arrays["ref_bias"] = rounded(rng.uniform(-1.0, 1.0, channels), "float32")
            arrays["ref_running_mean"] = rounded(rng.uniform(1.0, 5.0, channels), "float32")
            arrays["ref_running_var"] = rounded(rng.uniform(2.0, 6.0, channels), "float32")
            arrays["ref_nbt"] = (np.array([7.0]), "int64")
        calls.append(arrays)
    return calls


def quantities(scenario: Scenario, index: int, present: frozenset[str]) -> list[Quantity]:
    """What each step is judged on."""
    step, options = scenario.steps[index], Options.of(scenario)
    tol, grad_tol = TOLERANCE[scenario.dtype], GRAD_TOLERANCE[scenario.dtype]
    stats = ("running_mean", "running_var", "num_batches_tracked")
    if step.kind == "make":
        found = [Quantity("kinds", "layout", "layout", N_("what your module registers"), "flag")]
        found += [Quantity(n, "init", "init", n, "close", tol) for n in ("weight", "bias") if options.affine]
        names = ("running_mean", "running_var", "nbt")
        found += [
            Quantity(n, "init", "init", s, "close", tol)
            for n, s in zip(names, stats, strict=True)
            if options.track
        ]
        return found
    if step.kind == "set":
        return []  # the grader's own writing: nothing to judge, the state is carried
    if step.kind == "load":
        return [
            Quantity("compat", "state_dict", "layout", N_("your state_dict against nn.BatchNorm2d's"), "flag")
        ]
    if step.kind in ("double", "cuda"):
        label = N_("what .double() moved") if step.kind == "double" else N_("what .cuda() moved")
        return [Quantity("moved", "moved", "layout", label, "flag")]
    mode = step.kind
    found = [Quantity("y", "output", mode, N_("your module's output"), "close", tol)]
    if options.track:
        path = "running" if mode == "train" else "eval"
        names = ("running_mean", "running_var", "nbt")
        found += [Quantity(n, "running", path, s, "close", tol) for n, s in zip(names, stats, strict=True)]
    if step.args["backward"]:
        found.append(Quantity("dx", "grads", "backward", "x.grad", "norm", grad_tol))
        # γ and β are made in float32: a plain tensor stays so through .double(), and so does its
        # gradient (that is the layout's finding), so theirs are judged at float32's precision
        grad_tol = GRAD_TOLERANCE["float32"]
        if options.affine:
            found += [
                Quantity("dweight", "grads", "backward", "weight.grad", "norm", grad_tol),
                Quantity("dbias", "grads", "backward", "bias.grad", "norm", grad_tol),
            ]
    return [*found, Quantity("x_after", "input", "input", "x", "same")]


def mistakes(edition: Edition) -> tuple[Mistake, ...]:
    from bnquiz.drills.batchnorm import backward_mistakes, forward_mistakes, running_mistakes

    def one(id: str, path: str, *knobs: tuple[str, Any], detail: str = "") -> Mistake:
        return Mistake(id, path, knobs, detail)

    found = (
        one("stats-plain-attributes", "layout", ("layout.stats", "plain")),
        one("nbt-missing", "layout", ("layout.nbt", "missing")),
        one("nbt-not-buffer", "layout", ("layout.nbt", "plain")),
        one("nbt-not-buffer", "layout", ("layout.nbt", "int")),
        one("nbt-wrong-dtype", "layout", ("layout.nbt", "float")),
        one("params-plain-tensors", "layout", ("layout.params", "plain")),
        one("params-plain-tensors", "layout", ("layout.params", "frozen")),
        one("params-shaped-4d", "layout", ("layout.shape", "4d")),
        one("stats-shaped-4d", "layout", ("layout.stats_shape", "4d")),
        one("option-unsupported", "layout", ("layout.affine", "ignored"), detail="affine=False"),
        one("option-unsupported", "layout", ("layout.track", "ignored"), detail="track_running_stats=False"),
        one("params-init-swapped", "init", ("init.swap", True)),
        one("running-var-init-zero", "init", ("init.running_var", "zeros")),
        *forward_mistakes("train", (4,)),
        *forward_mistakes("eval", (4,)),
        *running_mistakes(PYTORCH, (4,)),
        one("momentum-none-ignored", "running", ("running.cumulative", "default")),
        one("momentum-none-ignored", "running", ("running.cumulative", "zero")),
        one("nbt-missing", "running", ("layout.nbt", "missing")),  # no count to report
        one("nbt-not-counted", "running", ("running.count", "none")),
        *backward_mistakes("backward", hand_written=False),
    )
    # the same affine mistakes in code that fills in ones and zeros when affine=False
    filled = [replace(m, knobs=(*m.knobs, ("affine.filled", True))) for m in found if _affine(m)]
    found = (*found, *filled)
    # only 4-D input: a mixing reshape agrees with (C,) statistics broadcast against the last
    # axis, or with other reduced dimensions, wherever those run at all (W = C), so it is tried last
    return tuple(sorted(found, key=lambda m: m.id == "channels-mixed-by-reshape"))


def _affine(mistake: Mistake) -> bool:
    return any(knob.endswith(".affine") for knob, _value in mistake.knobs)


def form(signatures: Mapping[str, list[str]]) -> str | None:
    return "plain" if "BatchNorm2d" in signatures else None


DRILL = Drill(
    name="module",
    title=N_("BatchNorm2d as an nn.Module"),
    asks=(
        "class BatchNorm2d(nn.Module): __init__(num_features, eps, momentum, affine, "
        "track_running_stats); forward(x)"
    ),
    framework="torch",
    functions=("BatchNorm2d",),
    optional=(),
    starter_name="bn_module.py",
    blind=BLIND,
    hints=HINTS,
    editions=(
        Edition(
            "",
            N_("torch.nn.BatchNorm2d's behaviour"),
            CONVENTIONS,
            N_(
                "The d2l book's BatchNorm module keeps its moving statistics as plain attributes: "
                "they never follow .to(device) and never reach state_dict; nn.BatchNorm2d registers "
                "them as buffers."
            ),
            STARTER,
            PYTORCH,
        ),
    ),
    paths=(
        Path("layout", N_("parameters and buffers")),
        Path("init", N_("initial values"), depends=("layout",)),
        Path("train", N_("training forward"), depends=("layout",)),
        Path("eval", N_("eval forward"), depends=("layout", "train")),  # no running stats: train code
        Path("running", N_("running-statistics update")),
        Path("backward", N_("backward pass (autograd)"), depends=("train", "layout")),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.instance:call",
    scenarios=scenarios,
    inputs=inputs,
    quantities=quantities,
    predict=predict,
    mistakes=mistakes,
    form=form,
    texts=TEXTS,
)
