"""The bank's commands: `topics`, `show`, `validate` and `export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bnquiz.cli.base import BankOption, Command, ForceOption, banks, complete_ids, console, edge, load
from bnquiz.errors import UsageError
from bnquiz.language import _, ngettext

app = typer.Typer()

QuestionArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="A question id, e.g. train-eval/eval-uses-running-stats.",
        autocompletion=complete_ids,
    ),
]
PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[PATH]...",
        help="Bank folders or YAML files to lint beside the bundled bank.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE instead of standard output.", show_default=False),
]
EXPORT_FORMATS = {".json": "json"}


@app.command(cls=Command)
@edge
def topics(bank: BankOption = None) -> None:
    """List the topics with their question counts and one-line summaries."""
    from bnquiz.quiz.screens import topics_table

    out = console()
    out.print(topics_table(load(bank), out.width))


@app.command(cls=Command)
@edge
def show(question_id: QuestionArgument, bank: BankOption = None) -> None:
    """Show one question with its answer, explanation and sources."""
    from bnquiz.quiz.screens import question_card

    loaded = load(bank)
    console().print(question_card(loaded.question(question_id), loaded))


@app.command(cls=Command)
@edge
def validate(paths: PathsArgument = None) -> None:
    """Lint the bundled bank and any given files or folders; print each problem as file:line: message."""
    from bnquiz.quiz.loader import collect, portability

    paths = banks(paths)
    loaded, problems = collect(paths)
    for problem in [*problems, *portability(paths)]:
        typer.echo(str(problem))
    if problems:
        found = ngettext("{count} problem found", "{count} problems found", len(problems))
        typer.echo(found.format(count=len(problems)), err=True)
        raise typer.Exit(1)
    ok = _("ok: {questions} questions in {topics} topics, {sources} sources")
    typer.echo(
        ok.format(questions=len(loaded.questions), topics=len(loaded.topics), sources=len(loaded.sources))
    )


@app.command(cls=Command)
@edge
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format (json).")] = "json",
    output: OutputOption = None,
    force: ForceOption = False,
    bank: BankOption = None,
) -> None:
    """Export the whole bank (topics, questions, answers, sources) for other tools."""
    import json

    from bnquiz.files import check_writable, output_format, write_atomic
    from bnquiz.quiz.export import to_json

    if fmt not in EXPORT_FORMATS.values():
        formats = ", ".join(EXPORT_FORMATS.values())
        raise UsageError(
            _("unknown format {format}; the formats are: {formats}").format(format=repr(fmt), formats=formats)
        )
    if output is not None:
        output_format(output, fmt, EXPORT_FORMATS)
        check_writable(output, keep=not force)
    text = json.dumps(to_json(load(bank)), indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        write_atomic(output, text)
        typer.echo(_("Bank written to {file}").format(file=output), err=True)
