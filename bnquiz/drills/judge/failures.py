"""Exceptions the user's code raised: one finding per kind and path, and the folding of findings
that are consequences of another (a size error a named shape mistake causes elsewhere)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bnquiz.drills.catalog import finding
from bnquiz.drills.judge.checks import about
from bnquiz.drills.judge.run import Run
from bnquiz.drills.spec import Scenario
from bnquiz.drills.verdict import ErrorInfo, Finding
from bnquiz.language import _

_FOLDS = re.compile(  # exceptions that a named shape mistake already explains
    r"must match the size|could not be broadcast|doesn't match the broadcast shape|"
    r"Dimension out of range|out of bounds for array|axis \d+ is out of bounds|"
    r"expected input\[[^]]*\] to have \d+ channels|is invalid for input of size"
)
_KINDS = {  # the exception's type → the finding, where it is not just "exception"
    "bad return": "bad-return",
    "SystemExit": "exited",
    "KeyboardInterrupt": "interrupt",
    "MemoryError": "memory",
}


@dataclass(frozen=True)
class Failure:
    """An exception a step raised (or one of its sub-calls, for one path's values)."""

    scenario: Scenario
    step: int
    path: str  # the path of what it was computing ("" if unknown)
    error: ErrorInfo


def error_findings(run: Run, failures: list[Failure]) -> list[Finding]:
    """One finding per kind of exception and path, shown with its first occurrence."""
    seen: dict[tuple[str, str, str], Finding] = {}
    # what also fails without any option (the same message, or the same exception from the
    # same line of theirs: a shape error's message differs from case to case) is not the
    # option's doing
    plain = {said for f in failures if not f.scenario.option for said in _said(f.error)}
    for failure in failures:
        kind, path, option = error_kind(failure.error), failure.path, failure.scenario.option
        if option and kind == "exception" and not set(_said(failure.error)) & plain:
            kind = "option-unsupported"  # the scenario's option is what the code cannot take
        else:
            option = ""
        if (kind, path, option) in seen:
            continue
        seen[(kind, path, option)] = finding(
            kind,
            where=[run.label(path)] if path and kind in ("exception", "bad-return") else [],
            detail=option if kind == "option-unsupported" else "",
            paths=(path,) if path else (),
            why=_("In case {case} ({about}).").format(
                case=failure.scenario.id, about=about(failure.scenario, failure.step)
            )
            if kind != "option-unsupported"  # there, why the option matters; the error says where
            else "",
            error=failure.error,
            texts=run.drill.texts,
        )
    return list(seen.values())


def _said(error: ErrorInfo) -> list[tuple[str, str]]:
    """What tells one exception from another: its type and message; its type and the line of the
    user's code it came from."""
    kind = error.get("type", "")
    frames = error.get("frames") or []
    at = [(kind, f"line {frames[-1].get('line')}")] if frames else []
    return [(kind, error.get("message", "")), *at]


def error_kind(error: ErrorInfo) -> str:
    """The finding an exception is: by its type, or by what its message says ran out."""
    kind = _KINDS.get(error.get("type", ""), "exception")
    message = error.get("message", "")
    if kind == "exception" and "File too large" in message:
        kind = "output-flood"
    if kind == "exception" and (
        "Resource temporarily unavailable" in message or "can't start new thread" in message
    ):
        kind = "processes"
    return kind


def fold(findings: list[Finding], reshaping: set[str]) -> list[Finding]:
    """One finding per id (per id and path, for what says where it broke); a named shape mistake
    (one of the ids in `reshaping`) absorbs the size errors it causes elsewhere."""
    ids = {f.id for f in findings}
    shaped = bool(ids & reshaping)
    kept: dict[tuple[str, tuple[str, ...], str], Finding] = {}
    for found in findings:
        message = (found.error or {}).get("message", "")
        if found.id == "exception" and shaped and _FOLDS.search(message):
            continue
        if (
            found.id == "exception"
            and ids & {"wrong-shape", "bad-return"}
            and not (found.error or {}).get("frames")
        ):
            continue  # the grader's own use of a misshapen result failed: a consequence, not news
        where = found.id in ("unrecognised", "nan", "wrong-shape", "exception", "bad-return")
        # an option unsupported is one finding per option: its title names it
        named = found.title if found.id == "option-unsupported" else ""
        kept.setdefault((found.id, found.paths if where else (), named), found)
    return list(kept.values())
