"""What the child reports for each step, read back defensively: the child's files are untrusted.

A step either ran (`Ran`: its outputs and notes), raised (`Raised`), or was skipped (`Skipped`: a
CUDA case where there is none); `None` stands for a step the child never reported (an earlier
step raised, or the run ended first). Each output is an array, or what stood in its place. A
distributed drill's ranks report apart, and each step is merged into one result (`merged`).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypedDict, cast, final

from bnquiz.drills.runner import DTYPES
from bnquiz.drills.spec import Scenario
from bnquiz.drills.verdict import ErrorInfo

if TYPE_CHECKING:
    from bnquiz.drills.spec import Array


@final
class Failed(TypedDict):
    """An output whose own call raised (a backward after a forward that worked)."""

    error: ErrorInfo


@final
class Unreadable(TypedDict):
    """An output that is not an array of a dtype the grader reads: what it was instead."""

    type: str


Output: TypeAlias = "Array | Failed | Unreadable"
Outputs: TypeAlias = "dict[str, Output]"


class Ran(TypedDict):
    status: Literal["ok"]
    outputs: Outputs
    notes: dict[str, Any]  # the output's dtype and device, as the child saw them


class Raised(TypedDict):
    status: Literal["error"]
    error: ErrorInfo


class Skipped(TypedDict):
    status: Literal["skipped"]
    why: str


StepResult: TypeAlias = "Ran | Raised | Skipped"


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_results(workdir: Path, index: int, scenario: Scenario, ranks: int = 1) -> list[StepResult | None]:
    """Each step's status and arrays; of a distributed drill, every rank's, merged (its caller
    names each rank's outputs apart)."""
    first = read_json(workdir / f"res-{index}-0.json")
    if first is not None and first.get("status") == "skipped":
        return [Skipped(status="skipped", why=str(first.get("why", ""))) for _ in scenario.steps]
    if ranks == 1:
        return [_result(workdir, f"res-{index}-{step}.json") for step in range(len(scenario.steps))]
    found = []
    for step in range(len(scenario.steps)):
        names = [f"res-{index}-{step}{'' if r == 0 else f'-r{r}'}.json" for r in range(ranks)]
        found.append(merged([ABSENT if _absent(workdir / n) else _result(workdir, n) for n in names]))
    return found


def _absent(path: Path) -> bool:
    """A rank that took no part in the call."""
    data = read_json(path)
    return data is not None and data.get("status") == "absent"


def _result(workdir: Path, name: str) -> StepResult | None:
    data = read_json(workdir / name)
    if data is None or data.get("status") not in ("ok", "error"):
        return None
    if data["status"] == "error":
        return Raised(status="error", error=_error(data.get("error")))
    outputs = {
        key: _output(workdir, spec)
        for key, spec in (data.get("outputs") or {}).items()
        if isinstance(spec, dict)
    }
    notes = data.get("notes")
    return Ran(status="ok", outputs=outputs, notes=notes if isinstance(notes, dict) else {})


def _output(workdir: Path, spec: dict[str, Any]) -> Output:
    """One output: read from its raw file as an array of the dtype and shape it declares, at its
    offset."""
    import numpy as np

    if "error" in spec and isinstance(spec["error"], dict):
        return Failed(error=_error(spec["error"]))
    if "file" not in spec:
        return Unreadable(type=str(spec.get("type", "something else")))
    try:
        dtype, shape = str(spec["dtype"]), tuple(int(d) for d in spec["shape"])
        if dtype not in DTYPES or "/" in str(spec["file"]):
            raise ValueError(dtype)
        count, offset = math.prod(shape), int(spec.get("offset", 0))
        array = np.fromfile(workdir / str(spec["file"]), dtype=dtype, count=count, offset=offset)
        return array.reshape(shape)
    except (OSError, ValueError, TypeError, KeyError):
        return Unreadable(type="unreadable")


def _error(value: object) -> ErrorInfo:
    """An exception as the child described it. Its fields are read with defaults wherever they
    are used, so any dict will do; anything else is no description at all."""
    return cast(ErrorInfo, value) if isinstance(value, dict) else {}


# A distributed drill's step as one result: every rank's outputs together, or the one failure
# that explains the step, naming the rank it is about. A rank that returns from a call without
# joining a collective leaves the others waiting until the collective times out: that is said as
# those ranks waiting for it, not as their timeouts.

# what gloo says when a collective's peer never came, or went away
_WAITED = ("Timed out", "timed out", "Connection closed by peer", "Connection reset by peer")


ABSENT = "absent"  # a rank that takes no part in the call


def merged(by_rank: list[StepResult | str | None]) -> StepResult | None:
    """The step as every rank reported it (None: the rank reported nothing; ABSENT: it took no
    part). A rank that reported nothing while others did ended during the call."""
    reported = {rank: r for rank, r in enumerate(by_rank) if r is not None and not isinstance(r, str)}
    if not reported:
        return None
    gone = [rank for rank, r in enumerate(by_rank) if r is None]
    raised = {rank: r for rank, r in reported.items() if r["status"] == "error"}
    own = {rank: r for rank, r in raised.items() if not _waited(r["error"])}  # not just waiting
    if gone and not own:
        said = {"id": "rank-gone", "rank": _ranks(gone)}
        message = f"rank {said['rank']} never returned from this call (its process ended, or was stopped)"
        return Raised(
            status="error", error={"type": "RuntimeError", "message": message, "frames": [], "said": said}
        )
    if not raised:
        outputs: dict[str, Any] = {}
        notes: dict[str, Any] = {}
        for r in reported.values():
            if r["status"] == "ok":
                outputs.update(r["outputs"])
                notes = notes or r["notes"]
        return Ran(status="ok", outputs=outputs, notes=notes)
    if own:  # a rank's own exception explains the others' waiting
        rank = min(own)
        return Raised(status="error", error=_on_rank(own[rank]["error"], rank))
    waiting = sorted(raised)
    returned = sorted(set(reported) - set(raised))
    missing = returned or [r for r in range(len(by_rank)) if r not in reported]
    error = raised[waiting[0]]["error"]
    said = {"id": "not-joined", "waiting": _ranks(waiting), "missing": _ranks(missing)}
    message = f"rank {said['waiting']} waited in a collective that rank {said['missing']} never joined"
    if not returned and all(by_rank[r] == ABSENT for r in missing):  # a collective over the wrong group
        said["id"] = "outside-group"
        message += (
            f": rank {said['missing']} is not in this call's group (pass group=group to every collective)"
        )
    return Raised(status="error", error={**error, "type": "RuntimeError", "message": message, "said": said})


def _waited(error: ErrorInfo) -> bool:
    message = error.get("message", "")
    return any(word in message for word in _WAITED)


def _on_rank(error: ErrorInfo, rank: int) -> ErrorInfo:
    """The exception, its message led by the rank that raised it."""
    message = f"rank {rank}: {error.get('message', '')}"
    return {**error, "message": message}


def _ranks(ranks: list[int]) -> str:
    return ", ".join(str(r) for r in ranks)
