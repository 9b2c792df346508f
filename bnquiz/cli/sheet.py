"""`bnquiz cheatsheet`: the same facts as the quiz, on a page, a Markdown file or a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bnquiz.cli.base import BankOption, Command, ForceOption, TopicOption, console, edge, load
from bnquiz.errors import UsageError
from bnquiz.language import _

app = typer.Typer()

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="terminal, markdown or pdf (default: from -o's suffix, else terminal).",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE.", show_default=False)
]
PaperOption = Annotated[str, typer.Option("--paper", help="PDF paper size: a4 or letter.")]
NoPagerOption = Annotated[
    bool, typer.Option("--no-pager", help="Print straight to the terminal, never through a pager.")
]
PDF_DEFAULT = Path("bnquiz-cheatsheet.pdf")


@app.command(cls=Command)
@edge
def cheatsheet(
    topic: TopicOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    paper: PaperOption = "a4",
    force: ForceOption = False,
    no_pager: NoPagerOption = False,
    bank: BankOption = None,
) -> None:
    """Print the cheat sheet: every topic's key facts, formulas, tables, misconceptions and sources.

    PDF output goes to bnquiz-cheatsheet.pdf in the current folder unless -o says otherwise. In a
    terminal that it does not fit, the sheet goes through a pager: $BNQUIZ_PAGER, else $PAGER,
    else `less` (unless --no-pager).
    """
    from bnquiz import sheet
    from bnquiz.files import check_writable, output_format, write_atomic

    if fmt is not None and fmt not in sheet.FORMATS:
        formats = ", ".join(sheet.FORMATS)
        raise UsageError(
            _("unknown format {format}; the formats are: {formats}").format(format=repr(fmt), formats=formats)
        )
    if paper not in sheet.PAPERS:
        papers = _(" or ").join(sheet.PAPERS)
        raise UsageError(_("unknown paper {paper}; choose {papers}").format(paper=repr(paper), papers=papers))
    fmt = output_format(output, fmt, sheet.SUFFIXES) if output is not None else fmt or "terminal"
    output = PDF_DEFAULT if fmt == "pdf" and output is None else output
    if output is not None:
        check_writable(output, keep=not force)
    built = sheet.build_sheet(load(bank), topic)
    if output is not None:
        write_atomic(output, sheet.render(built, fmt, paper))
        wrote = _("Wrote {file}").format(file=output.resolve() if fmt == "pdf" else output)
        typer.echo(wrote, err=fmt != "pdf")
    elif fmt == "markdown":
        typer.echo(sheet.render(built, fmt), nl=False)
    else:
        from bnquiz.cli.terminal import show
        from bnquiz.sheet.terminal import render_terminal

        show(console(), render_terminal(built), pager=not no_pager)
