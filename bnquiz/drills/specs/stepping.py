"""The `module` drill's reference, part two: what each step of a scenario reports under the
knobs, the forward calls in training or eval mode (output, gradients, the running statistics and
batch count they leave) included.

A module's state (γ, β, the running statistics, num_batches_tracked) is carried as the user's own
module carried it: each step starts from the values their previous step reported, when usable.
The numerics are the batch-norm reference's (`bnquiz.drills.batchnorm`) under PyTorch's rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bnquiz.drills.spec import Arrays, Edition, Knobs, Prediction, Scenario
from bnquiz.drills.specs.layout import (
    ABSENT,
    PYTORCH,
    STATE,
    Options,
    compatibility,
    has,
    initial,
    kinds,
    loaded,
    moved,
    written,
)
from bnquiz.drills.specs.reference import updated_first

if TYPE_CHECKING:
    from bnquiz.drills.batchnorm import Call
    from bnquiz.drills.results import Outputs


def forward_step(
    options: Options, training: bool, state: dict[str, Any], given: dict[str, Any], knobs: Knobs
) -> dict[str, Any] | None:
    """y, the gradients (training) and the state after the call (None: it would have raised)."""
    import numpy as np

    from bnquiz.drills.batchnorm import forward, gradients
    from bnquiz.drills.batchnorm.knobs import flag

    affine, track = has(options, knobs)
    if not (affine or knobs.get("affine.filled")):
        # the affine step sits under `if self.affine:`, and so do its mistakes (unless the code
        # fills in ones and zeros and runs it anyway)
        knobs = {k: v for k, v in knobs.items() if not k.endswith(".affine")}
    batch_stats = training or not track  # no running statistics: batch statistics in eval too
    call = _call(options, (affine, track), batch_stats, state, given, knobs)
    if call is None:
        return None
    fwd = forward(call, knobs, "train" if batch_stats else "eval")
    if fwd is None:
        return None
    found: dict[str, Any] = {**state, "y": fwd.y, "x_after": given["x"]}
    if track and (training or flag(knobs, "eval.updates")):
        after = _update(options, call, state, knobs)
        if after is None:
            return None
        found.update(after)
    if call.dy is not None:
        grads = gradients(call, fwd, knobs, "backward")
        if grads is None:
            return None
        found.update(dx=grads["dx"], dweight=grads.get("dweight"), dbias=grads.get("dbias"))
        if knobs.get("layout.params") == "frozen":  # plain tensors that never asked for a gradient
            found.update(dweight=np.zeros_like(state["weight"]), dbias=np.zeros_like(state["bias"]))
    return found


def _call(
    options: Options,
    present: tuple[bool, bool],
    batch_stats: bool,
    state: dict[str, Any],
    given: dict[str, Any],
    knobs: Knobs,
) -> Call | None:
    """The call as the batch-norm reference takes it (None: it would have raised); `present`:
    whether the module has γ and β, and running statistics."""
    from bnquiz.drills.batchnorm import Call

    affine, track = present
    call = Call(
        given["x"],
        state["weight"] if affine else None,
        state["bias"] if affine else None,
        state["running_mean"],
        state["running_var"],
        batch_stats,
        _factor(options, knobs, _count(options, state, knobs)),
        options.eps,
        given.get("dy"),
    )
    if batch_stats and track:  # code that updates the running statistics first, then uses them
        return updated_first(call, PYTORCH, knobs)
    return call


def _update(options: Options, call: Call, state: dict[str, Any], knobs: Knobs) -> dict[str, Any] | None:
    """The running statistics and batch count after an update (an eval that updates runs the
    training code)."""
    import numpy as np

    from bnquiz.drills.batchnorm import running

    updated = running(call, PYTORCH, knobs)
    if updated is None:
        return None
    found = {"running_mean": updated["running_mean"], "running_var": updated["running_var"]}
    if kinds(options, knobs)[4] == ABSENT:
        found["nbt"] = np.array([np.nan])  # nothing to count in
    elif knobs.get("running.count") != "none":
        found["nbt"] = state["nbt"] + 1.0
    return found


def _count(options: Options, state: dict[str, Any], knobs: Knobs) -> Any:
    """The batches seen, this one included: num_batches_tracked + 1, or where the module has
    none, the training steps so far (code without the buffer keeps a count of its own)."""
    import numpy as np

    if kinds(options, knobs)[4] == ABSENT:
        return np.array([float(state["trained"])])
    return state["nbt"] + 1.0


def _factor(options: Options, knobs: Knobs, count: Any) -> float:
    """The weight of the new batch in the running averages: momentum, or with momentum=None the
    cumulative average's 1/num_batches_tracked (or what code that ignores None uses instead)."""
    if options.momentum is not None:
        return options.momentum
    ignored = knobs.get("running.cumulative")
    if ignored == "default":
        return 0.1
    if ignored == "zero":
        return 0.0
    return float(1.0 / count.reshape(-1)[0])


def predict(
    scenario: Scenario,
    index: int,
    calls: list[Arrays],
    previous: Outputs | None,
    knobs: Knobs,
    edition: Edition,
    names: tuple[str, ...],
) -> Prediction | None:
    """What step `index` reports under the knobs (None: it would have raised)."""
    import numpy as np

    options, kind = Options.of(scenario), scenario.steps[index].kind
    given = {name: value for name, (value, _dtype) in calls[index].items()}
    state = initial(scenario, knobs) if index == 0 else _state(scenario, index, calls, previous, knobs)
    found: dict[str, Any] = dict(state)
    if kind == "make":
        found["kinds"] = np.array(kinds(options, knobs))
    elif kind == "load":
        found.update(loaded(options, knobs, state, given), compat=np.array(compatibility(options, knobs)))
    elif kind == "set":
        found.update(written(options, knobs, state, given))
    elif kind in ("double", "cuda"):
        found["moved"] = np.array(moved(options, knobs))
    else:
        trained = sum(step.kind == "train" for step in scenario.steps[: index + 1])
        done = forward_step(options, kind == "train", {**state, "trained": trained}, given, knobs)
        if done is None:
            return None
        found.update(done)
    return {name: np.asarray(found[name], dtype=np.float64) for name in names if name in found}


def _state(
    scenario: Scenario, index: int, calls: list[Arrays], previous: Outputs | None, knobs: Knobs
) -> dict[str, Any]:
    """The state step `index` starts from: what the user's previous step reported, where usable;
    else what a correct previous step would have left."""
    import numpy as np

    if previous is not None:
        options = Options.of(scenario)
        has = dict(zip(STATE, [kind != ABSENT for kind in kinds(options, knobs)], strict=True))
        found = {name: previous.get(name) for name in STATE}
        sizes = {name: 1 if name == "nbt" else scenario.shape[1] for name in STATE}
        if all(isinstance(v, np.ndarray) and v.size == sizes[name] for name, v in found.items() if has[name]):
            fresh = initial(scenario, knobs)  # what a module without the entry computes with
            return {
                name: np.asarray(v, dtype=np.float64) if has[name] else fresh[name]
                for name, v in found.items()
            }
    before = predict(scenario, index - 1, calls, None, {}, None, STATE)  # type: ignore[arg-type]
    return dict(before or initial(scenario, {}))
