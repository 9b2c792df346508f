"""`bnquiz drill …`: write batch norm yourself; bnquiz runs it against float64 references."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bnquiz.cli.base import Command, ForceOption, complete_drills, console, edge, new_app, say, store
from bnquiz.errors import UsageError
from bnquiz.language import _

if TYPE_CHECKING:
    from rich.console import Console

    from bnquiz.drills.watch import Watch
    from bnquiz.progress.stats import DrillStats

app = new_app("Coding drills: write batch norm yourself; bnquiz runs it against float64 references.")

NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME", help="The drill: `bnquiz drill list` names them.", autocompletion=complete_drills
    ),
]
PathArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="[PATH]", help="Where to write the starter file (a folder: in it).", show_default=False
    ),
]
FileArgument = Annotated[Path, typer.Argument(metavar="FILE", help="Your solution file.")]
StartEditionOption = Annotated[
    str | None,
    typer.Option(
        "--edition",
        help="d2l: classic (momentum on the old value) or current (on the new).",
        show_default=False,
    ),
]
DrillOption = Annotated[
    str | None,
    typer.Option(
        "--drill",
        help="The drill (inferred from the file when omitted).",
        show_default=False,
        autocompletion=complete_drills,
    ),
]
DeviceOption = Annotated[
    str | None,
    typer.Option("--device", help="cpu, cuda or all (default: every device present).", show_default=False),
]
EditionOption = Annotated[
    str | None,
    typer.Option(
        "--edition",
        help="d2l: classic or current (default: your file's marker, else what your code does).",
        show_default=False,
    ),
]
TimeoutOption = Annotated[float, typer.Option("--timeout", help="Seconds your code may run in all.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of the report.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Also show every case's checks.")]
NoRecordOption = Annotated[
    bool, typer.Option("--no-record", help="Do not record this check in your progress.")
]
BlindOption = Annotated[
    bool,
    typer.Option(
        "--blind",
        help="The interview setting: the signature, inputs and outputs, and none of the conventions.",
    ),
]
HintLevelOption = Annotated[
    int, typer.Option("--level", "-l", help="How far: 1 is a nudge, the last is the formula.")
]


@app.command("list", cls=Command)
@edge
def drill_list() -> None:
    """List the drills, what each asks you to write, how many checks each runs, and your best result."""
    from bnquiz.drills.report import drills_table
    from bnquiz.drills.specs import DRILLS

    cpu = ("cpu",)
    counts = {
        d.name: (d.check_count(cpu), d.check_count(("cpu", "cuda")) - d.check_count(cpu))
        for d in DRILLS.values()
    }
    console().print(drills_table(list(DRILLS.values()), _results(list(DRILLS)), counts))


def _results(names: list[str]) -> dict[str, DrillStats]:
    """Each drill's record from the progress store; empty when there is none to read."""
    from bnquiz.progress.database import exists
    from bnquiz.progress.stats import drill_stats

    if not exists():
        return {}
    with store() as opened:
        return {d.drill: d for d in drill_stats(opened, names)}


@app.command("start", cls=Command)
@edge
def drill_start(
    name: NameArgument,
    path: PathArgument = None,
    edition: StartEditionOption = None,
    blind: BlindOption = False,
    force: ForceOption = False,
) -> None:
    """Write a starter file: the exact signature, the contract in its docstring, no solution.

    With --blind, the docstring gives only what goes in and what comes out, as an interviewer
    would ask it: which dimensions, which variance, what is updated and how are yours to know.
    The report names every convention after the check.
    """
    from bnquiz.drills import specs
    from bnquiz.files import check_writable, write_atomic

    drill = specs.get(name)
    chosen = specs.edition(drill, edition)
    if blind and edition is not None:
        raise UsageError(_("--blind takes no --edition: the grader tells the edition from your code"))
    target = path or Path(drill.starter_name)
    if target.is_dir():  # a folder: the starter goes in it, under its usual name
        target = target / drill.starter_name
    check_writable(target, keep=not force)
    write_atomic(target, drill.blind_text(target) if blind else chosen.starter_text(target))
    typer.echo(
        _("Wrote {file}. Fill in the function(s), then: bnquiz drill check {file}").format(file=target)
    )


@app.command("check", cls=Command)
@edge
def drill_check(
    path: FileArgument,
    drill: DrillOption = None,
    device: DeviceOption = None,
    edition: EditionOption = None,
    timeout: TimeoutOption = 30.0,
    as_json: JsonOption = False,
    verbose: VerboseOption = False,
    no_record: NoRecordOption = False,
) -> None:
    """Run your file in a sandbox against the drill's battery and name what is wrong.

    Exit status: 0 all checks passed, 1 the submission is wrong or broke, 2 usage error.
    """
    from bnquiz.drills import check

    _require_file(path)
    verdict = check(path, drill, device, record=not no_record, edition=edition, timeout=timeout)
    for warning in verdict.warnings:
        say("warning", warning)
    if as_json:
        typer.echo(verdict.to_json())
    else:
        from bnquiz.drills.report import verdict_view

        console().print(verdict_view(verdict, verbose=verbose))
    if not verdict.passed:
        raise typer.Exit(1)


@app.command("watch", cls=Command)
@edge
def drill_watch(
    path: FileArgument,
    drill: DrillOption = None,
    device: DeviceOption = None,
    edition: EditionOption = None,
    timeout: TimeoutOption = 30.0,
    no_record: NoRecordOption = False,
) -> None:
    """Grade your file again each time you save it, showing the latest save's report; h shows the
    next hint, q (or Ctrl-C) stops.

    Each check runs in a fresh sandboxed process forked from one that has already imported
    torch, so a save is graded in a fraction of a second. Saves in quick succession are graded
    once.
    """
    from bnquiz.cli.terminal import Keys
    from bnquiz.drills.watch import Watch

    _require_file(path)
    out = console()
    hints = 0
    with Watch(path, drill, device, not no_record, edition, timeout) as watch, Keys() as keys:
        try:
            for count, saved in enumerate(watch.saves()):  # the first: the file as it is
                if saved:
                    _show_check(out, watch, first=count == 0)
                for key in keys.pressed().lower():
                    if key == "q":
                        return _stopped(out, path)
                    if key == "h":
                        hints += 1
                        _show_hint(out, watch, hints)
        except KeyboardInterrupt:
            out.print()
            _stopped(out, path)


def _stopped(out: Console, path: Path) -> None:
    out.print(_("Stopped watching {file}.").format(file=path), style="dim")


def _show_check(out: Console, watch: Watch, first: bool) -> None:
    """The report of the file as it is now, on a clear screen at a terminal. A first check that
    cannot be run (a bad option, a drill that cannot be told) ends the watch, as `drill check`
    would; a later save that cannot be graded only says why."""
    from rich.text import Text

    from bnquiz.drills.report import verdict_view, watch_header
    from bnquiz.errors import BnquizError

    try:
        verdict, error = watch.check(), None
    except BnquizError as exc:
        if first and isinstance(exc, UsageError):
            raise
        verdict, error = None, exc  # this save cannot be graded; the next one may be
    if out.is_terminal:
        out.clear()
    else:
        out.print()
    out.print(watch_header(watch.path, verdict))
    if verdict is None:
        out.print(Text.assemble((_("error:"), "bold red"), " ", str(error)))
        return
    for warning in verdict.warnings:
        out.print(Text.assemble((_("warning:"), "yellow"), " ", warning))
    out.print(verdict_view(verdict))  # it ends with the summary line, as `drill check`'s


def _show_hint(out: Console, watch: Watch, level: int) -> None:
    from bnquiz.drills.report import hint_view

    if watch.drill is None:
        out.print(_("No hint yet: the drill is not known until your file can be graded."))
        return
    out.print(hint_view(watch.drill, level))


def _require_file(path: Path) -> None:
    """The solution file `check` and `watch` take: a file that exists, not a folder."""
    if path.is_dir():
        raise UsageError(_("{file} is a folder; give the .py file to check").format(file=path))
    if not path.is_file():
        raise UsageError(_("no such file: {file}").format(file=path))


@app.command("hint", cls=Command)
@edge
def drill_hint(name: NameArgument, level: HintLevelOption = 1) -> None:
    """Show progressive hints for a drill, from a nudge to the formula."""
    from bnquiz.drills.report import hints_view
    from bnquiz.drills.specs import get

    drill = get(name)
    if level < 1:
        raise UsageError(_("--level must be at least 1"))
    console().print(hints_view(drill, min(level, len(drill.hints))))
