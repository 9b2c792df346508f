"""The `syncbn` drill: batch norm whose statistics are reduced across processes.

The user's `sync_batch_norm` runs on three real ranks of a torch.distributed gloo group on
loopback, started once per check (`Drill.ranks`); a case of two ranks passes the subgroup of
ranks 0 and 1. Every rank must return what F.batch_norm gives on the concatenated global batch,
keep the same running statistics as the others (unbiased with the global count), and give the
gradients autograd gives through the collectives. The reference is `syncstats`; the caller,
`synccall`; the words, `syncwords`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from bnquiz.drills.spec import (
    Arrays,
    Drill,
    Edition,
    Knobs,
    Mistake,
    Path,
    Prediction,
    Quantity,
    Scenario,
    Step,
)
from bnquiz.drills.specs.quantities import GRAD_TOLERANCE, TOLERANCE
from bnquiz.drills.specs.syncwords import CONVENTIONS, HINTS, STARTER, TEXTS
from bnquiz.language import N_

if TYPE_CHECKING:
    from bnquiz.drills.results import Outputs

WORLD = 3
MOMENTUM = 0.1


def _case(
    id: str,
    shards: tuple[int, ...],
    sample: tuple[int, ...],
    calls: str,
    *,
    eps: float = 1e-5,
    momentum: float = MOMENTUM,
    affine: bool = True,
    dtype: str = "float64",
    device: str = "cpu",
    option: str = "",
) -> Scenario:
    """A case: each rank's number of samples, one sample's shape (C, *spatial), the calls
    ("train", "eval+grad", "train,train,eval")."""
    steps = []
    for call in calls.split(","):
        kind, _, grad = call.partition("+")
        args = {"training": kind == "train", "momentum": momentum, "eps": eps, "backward": bool(grad)}
        steps.append(Step(kind, {**args, "ranks": len(shards)}))
    shape = (sum(shards), *sample)
    about = (
        f"{len(shards)} ranks {'+'.join(map(str, shards))}×{sample} {'f32' if dtype == 'float32' else 'f64'}"
    )
    about += (f" eps={eps:g}" if eps != 1e-5 else "") + (f" m={momentum:g}" if momentum != MOMENTUM else "")
    about += "" if affine else " weight=bias=None"
    about += (
        (" " + device if device != "cpu" else "")
        + " "
        + " → ".join(c.replace("+grad", " + backward") for c in calls.split(","))
    )
    params = {"shards": shards, "affine": affine}
    return Scenario(id, shape, tuple(steps), dtype, device, params, about, option=option)


def scenarios(devices: tuple[str, ...], edition: Edition) -> list[Scenario]:
    found = [
        _case("two-ranks", (3, 1), (3, 4), "train"),
        _case("three-ranks", (2, 4, 1), (3, 2, 3), "train"),
        _case("three-ranks-2d", (3, 2, 4), (4,), "train", eps=0.5, momentum=0.3),
        _case("train-train-eval", (2, 3, 1), (3, 5), "train,train,eval", eps=0.5, momentum=0.3),
        _case("grad-three-ranks", (2, 3, 1), (3, 2, 2), "train+grad"),
        _case("grad-two-ranks", (1, 2), (3, 4), "train+grad", eps=0.5),
        _case("eval-grad", (2, 2, 2), (3, 4), "eval+grad", eps=0.5),
        _case("float32", (2, 3, 1), (3, 4), "train+grad", dtype="float32", eps=0.5, momentum=0.3),
        _case("no-affine", (2, 3), (3, 4), "train", affine=False, option="weight=bias=None"),
    ]
    if "cuda" in devices:  # gloo all-reduces CUDA tensors too (NCCL needs a GPU per rank)
        found.append(
            _case(
                "cuda-float32", (2, 3, 1), (3, 4), "train+grad,eval", dtype="float32", device="cuda", eps=0.5
            )
        )
    return [_seeded(s, seed) for seed, s in enumerate(found, 3000)]


def _seeded(s: Scenario, seed: int) -> Scenario:
    from dataclasses import replace

    return replace(s, params={**s.params, "seed": seed})


def inputs(s: Scenario, edition: Edition) -> list[Arrays]:
    """Each call's shards: rank r's samples offset by 1.5·r, so the ranks' means differ (a
    variance that leaves out their spread is clearly wrong)."""
    import numpy as np

    rng = np.random.default_rng(s.params["seed"])
    channels, dtype = s.shape[1], s.dtype

    def rounded(values: np.ndarray) -> tuple[np.ndarray, str]:
        return values.astype(dtype).astype(np.float64), dtype

    shared = {
        "weight": rounded(rng.uniform(0.5, 2.0, channels)),
        "bias": rounded(rng.uniform(-1.0, 1.0, channels)),
    }
    first = {
        "running_mean": rounded(rng.uniform(-1.0, 1.0, channels)),
        "running_var": rounded(rng.uniform(0.5, 2.0, channels)),
    }
    calls = []
    for index, step in enumerate(s.steps):
        arrays = dict(first) if index == 0 else {}
        if s.params["affine"]:
            arrays.update(shared)
        for rank, n in enumerate(s.params["shards"]):
            arrays[f"x@{rank}"] = rounded(3.0 + 1.5 * rank + 2.0 * rng.standard_normal((n, *s.shape[1:])))
            if step.args["backward"]:
                arrays[f"dy@{rank}"] = rounded(rng.standard_normal((n, *s.shape[1:])))
        calls.append(arrays)
    return calls


def quantities(s: Scenario, index: int, present: frozenset[str]) -> list[Quantity]:
    """Every rank's output, running statistics, input and (with a backward) gradients."""
    step = s.steps[index]
    tol, grad_tol = TOLERANCE[s.dtype], GRAD_TOLERANCE[s.dtype]
    mode = "train" if step.args["training"] else "eval"
    stats = "running" if step.args["training"] else "eval"
    ranks = range(len(s.params["shards"]))
    found = [Quantity(f"y@{r}", "output", mode, f"y (rank {r})", "close", tol) for r in ranks]
    for name in ("running_mean", "running_var"):
        found += [
            Quantity(f"{name}@{r}", "running", stats, f"{name} (rank {r})", "close", tol) for r in ranks
        ]
    found += [Quantity(f"x_after@{r}", "input", "input", f"x (rank {r})", "same") for r in ranks]
    if step.args["backward"]:
        grads = ("x", "weight", "bias") if s.params["affine"] else ("x",)
        found += [
            Quantity(f"d{name}@{r}", "grads", "backward", f"{name}.grad (rank {r})", "norm", grad_tol)
            for name in grads
            for r in ranks
        ]
    return found


def predict(
    s: Scenario,
    index: int,
    calls: list[Arrays],
    previous: Outputs | None,
    knobs: Knobs,
    edition: Edition,
    names: tuple[str, ...],
) -> Prediction | None:
    """Every rank's values under the knobs, each rank's running statistics starting from what the
    user's code left on that rank (where usable)."""
    from bnquiz.drills.specs.syncstats import Shards, gradients, outputs, running

    step, count = s.steps[index], len(s.params["shards"])
    arrays = {name: value for name, (value, _) in calls[index].items()}
    call = Shards(
        [arrays[f"x@{r}"] for r in range(count)],
        arrays.get("weight"),
        arrays.get("bias"),
        _state(s, index, calls, previous, count),
        step.args["training"],
        step.args["momentum"],
        step.args["eps"],
        [arrays[f"dy@{r}"] for r in range(count)] if step.args["backward"] else None,
    )
    found: Prediction = {}
    for rank, y in enumerate(outputs(call, knobs)):
        found[f"y@{rank}"] = y[0]
        found[f"x_after@{rank}"] = call.xs[rank]
    for rank, (mean, var) in enumerate(running(call, knobs)):
        found[f"running_mean@{rank}"], found[f"running_var@{rank}"] = mean, var
    if call.dys is not None:
        for rank, grads in enumerate(gradients(call, knobs)):
            found.update({f"{key}@{rank}": value for key, value in grads.items()})
    return found


def _state(
    s: Scenario, index: int, calls: list[Arrays], previous: Outputs | None, count: int
) -> list[tuple[Array, Array]]:
    """Each rank's running statistics as the call starts: what the user's previous call left on
    that rank (the right shape, finite), else what a correct one would have."""
    import numpy as np

    from bnquiz.drills.specs.syncstats import Shards, running

    mean, var = calls[0]["running_mean"][0], calls[0]["running_var"][0]
    state = [(mean, var)] * count
    for earlier in range(index):
        step, arrays = s.steps[earlier], {n: v for n, (v, _) in calls[earlier].items()}
        xs = [arrays[f"x@{r}"] for r in range(count)]
        state = running(Shards(xs, None, None, state, step.args["training"], step.args["momentum"], 0.0), {})
    if previous is None:
        return state
    found = []
    for rank, correct in enumerate(state):
        got = previous.get(f"running_mean@{rank}"), previous.get(f"running_var@{rank}")
        usable = all(
            isinstance(g, np.ndarray) and g.shape == mean.shape and np.all(np.isfinite(g)) for g in got
        )
        found.append((got[0].astype(np.float64), got[1].astype(np.float64)) if usable else correct)  # type: ignore[union-attr]
    return found


def mistakes(edition: Edition) -> tuple[Mistake, ...]:
    def m(id: str, path: str, *knobs: tuple[str, object]) -> Mistake:
        return Mistake(id, path, tuple(knobs))  # type: ignore[arg-type]

    return (
        m("sync-missing", "train", ("train.sync", "local")),
        m("sync-missing", "running", ("running.stats", "local")),
        m("sync-variances-averaged", "train", ("train.sync", "var-averaged")),
        m("sync-variances-averaged", "train", ("train.sync", "var-averaged-plain")),
        m("sync-means-unweighted", "train", ("train.sync", "mean-unweighted")),
        m("unbiased-variance", "train", ("train.var", "unbiased")),
        m("eps-outside-sqrt", "train", ("train.eps", "outside")),
        m("eps-missing", "train", ("train.eps", "missing")),
        m("weight-ignored", "train", ("train.affine", "no-weight")),
        m("bias-ignored", "train", ("train.affine", "no-bias")),
        m("eval-uses-batch-stats", "eval", ("eval.stats", "batch")),
        m("eps-outside-sqrt", "eval", ("eval.eps", "outside")),
        m("eps-missing", "eval", ("eval.eps", "missing")),
        m("sync-count-local", "running", ("running.count", "local")),
        m("running-var-biased", "running", ("running.var", "biased")),
        m("momentum-flipped", "running", ("running.momentum", "flipped")),
        m("running-stats-not-updated", "running", ("running.update", "none")),
        m("grads-not-synced", "backward", ("backward.sync", "none")),
        m("stats-detached", "backward", ("backward.detach", True)),
    )


def form(signatures: Mapping[str, list[str]]) -> str | None:
    return "plain" if "sync_batch_norm" in signatures else None


if TYPE_CHECKING:
    from bnquiz.drills.spec import Array

DRILL = Drill(
    name="syncbn",
    title=N_("SyncBN: batch norm across processes with torch.distributed"),
    asks="sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps, group) -> y",
    framework="torch",
    functions=("sync_batch_norm",),
    optional=(),
    starter_name="syncbn.py",
    hints=HINTS,
    editions=(Edition("", N_("F.batch_norm over the global batch"), CONVENTIONS, "", STARTER),),
    paths=(
        Path("train", N_("training forward")),
        Path("eval", N_("eval forward")),
        Path("running", N_("running-statistics update")),
        Path("backward", N_("backward pass (autograd)"), depends=("train", "eval")),
        Path("input", N_("inputs")),
    ),
    caller="bnquiz.drills.specs.synccall:call",
    scenarios=scenarios,
    inputs=inputs,
    quantities=quantities,
    predict=predict,
    mistakes=mistakes,
    form=form,
    texts=TEXTS,
    ranks=WORLD,
)
