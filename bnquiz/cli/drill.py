"""`bnquiz drill …`: write batch norm yourself; bnquiz runs it against float64 references."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bnquiz.cli.base import Command, ForceOption, complete_drills, console, edge, new_app, say, store
from bnquiz.errors import UsageError
from bnquiz.language import _

if TYPE_CHECKING:
    from bnquiz.progress.stats import DrillStats

app = new_app("Coding drills: write batch norm yourself; bnquiz runs it against float64 references.")

NameArgument = Annotated[
    str,
    typer.Argument(metavar="NAME", help="The drill: forward, d2l or cs231n.", autocompletion=complete_drills),
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
    force: ForceOption = False,
) -> None:
    """Write a starter file: the exact signature, the contract in its docstring, no solution."""
    from bnquiz.drills import specs
    from bnquiz.files import check_writable, write_atomic

    drill = specs.get(name)
    chosen = specs.edition(drill, edition)
    target = path or Path(drill.starter_name)
    if target.is_dir():  # a folder: the starter goes in it, under its usual name
        target = target / drill.starter_name
    check_writable(target, keep=not force)
    write_atomic(target, chosen.starter_text(target))
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

    if path.is_dir():
        raise UsageError(_("{file} is a folder; give the .py file to check").format(file=path))
    if not path.is_file():
        raise UsageError(_("no such file: {file}").format(file=path))
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
