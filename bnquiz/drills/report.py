"""The drill commands' output as Rich renderables. Builds; never prints.

The report leads with one line per code path (which are right, which are not), then each
finding with its evidence and its fix, then the summary line. The per-case table is there on
request (`--verbose`). Everything fits 80 columns and reads the same when piped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bnquiz.outcome import Status

if TYPE_CHECKING:
    from bnquiz.drills.spec import Drill
    from bnquiz.drills.verdict import CaseValues, Check, Finding, Verdict

_STATUS = {Status.PASSED: "bold green", Status.FAILED: "bold red", Status.BROKEN: "bold red"}
_BEST = {Status.PASSED: "green", Status.FAILED: "red", Status.BROKEN: "red"}


def drills_table(drills: list[Drill], results: dict[str, Any], counts: dict[str, tuple[int, int]]) -> Table:
    """`counts`: each drill's checks here, and how many more run on CUDA."""
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("drill", style="bold cyan", no_wrap=True)
    table.add_column("you write", ratio=1)
    table.add_column("checks", no_wrap=True, justify="right")
    table.add_column("your best", no_wrap=True)
    for drill in drills:
        about = Text(drill.title, style="bold")
        about.append(f"\n{drill.asks}", style="dim")
        here, cuda = counts[drill.name]
        shown = Text(str(here))
        if cuda:
            shown.append(f"\n+{cuda} CUDA", style="dim")
        table.add_row(drill.name, about, shown, _best(results.get(drill.name)))
    table.caption = "bnquiz drill start NAME · bnquiz drill check FILE · bnquiz drill hint NAME"
    return table


def _best(result: Any) -> Text:
    if result is None or not result.checks:
        return Text("not tried", style="dim")
    style = _BEST[result.best]
    return Text.assemble((result.best, style), (f"\n{result.checks} run{'s' * (result.checks != 1)}", "dim"))


def hints_view(drill: Drill, level: int) -> RenderableType:
    shown = drill.hints[:level]
    parts: list[RenderableType] = [
        Text(f"Hints for {drill.name} ({len(shown)} of {len(drill.hints)}):", style="bold")
    ]
    parts += [Text(f"{i}. {hint}") for i, hint in enumerate(shown, 1)]
    if level < len(drill.hints):
        parts.append(Text(f"More: bnquiz drill hint {drill.name} --level {level + 1}", style="dim"))
    return Group(*parts)


def verdict_view(verdict: Verdict, verbose: bool = False) -> RenderableType:
    parts: list[RenderableType] = [
        Text.assemble((verdict.file, "bold"), (f" · drill {verdict.drill}", "dim")),
        Text("Graded by: " + "; ".join(verdict.conventions) + ".", style="dim"),
    ]
    if verdict.paths:
        parts.append(_paths_table(verdict))
    if verbose and verdict.checks:
        parts.append(_checks_table(verdict.checks))
    for finding in verdict.findings:
        parts.append(_finding_view(finding))
    for note in verdict.notes:
        parts.append(Text(f"ⓘ {note}", style="cyan"))
    if verdict.pytorch_differs and verdict.status != Status.BROKEN:
        parts.append(Text(f"ⓘ {verdict.pytorch_differs}", style="cyan"))
    if verdict.stdout.strip() and not verdict.passed:
        lines = verdict.stdout.strip().splitlines()
        more = "\n  …" if len(lines) > 5 else ""
        parts.append(Text("Your code printed:\n  " + "\n  ".join(lines[:5]) + more, style="dim"))
    summary = Text(verdict.summary(), style=_STATUS[verdict.status])
    summary.append(f" · {verdict.seconds:.1f} s", style="dim")
    parts.append(summary)
    return Group(*parts)


def _paths_table(verdict: Verdict) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("code path", no_wrap=True)
    table.add_column("checks", justify="right", no_wrap=True)
    table.add_column("verdict", ratio=1)
    for path in verdict.paths:
        if path.findings:
            result = Text("✗ " + ", ".join(path.findings), style="bold red")
        elif not path.judged:
            result = Text("not judged on its own", style="yellow")
        elif path.passed == path.total:
            result = Text("✓ right", style="green")
        else:
            result = Text("✗ see below", style="bold red")
        table.add_row(path.label, f"{path.passed}/{path.total}", result)
    return table


def _checks_table(checks: tuple[Check, ...]) -> Table:
    """Every case: one row per call, one column per check group."""
    groups = list(dict.fromkeys(c.group for c in checks))
    rows: dict[tuple[str, int], dict[str, Check]] = {}
    for check in checks:
        rows.setdefault((check.scenario, check.step), {})[check.group] = check
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("case", no_wrap=True)
    table.add_column("inputs", style="dim", ratio=1)
    for group in groups:
        table.add_column(group, no_wrap=True)
    for (scenario, step), by_group in rows.items():
        first = next(iter(by_group.values()))
        name = scenario if first.steps == 1 else f"{scenario} {step + 1}/{first.steps}"
        table.add_row(name, first.about.split(", call")[0], *(_cell(by_group.get(g)) for g in groups))
    return table


def _cell(check: Check | None) -> Text:
    if check is None:
        return Text("–", style="dim")
    status = check.status
    if not (status.passed or status.failed):  # the step did not run through: dim if not counted
        return Text(status.said, style="red" if status.counted else "dim")
    error = f" {check.error:.0e}" if check.error is not None and check.error != float("inf") else ""
    return Text(status.said + error, style="green" if status.passed else "bold red")


def _finding_view(finding: Finding) -> RenderableType:
    head = Text.assemble(("✗ ", "bold red"), (finding.title, "bold"), (f"  [{finding.id}]", "dim"))
    parts: list[RenderableType] = [head, Text("  " + finding.why)]
    if finding.error:
        error = finding.error
        parts.append(Text(f"  {error.get('type', '')}: {error.get('message', '')}".rstrip(": "), style="red"))
        for frame in error.get("frames", []):
            where = f"line {frame['line']}" + (f", in {frame['function']}" if frame.get("function") else "")
            parts.append(Text(f"    {where}: {frame['code']}", style="dim"))
    if finding.evidence is not None:
        parts.append(Text("  Evidence: " + evidence_line(finding.evidence), style="yellow"))
    if finding.values:
        parts.append(_values_view(finding.values))
    parts.append(Text("  Hint: " + finding.fix, style="cyan"))
    return Group(*parts)


def evidence_line(check: Check) -> str:
    line = f"case {check.scenario} ({check.about}), {check.group}"
    if check.detail:
        line += f": {check.detail}"
    if check.where is not None and check.expected is not None:
        index = ", ".join(map(str, check.where))
        line += f" at [{index}] expected {check.expected:.6g}, got {check.got:.6g}"
    rule = check.rule_text()
    if check.error is not None and rule and check.status.failed:
        line += f"; error {check.error:.2e}, allowed: {rule}"
    return line


def _values_view(values: CaseValues) -> RenderableType:
    """The smallest failing case in full, to compare by hand."""
    lines = [f"  The case in full ({values['case']}, call {values['step'] + 1}):"]
    for key, value in (("x", values["x"]), ("expected", values["expected"]), ("got", values["got"])):
        if value is None:
            continue
        rows = _rows(value)
        lines.append(f"    {key:>8} = " + rows[0])
        lines += [" " * 15 + row for row in rows[1:]]
    return Text("\n".join(lines), style="yellow")


def _rows(value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"{value:.6g}"]
    if value and isinstance(value[0], list) and not (value[0] and isinstance(value[0][0], list)):
        return ["[" + ", ".join(f"{v:.4g}" for v in row) + "]" for row in value]
    if value and not isinstance(value[0], list):
        return ["[" + ", ".join(f"{v:.4g}" for v in value) + "]"]
    flat: list[str] = []
    for part in value:
        flat += _rows(part)
    return flat
