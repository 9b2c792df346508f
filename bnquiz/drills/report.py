"""The drill commands' output: Rich renderables and the JSON document. Builds; never prints."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from bnquiz.drills.contracts import Drill
    from bnquiz.drills.judge import Check, Finding, Verdict

_COLUMNS = ("output", "running stats", "input untouched", "gradients")
_HEADERS = ("output", "running", "input", "grads")
_STATUS = {
    "passed": ("PASSED", "bold green"),
    "failed": ("FAILED", "bold red"),
    "broken": ("BROKEN", "bold red"),
}


def drills_table(drills: list[Drill], results: dict[str, Any]) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("drill", style="bold cyan", no_wrap=True)
    table.add_column("you write")
    table.add_column("your best", no_wrap=True)
    for drill in drills:
        about = Text(drill.title, style="bold")
        about.append(f"\n{drill.asks}", style="dim")
        table.add_row(drill.name, about, _best(results.get(drill.name)))
    table.caption = "bnquiz drill start NAME · bnquiz drill check FILE · bnquiz drill hint NAME"
    return table


def _best(result: Any) -> Text:
    if result is None or not result.checks:
        return Text("not tried", style="dim")
    style = {"passed": "green", "failed": "red", "broken": "red"}[result.best]
    return Text.assemble(
        (result.best, style), (f"\n{result.checks} check{'s' * (result.checks != 1)}", "dim")
    )


def hints_view(drill: Drill, level: int) -> RenderableType:
    shown = drill.hints[:level]
    parts: list[RenderableType] = [
        Text(f"Hints for {drill.name} ({len(shown)} of {len(drill.hints)}):", style="bold")
    ]
    parts += [Text(f"{i}. {hint}") for i, hint in enumerate(shown, 1)]
    if level < len(drill.hints):
        parts.append(Text(f"More: bnquiz drill hint {drill.name} --level {level + 1}", style="dim"))
    return Group(*parts)


def verdict_view(verdict: Verdict) -> RenderableType:
    label, style = _STATUS[verdict.status]
    parts: list[RenderableType] = [
        Text.assemble((f"{verdict.file}", "bold"), (f" · drill {verdict.drill}", "dim")),
        Text("Graded by: " + "; ".join(verdict.conventions) + ".", style="dim"),
    ]
    compared = [c for c in verdict.checks if c.what != "run"]
    if compared:
        parts.append(_checks_table(verdict.checks))
    elif any(c.status == "error" for c in verdict.checks):
        parts.append(Text("Every case raised an exception: nothing could be compared.", style="red"))
    for finding in verdict.findings:
        parts.append(_finding_view(finding))
    for note in verdict.notes:
        parts.append(Text(f"ⓘ {note}", style="cyan"))
    if verdict.pytorch_differs and verdict.status != "broken":
        parts.append(Text(f"ⓘ {verdict.pytorch_differs}", style="cyan"))
    if verdict.stdout.strip() and verdict.status != "passed":
        lines = verdict.stdout.strip().splitlines()
        parts.append(
            Text(
                "Your code printed:\n  " + "\n  ".join(lines[:5]) + ("\n  …" if len(lines) > 5 else ""),
                style="dim",
            )
        )
    counted = [c for c in verdict.checks if c.status in ("pass", "fail")]
    passed = sum(c.status == "pass" for c in counted)
    skipped = sum(c.status == "skip" for c in verdict.checks)
    summary = Text.assemble((label, style), f"  {passed} of {len(counted)} checks passed")
    if skipped:
        summary.append(f", {skipped} skipped")
    if verdict.findings:
        summary.append(f"; {len(verdict.findings)} finding{'s' * (len(verdict.findings) != 1)}")
    summary.append(f" · {verdict.seconds:.1f} s", style="dim")
    parts.append(summary)
    return Group(*parts)


def _checks_table(checks: tuple[Check, ...]) -> Table:
    rows: dict[str, dict[str, Check]] = {}
    about: dict[str, str] = {}
    for check in checks:
        rows.setdefault(check.case, {})[check.what] = check
        about.setdefault(check.case, check.about)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("case", no_wrap=True)
    table.add_column("inputs", style="dim", ratio=1)
    for name in _HEADERS:
        table.add_column(name, no_wrap=True)
    table.add_column("tol. (grads)", style="dim", no_wrap=True)
    marks = {"skip": ("skipped", "dim"), "error": ("raised", "red"), "not run": ("not run", "red")}
    for case, by_what in rows.items():
        run = by_what.get("run")
        if run is not None:
            label, style = marks[run.status]
            table.add_row(case, about[case], Text(label, style=style), "", "", "", "")
            continue
        table.add_row(
            case, about[case], *(_cell(by_what.get(name)) for name in _COLUMNS), _tolerance(by_what)
        )
    return table


def _tolerance(by_what: dict[str, Check]) -> str:
    """Values: |got − expected| ≤ tol + tol·|expected|; gradients: normwise relative error."""
    values = next((c.tolerance for w, c in by_what.items() if c.tolerance and w != "gradients"), None)
    grads = by_what["gradients"].tolerance if "gradients" in by_what else None
    return (f"{values:.0e}" if values else "") + (f" ({grads:.0e})" if grads else "")


def _cell(check: Check | None) -> Text:
    if check is None:
        return Text("–", style="dim")
    error = f" {check.error:.0e}" if check.error is not None else ""
    if check.status == "pass":
        return Text("✓" + error, style="green")
    return Text("✗" + error, style="bold red")


def _finding_view(finding: Finding) -> RenderableType:
    head = Text.assemble(
        ("✗ ", "bold red"),
        (finding.title[0].upper() + finding.title[1:], "bold"),
        (f"  [{finding.id}]", "dim"),
    )
    parts: list[RenderableType] = [head, Text("  " + finding.why)]
    if finding.error:
        error = finding.error
        parts.append(Text(f"  {error.get('type', '')}: {error.get('message', '')}".rstrip(": "), style="red"))
        for frame in error.get("frames", []):
            where = f"line {frame['line']}" + (f", in {frame['function']}" if frame.get("function") else "")
            parts.append(Text(f"    {where}: {frame['code']}", style="dim"))
    if finding.evidence is not None:
        parts.append(Text("  Evidence: " + evidence_line(finding.evidence), style="yellow"))
    if finding.fix:
        parts.append(Text("  Hint: " + finding.fix, style="cyan"))
    return Group(*parts)


def evidence_line(check: Check) -> str:
    line = f"case {check.case} ({check.about}), {check.what}"
    if check.detail:
        line += f" {check.detail}"
    if check.where is not None and check.expected is not None:
        index = ", ".join(map(str, check.where))
        line += f": at [{index}] expected {check.expected:.6g}, got {check.got:.6g}"
    if check.error is not None and check.tolerance is not None:
        line += f" (error {check.error:.2e} > tolerance {check.tolerance:.0e})"
    return line


def to_json(verdict: Verdict) -> dict[str, Any]:
    """The verdict as one JSON document (the README documents its fields)."""
    data = dataclasses.asdict(verdict)
    data["exit_status"] = 0 if verdict.status == "passed" else 1
    for check in data["checks"]:
        if check["where"] is not None:
            check["where"] = list(check["where"])
    return data
