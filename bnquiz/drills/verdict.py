"""What a drill check returns: the checks, the findings, and the verdict that holds them.

`Verdict` is what `bnquiz.check` returns and what `bnquiz drill check` renders: `.passed`,
`.findings`, `.to_json()`; it renders itself with Rich (`__rich__`) and in Jupyter.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypedDict

from bnquiz.language import N_, _, ngettext
from bnquiz.outcome import Status


class CheckStatus(StrEnum):
    """How one check of one step went: the words the JSON document uses, and what each means.

    The report asks a status what it means (`passed`, `counted`, `said`) rather than comparing it
    with members, so that it needs nothing from this module at run time: a Verdict renders itself
    through the report, and the report must not import it back."""

    PASS = "pass"
    FAIL = "fail"
    SKIP = "skip"  # not run here (a CUDA case where there is no CUDA); never counted
    ERROR = "error"  # the step raised
    NOT_RUN = "not run"  # an earlier step of its scenario raised, or the run ended before it

    @property
    def passed(self) -> bool:
        return self is CheckStatus.PASS

    @property
    def failed(self) -> bool:
        """The values were compared and some were wrong."""
        return self is CheckStatus.FAIL

    @property
    def counted(self) -> bool:
        """Whether it counts in "n of m checks passed": every check but a skipped one."""
        return self is not CheckStatus.SKIP

    @property
    def said(self) -> str:
        """How a report says it in a word: ✓ and ✗ for values compared, else what happened."""
        return _(_SAID[self])


_SAID = {
    CheckStatus.PASS: "✓",
    CheckStatus.FAIL: "✗",
    CheckStatus.SKIP: N_("skipped"),
    CheckStatus.ERROR: N_("raised"),
    CheckStatus.NOT_RUN: N_("not run"),
}
# the summary's first word (the JSON's `status` stays the English value)
_SHOUTED = {Status.PASSED: N_("PASSED"), Status.FAILED: N_("FAILED"), Status.BROKEN: N_("BROKEN")}


class Frame(TypedDict):
    """One line of the user's own code in a traceback."""

    line: int
    function: str
    code: str


class ErrorInfo(TypedDict, total=False):
    """An exception as the child reports it (read from an untrusted file: any key may be absent)."""

    type: str
    message: str
    frames: list[Frame]
    said: dict[str, str]  # what bnquiz's own message means (see `messages`)


def one_line(error: ErrorInfo) -> str:
    """The exception in one line: its type and the first line of its message."""
    from bnquiz.drills.messages import headline

    return headline({**error, "message": (error.get("message", "").strip().splitlines() or [""])[0]})


class CaseValues(TypedDict):
    """The smallest failing case in full, to compare by hand."""

    case: str
    step: int
    x: list[Any] | None
    expected: list[Any]
    got: list[Any]


@dataclass(frozen=True)
class Check:
    """One check group of one step."""

    scenario: str
    step: int  # 0-based; `steps` > 1 for a scenario that carries state from call to call
    steps: int
    about: str  # "(3, 4, 5, 6) train f64 eps=0.5"
    group: str  # "output", "running", "input", "grads", …
    path: str  # the code path it judges: "train", "eval", "running", "backward", "input"
    status: CheckStatus
    error: float | None = None  # the largest error (normwise relative for "norm" checks)
    tolerance: float | None = None
    rule: str = ""  # how it was compared: "close", "norm", "same" or "flag"
    detail: str = ""  # which value failed, or why the check could not compare
    where: tuple[int, ...] | None = None  # worst index
    expected: float | None = None
    got: float | None = None
    size: int = 0  # values in the case, to pick the smallest as evidence

    def rule_text(self) -> str:
        """The comparison applied, with its numbers: absolute and relative."""
        if self.tolerance is None:
            return ""
        tol = f"{self.tolerance:.0e}"
        if self.rule == "norm":
            return f"‖got − expected‖ ≤ {tol}·‖expected‖"
        if self.rule == "same":
            return _("unchanged, bit for bit")
        if self.rule == "flag":
            return _("exactly")
        return f"|got − expected| ≤ {tol} + {tol}·|expected|"


@dataclass(frozen=True)
class Finding:
    """A named mistake (or a way the run broke), where it shows, and the evidence."""

    id: str  # a catalogue id: "eps-missing", "timeout", "unrecognised"
    title: str
    why: str
    fix: str
    paths: tuple[str, ...] = ()  # the code paths it shows in
    quantities: tuple[str, ...] = ()  # the drill's names for the values it explains
    evidence: Check | None = None
    error: ErrorInfo | None = None  # an exception: type, message and the user's own frames
    values: CaseValues | None = None  # unrecognised: the smallest failing case, in full


@dataclass(frozen=True)
class PathResult:
    id: str
    label: str
    passed: int
    total: int
    findings: tuple[str, ...]  # the ids found on this path
    judged: bool = True


@dataclass(frozen=True)
class Verdict:
    drill: str
    file: str
    status: Status
    checks: tuple[Check, ...]
    findings: tuple[Finding, ...]
    paths: tuple[PathResult, ...] = ()
    notes: tuple[str, ...] = ()
    stdout: str = ""
    seconds: float = 0.0
    conventions: tuple[str, ...] = ()
    pytorch_differs: str = ""
    edition: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def passed(self) -> bool:
        return self.status == Status.PASSED

    @property
    def counts(self) -> tuple[int, int, int]:
        """(passed, total, skipped): every check counts, including those that raised or never ran."""
        counted = [c for c in self.checks if c.status.counted]
        passed = sum(c.status.passed for c in counted)
        return passed, len(counted), len(self.checks) - len(counted)

    def summary(self) -> str:
        """ "PASSED 57 of 57 checks passed" / "FAILED 42 of 57 checks passed, 5 skipped; 2 findings" """
        passed, total, skipped = self.counts
        line = _("{status} {passed} of {total} checks passed").format(
            status=_(_SHOUTED[self.status]), passed=passed, total=total
        )
        if skipped:
            line += _(", {count} skipped").format(count=skipped)
        if self.findings:
            count = len(self.findings)
            line += ngettext("; {count} finding", "; {count} findings", count).format(count=count)
        return line

    def to_dict(self) -> dict[str, Any]:
        """The verdict as plain data (the README documents the fields)."""
        data = dataclasses.asdict(self)
        data.pop("warnings")
        data["exit_status"] = 0 if self.passed else 1
        data["summary"] = self.summary()
        for check in data["checks"]:
            if check["where"] is not None:
                check["where"] = list(check["where"])
        for finding in data["findings"]:
            evidence = finding["evidence"]
            if evidence and evidence["where"] is not None:
                evidence["where"] = list(evidence["where"])
        return data

    def to_json(self, indent: int | None = 2) -> str:
        """One JSON document; NaN and infinity (a result can hold them) are written as strings."""
        return json.dumps(_strict(self.to_dict()), indent=indent, ensure_ascii=False, allow_nan=False)

    def __rich__(self) -> Any:
        from bnquiz.drills.report import verdict_view

        return verdict_view(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter shows the same report as the terminal, as HTML: its table, its findings with
        their evidence and hints, its summary line."""
        from rich.console import Console

        from bnquiz.drills.notebook import to_html
        from bnquiz.drills.report import verdict_view

        console = Console(record=True, width=100, file=io.StringIO(), color_system=None)
        view = verdict_view(self)
        console.print(view)
        return {"text/plain": console.export_text(), "text/html": to_html(view)}

    def __repr__(self) -> str:
        return f"<Verdict {self.drill} {self.file}: {self.summary()}>"


def _strict(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(v) for v in value]
    return value
