"""The bank's commands: `topics`, `show`, `validate` and `export`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bnquiz.cli.base import (
    BankOption,
    Command,
    ForceOption,
    OutputOption,
    banks,
    complete_ids,
    console,
    edge,
    load,
)
from bnquiz.errors import UsageError
from bnquiz.language import _, ngettext

if TYPE_CHECKING:
    from bnquiz.quiz.records import Bank

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
EXPORT_FORMATS = {".json": "json", ".apkg": "anki"}


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
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="json (the default) or anki (an .apkg).", show_default=False),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    bank: BankOption = None,
) -> None:
    """Export the whole bank for other tools (JSON), or as an Anki deck (.apkg).

    JSON: topics, questions, answers and sources. Anki: one deck per topic under one parent, one
    note per question with its answer, explanation and sources, tagged by topic, level and
    misconception, in the language chosen; without -o it is written to bnquiz.apkg here.
    Importing a newer deck updates the notes of the last one (their ids come from the
    questions') instead of adding new ones.
    """
    from bnquiz.files import check_writable, output_format

    if fmt is not None and fmt not in EXPORT_FORMATS.values():
        formats = ", ".join(EXPORT_FORMATS.values())
        raise UsageError(
            _("unknown format {format}; the formats are: {formats}").format(format=repr(fmt), formats=formats)
        )
    if output is None and fmt == "anki":
        output = Path("bnquiz.apkg")
    if output is not None:
        fmt = output_format(output, fmt, EXPORT_FORMATS)
        check_writable(output, keep=not force)
    loaded = load(bank)
    if fmt == "anki":
        from bnquiz.quiz.deck import to_apkg

        assert output is not None
        count = to_apkg(loaded, output)
        said = ngettext("{count} note written to {file}", "{count} notes written to {file}", count)
        typer.echo(said.format(count=count, file=output), err=True)
        return
    _export_json(loaded, output)


def _export_json(loaded: Bank, output: Path | None) -> None:
    import json

    from bnquiz.files import write_atomic
    from bnquiz.quiz.export import to_json

    text = json.dumps(to_json(loaded), indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        write_atomic(output, text)
        typer.echo(_("Bank written to {file}").format(file=output), err=True)


@app.command(cls=Command)
@edge
def schema(bank: BankOption = None) -> None:
    """Print the JSON Schema of the bank's YAML files, for editors.

    An editor with the YAML language server then completes keys and ids and flags mistakes as
    you type (see the bank's README). With --bank it also knows that bank's sources and
    misconceptions; the bundled bank's files name the copy that ships beside them."""
    import json

    from bnquiz.quiz.editorschema import bank_schema
    from bnquiz.quiz.loader import registry_ids

    ids = registry_ids(banks(bank))
    found = bank_schema(ids["sources.yaml"], ids["misconceptions.yaml"])
    typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
