"""The bank's commands: `topics`, `show`, `validate` and `export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bnquiz.cli.base import BankOption, Command, ForceOption, banks, complete_ids, console, edge, load
from bnquiz.errors import UsageError

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

    console().print(topics_table(load(bank)))


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
        typer.echo(f"{len(problems)} problem{'s' * (len(problems) != 1)} found", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"ok: {len(loaded.questions)} questions in {len(loaded.topics)} topics, {len(loaded.sources)} sources"
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
        raise UsageError(f"unknown format {fmt!r}; the formats are: {', '.join(EXPORT_FORMATS.values())}")
    if output is not None:
        output_format(output, fmt, EXPORT_FORMATS)
        check_writable(output, keep=not force)
    text = json.dumps(to_json(load(bank)), indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        write_atomic(output, text)
        typer.echo(f"Bank written to {output}", err=True)
