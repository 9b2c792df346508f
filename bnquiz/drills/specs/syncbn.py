"""The `syncbn` drill: batch norm whose statistics are reduced across processes.

The user's `sync_batch_norm` runs on three real ranks of a torch.distributed gloo group on
loopback, started once per check (`Drill.ranks`); a case of two ranks passes the subgroup of
ranks 0 and 1. Every rank must return what F.batch_norm gives on the concatenated global batch,
keep the same running statistics as the others (unbiased with the global count), and give the
gradients autograd gives through the collectives. The battery is `syncbattery`; the reference,
`syncstats`; the caller, `synccall`; the words, `syncwords`.
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
)
from bnquiz.drills.specs.quantities import GRAD_TOLERANCE, TOLERANCE
from bnquiz.drills.specs.syncbattery import inputs, scenarios
from bnquiz.drills.specs.syncwords import BLIND, CONVENTIONS, HINTS, STARTER, TEXTS
from bnquiz.language import N_

if TYPE_CHECKING:
    from bnquiz.drills.results import Outputs

WORLD = 3


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
    found += [
        Quantity(f"destroyed@{r}", "group", "group", N_("the process group destroyed"), "flag") for r in ranks
    ]
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
    import numpy as np

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
    setting = knobs.get("group.destroyed", ("never", "all"))
    assert isinstance(setting, tuple)
    when, who = setting
    destroys = when == "always" or when == ("train" if call.training else "eval")
    for rank, y in enumerate(outputs(call, knobs)):
        found[f"y@{rank}"] = y[0]
        found[f"x_after@{rank}"] = call.xs[rank]
        found[f"destroyed@{rank}"] = np.array([destroys and (who == "all" or rank == 0)])
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
        *(
            m("sync-variances-averaged", path, (f"{path}.{knob}", rule))
            for path, knob in _STATS
            for rule in _AVERAGED
        ),
        *(m("sync-means-unweighted", path, (f"{path}.{knob}", "mean-unweighted")) for path, knob in _STATS),
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
        *(
            m("process-group-destroyed", "group", ("group.destroyed", (when, who)))
            for when in ("always", "train", "eval")
            for who in ("all", "rank 0")
        ),
    )


# the statistics a wrong synchronisation gives, in the forward and in the running update made with them
_STATS = (("train", "sync"), ("running", "stats"))
_AVERAGED = ("var-averaged", "var-averaged-plain")


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
    blind=BLIND,
    hints=HINTS,
    editions=(Edition("", N_("F.batch_norm over the global batch"), CONVENTIONS, "", STARTER),),
    paths=(
        Path("train", N_("training forward")),
        Path("eval", N_("eval forward")),
        Path("running", N_("running-statistics update")),
        Path("backward", N_("backward pass (autograd)"), depends=("train", "eval")),
        Path("input", N_("inputs")),
        Path("group", N_("process group")),
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
