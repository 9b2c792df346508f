"""The `module` drill's reference, part one: what a BatchNorm2d module registers (its layout),
what its state_dict and .double() show of it, and its state as written, loaded or made, under
knobs that reproduce each catalogued mistake (`stepping` computes its calls)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bnquiz.drills.spec import Knobs, Scenario
from bnquiz.drills.specs.contract import Convention

PYTORCH = Convention(momentum_weights_new=True, running_var_unbiased=True, layout="squeezed", in_place=False)
ENTRIES = ("weight", "bias", "running_mean", "running_var", "num_batches_tracked")
# what an entry is, as the child reports it: absent (or None), an nn.Parameter, a registered
# buffer, a plain tensor attribute that requires grad, one that does not, anything else
ABSENT, PARAMETER, BUFFER, TENSOR, FROZEN, OTHER = range(6)
STATE = ("weight", "bias", "running_mean", "running_var", "nbt")  # carried from step to step


@dataclass(frozen=True)
class Options:
    """The constructor's options a scenario uses."""

    eps: float = 1e-5
    momentum: float | None = 0.1
    affine: bool = True
    track: bool = True

    @staticmethod
    def of(scenario: Scenario) -> Options:
        return Options(**scenario.params["options"])


def has(options: Options, knobs: Knobs) -> tuple[bool, bool]:
    """Whether the module has γ and β, and running statistics: as its options say, or despite
    them, where it ignores affine=False or track_running_stats=False."""
    return (
        options.affine or knobs.get("layout.affine") == "ignored",
        options.track or knobs.get("layout.track") == "ignored",
    )


def kinds(options: Options, knobs: Knobs) -> list[int]:
    """What weight, bias, running_mean, running_var and num_batches_tracked are, as registered."""
    params = {"parameter": PARAMETER, "plain": TENSOR, "frozen": FROZEN}[
        str(knobs.get("layout.params", "parameter"))
    ]
    stats = {"buffer": BUFFER, "plain": FROZEN}[str(knobs.get("layout.stats", "buffer"))]
    count = {"buffer": BUFFER, "float": BUFFER, "missing": ABSENT, "plain": FROZEN, "int": OTHER}[
        str(knobs.get("layout.nbt", "buffer"))
    ]
    affine, track = has(options, knobs)
    return [params if affine else ABSENT] * 2 + ([stats, stats, count] if track else [ABSENT] * 3)


def compatibility(options: Options, knobs: Knobs) -> list[bool]:
    """The state_dict against nn.BatchNorm2d's: the same keys; the same shape for weight, bias,
    running_mean and running_var, and the same dtypes, where the keys are shared; loads into
    nn.BatchNorm2d; loads from it (both strict)."""
    registered = [kind in (PARAMETER, BUFFER) for kind in kinds(options, knobs)]
    expected = [options.affine] * 2 + [options.track] * 3
    keys = registered == expected
    shared = [r and e for r, e in zip(registered, expected, strict=True)]
    params = not (knobs.get("layout.shape") == "4d" and shared[0])
    stats = not (knobs.get("layout.stats_shape") == "4d" and shared[2])
    dtypes = not (knobs.get("layout.nbt") == "float" and shared[4])
    loads = keys and params and stats
    # nn.BatchNorm2d fills in a missing count when it loads an old-style (version 1) state_dict,
    # which is what a module of one's own saves: only the other direction needs the key
    into = registered[:4] == expected[:4] and params and stats
    return [keys, params, params, stats, stats, dtypes, into, loads]


def moved(options: Options, knobs: Knobs) -> list[bool]:
    """Whether .double() (or .cuda()) moved weight, bias, running_mean and running_var."""
    return [kind not in (TENSOR, FROZEN) for kind in kinds(options, knobs)[:4]]


def loaded(options: Options, knobs: Knobs, state: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The state after load_state_dict(nn.BatchNorm2d's, strict=True): PyTorch copies every
    registered entry of the right shape, then raises for the rest."""
    found = dict(state)
    misshapen = {"weight", "bias"} if knobs.get("layout.shape") == "4d" else set()
    misshapen |= {"running_mean", "running_var"} if knobs.get("layout.stats_shape") == "4d" else set()
    for name, kind in zip(STATE, kinds(options, knobs), strict=True):
        if kind in (PARAMETER, BUFFER) and f"ref_{name}" in given and name not in misshapen:
            found[name] = given[f"ref_{name}"]
    return found


def written(options: Options, knobs: Knobs, state: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The state after the grader writes a trained module's values into the module's own
    tensors (each that exists as a tensor, whatever its shape)."""
    found = dict(state)
    for name, kind in zip(STATE[:4], kinds(options, knobs)[:4], strict=True):
        if kind not in (ABSENT, OTHER) and f"set_{name}" in given:
            found[name] = given[f"set_{name}"]
    return found


def initial(scenario: Scenario, knobs: Knobs) -> dict[str, Any]:
    """A new module's state: γ = 1, β = 0, running_mean = 0, running_var = 1, no batches yet."""
    import numpy as np

    channels = scenario.shape[1]
    swapped = bool(knobs.get("init.swap"))
    return {
        "weight": np.full(channels, 0.0 if swapped else 1.0),
        "bias": np.full(channels, 1.0 if swapped else 0.0),
        "running_mean": np.zeros(channels),
        "running_var": np.zeros(channels) if knobs.get("init.running_var") == "zeros" else np.ones(channels),
        "nbt": np.array([np.nan if kinds(Options.of(scenario), knobs)[4] == ABSENT else 0.0]),
    }
