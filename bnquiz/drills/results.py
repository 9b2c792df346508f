"""What the child reports for each step, read back defensively: the child's files are untrusted.

A step either ran (`Ran`: its outputs and notes), raised (`Raised`), or was skipped (`Skipped`: a
CUDA case where there is none); `None` stands for a step the child never reported (an earlier
step raised, or the run ended first). Each output is an array, or what stood in its place.
"""

from __future__ import annotations

import json
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


def read_results(workdir: Path, index: int, scenario: Scenario) -> list[StepResult | None]:
    """Each step's status and arrays."""
    first = read_json(workdir / f"res-{index}-0.json")
    if first is not None and first.get("status") == "skipped":
        return [Skipped(status="skipped", why=str(first.get("why", ""))) for _ in scenario.steps]
    return [_result(workdir, f"res-{index}-{step}.json") for step in range(len(scenario.steps))]


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
    """One output: its raw file read as an array of the dtype and shape it declares."""
    import numpy as np

    if "error" in spec and isinstance(spec["error"], dict):
        return Failed(error=_error(spec["error"]))
    if "file" not in spec:
        return Unreadable(type=str(spec.get("type", "something else")))
    try:
        dtype, shape = str(spec["dtype"]), tuple(int(d) for d in spec["shape"])
        if dtype not in DTYPES or "/" in str(spec["file"]):
            raise ValueError(dtype)
        return np.fromfile(workdir / str(spec["file"]), dtype=dtype).reshape(shape)
    except (OSError, ValueError, TypeError, KeyError):
        return Unreadable(type="unreadable")


def _error(value: object) -> ErrorInfo:
    """An exception as the child described it. Its fields are read with defaults wherever they
    are used, so any dict will do; anything else is no description at all."""
    return cast(ErrorInfo, value) if isinstance(value, dict) else {}
