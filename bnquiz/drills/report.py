"""The drill commands' output as Rich renderables. Builds; never prints.

The report leads with one line per code path (which are right, which are not), then each
finding with its evidence and its fix, then the summary line. The per-case table is there on
request (`--verbose`). Everything fits 80 columns and reads the same when piped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bnquiz.drills.catalog.spacing import spaced
from bnquiz.drills.messages import headline
from bnquiz.language import N_, _, ngettext
from bnquiz.outcome import Status

if TYPE_CHECKING:
    from pathlib import Path

    from bnquiz.drills.spec import Drill
    from bnquiz.drills.verdict import CaseValues, Check, Finding, Verdict

_STATUS = {Status.PASSED: "bold green", Status.FAILED: "bold red", Status.BROKEN: "bold red"}
_BEST = {Status.PASSED: "green", Status.FAILED: "red", Status.BROKEN: "red"}
_BEST_SAID = {Status.PASSED: N_("passed"), Status.FAILED: N_("failed"), Status.BROKEN: N_("broken")}
_VALUES = {"expected": N_("expected"), "got": N_("got")}  # the case in full: rows but x


def drills_table(drills: list[Drill], results: dict[str, Any], counts: dict[str, tuple[int, int]]) -> Table:
    """`counts`: each drill's checks here, and how many more run on CUDA."""
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column(_("drill"), style="bold cyan", no_wrap=True)
    table.add_column(_("you write"), ratio=1)
    table.add_column(_("checks"), no_wrap=True, justify="right")
    table.add_column(_("your best"), no_wrap=True)
    for drill in drills:
        about = Text(_said(drill.title), style="bold")
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
        return Text(_("not tried"), style="dim")
    style = _BEST[result.best]
    runs = ngettext("{count} run", "{count} runs", result.checks).format(count=result.checks)
    return Text.assemble((_(_BEST_SAID[result.best]), style), (f"\n{runs}", "dim"))


def hint_view(drill: Drill, level: int) -> RenderableType:
    """The hint of this level alone (the last one past the end)."""
    level = max(1, min(level, len(drill.hints)))
    head = _("Hint {level} of {count}:").format(level=level, count=len(drill.hints))
    return Text.assemble((head, "bold cyan"), " ", _said(drill.hints[level - 1]))


def hints_view(drill: Drill, level: int) -> RenderableType:
    shown = drill.hints[:level]
    head = _("Hints for {name} ({shown} of {count}):")
    parts: list[RenderableType] = [
        Text(head.format(name=drill.name, shown=len(shown), count=len(drill.hints)), style="bold")
    ]
    parts += [Text(f"{i}. {_said(hint)}") for i, hint in enumerate(shown, 1)]
    if level < len(drill.hints):
        said = _("More: {command}").format(command=f"bnquiz drill hint {drill.name} --level {level + 1}")
        parts.append(Text(said, style="dim"))
    return Group(*parts)


def watch_header(file: Path, verdict: Verdict | None) -> RenderableType:
    """Above each report of `drill watch`: the time of the save, how many checks pass, the first
    finding, the keys."""
    import time

    line = Text.assemble((time.strftime("%H:%M:%S"), "dim"), "  ", (str(file), "bold"))
    if verdict is not None:
        passed, total, _skipped = verdict.counts
        said = _("{passed} of {total} checks pass").format(passed=passed, total=total)
        line.append_text(Text.assemble("  ", (said, _STATUS[verdict.status])))
        if verdict.findings:
            line.append("  " + _("first finding: {id}").format(id=verdict.findings[0].id))
    keys = _("Save the file to check it again · h next hint · q quit")
    return Group(line, Text(keys, style="dim"))


def verdict_view(verdict: Verdict, verbose: bool = False) -> RenderableType:
    parts: list[RenderableType] = [
        Text.assemble((verdict.file, "bold"), (_(" · drill {name}").format(name=verdict.drill), "dim")),
        Text(_("Graded by: {conventions}.").format(conventions=_conventions(verdict)), style="dim"),
    ]
    if verdict.paths:
        parts.append(_paths_table(verdict))
    if verbose and verdict.checks:
        parts.append(_checks_table(verdict.checks))
    for finding in verdict.findings:
        parts.append(_finding_view(finding))
    for note in verdict.notes:
        parts.append(Text(f"ⓘ {spaced(_said(note))}", style="cyan"))
    if verdict.pytorch_differs and verdict.status != Status.BROKEN:
        parts.append(Text(f"ⓘ {_said(verdict.pytorch_differs)}", style="cyan"))
    if verdict.stdout.strip() and not verdict.passed:
        lines = verdict.stdout.strip().splitlines()
        more = "\n  …" if len(lines) > 5 else ""
        parts.append(Text(_("Your code printed:") + "\n  " + "\n  ".join(lines[:5]) + more, style="dim"))
    summary = Text(verdict.summary(), style=_STATUS[verdict.status])
    summary.append(f" · {verdict.seconds:.1f} s", style="dim")
    parts.append(summary)
    return Group(*parts)


def _said(text: str) -> str:
    """A text a drill's spec gives (marked there with N_()), in the language in use; "" stays ""
    (gettext would answer the catalog's header)."""
    return _(text) if text else text


def _conventions(verdict: Verdict) -> str:
    """The conventions graded by, in one sentence (a spec marks each with N_())."""
    return _("; ").join(_said(convention) for convention in verdict.conventions)


def _paths_table(verdict: Verdict) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column(_("code path"), no_wrap=True)
    table.add_column(_("checks"), justify="right", no_wrap=True)
    table.add_column(_("verdict"), ratio=1)
    for path in verdict.paths:
        if path.findings:
            result = Text("✗ " + ", ".join(path.findings), style="bold red")
        elif not path.judged:
            result = Text(_("not judged on its own"), style="yellow")
        elif path.passed == path.total:
            result = Text(_("✓ right"), style="green")
        else:
            result = Text(_("✗ see below"), style="bold red")
        table.add_row(_said(path.label), f"{path.passed}/{path.total}", result)
    return table


def _checks_table(checks: tuple[Check, ...]) -> Table:
    """Every case: one row per call, one column per check group."""
    groups = list(dict.fromkeys(c.group for c in checks))
    rows: dict[tuple[str, int], dict[str, Check]] = {}
    for check in checks:
        rows.setdefault((check.scenario, check.step), {})[check.group] = check
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column(_("case"), no_wrap=True)
    table.add_column(_("inputs"), style="dim", ratio=1)
    for group in groups:
        table.add_column(group, no_wrap=True)
    # a call of several is "<the case>, call 2 of 3: train": its row shows the case alone
    template = _("{about}, call {step} of {steps}: {kind}")
    call = template.split("{about}", 1)[1].split("{step}", 1)[0]
    for (scenario, step), by_group in rows.items():
        first = next(iter(by_group.values()))
        name = scenario if first.steps == 1 else f"{scenario} {step + 1}/{first.steps}"
        table.add_row(name, first.about.split(call)[0], *(_cell(by_group.get(g)) for g in groups))
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
        parts.append(Text(f"  {headline(error)}", style="red"))
        for frame in error.get("frames", []):
            where = _("line {line}").format(line=frame["line"])
            if frame.get("function"):
                where += _(", in {function}").format(function=frame["function"])
            parts.append(
                Text("    " + _("{where}: {code}").format(where=where, code=frame["code"]), style="dim")
            )
    if finding.evidence is not None:
        parts.append(Text("  " + _("Evidence: ") + evidence_line(finding.evidence), style="yellow"))
    if finding.values:
        parts.append(_values_view(finding.values))
    parts.append(Text("  " + _("Hint: ") + finding.fix, style="cyan"))
    return Group(*parts)


def evidence_line(check: Check) -> str:
    line = _("case {case} ({about}), {group}").format(
        case=check.scenario, about=check.about, group=check.group
    )
    if check.detail:
        line += _(": {detail}").format(detail=check.detail)
    if check.where is not None and check.expected is not None:
        line += _(" at [{index}] expected {expected}, got {got}").format(
            index=", ".join(map(str, check.where)), expected=f"{check.expected:.6g}", got=f"{check.got:.6g}"
        )
    rule = check.rule_text()
    if (
        check.error is not None and rule and check.status.failed and check.rule != "flag"
    ):  # a fact has no error
        line += _("; error {error}, allowed: {rule}").format(error=f"{check.error:.2e}", rule=rule)
    return line


def _values_view(values: CaseValues) -> RenderableType:
    """The smallest failing case in full, to compare by hand."""
    head = _("The case in full ({case}, call {call}):").format(case=values["case"], call=values["step"] + 1)
    lines = ["  " + head]
    for key, value in (("x", values["x"]), ("expected", values["expected"]), ("got", values["got"])):
        if value is None:
            continue
        rows = _rows(value)
        name = _(_VALUES[key]) if key in _VALUES else key
        lines.append("    " + " " * (8 - cell_len(name)) + name + " = " + rows[0])
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
