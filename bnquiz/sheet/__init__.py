"""The cheat sheet: built from the topics' `sheet` entries, rendered for the terminal, Markdown
and PDF. One source: editing a topic's YAML changes the quiz and the sheet together.

    sheet = build_sheet(load_bank(), ["small-batch"])
    render(sheet, "markdown")            # or "terminal" (plain text, 100 columns), "pdf" (bytes)
"""

from __future__ import annotations

from bnquiz.sheet.content import Sheet, build_sheet

__all__ = ["FORMATS", "PAPERS", "SUFFIXES", "TEXT_WIDTH", "Sheet", "build_sheet", "render"]

FORMATS = ("terminal", "markdown", "pdf")
SUFFIXES = {".txt": "terminal", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}
PAPERS = ("a4", "letter")
TEXT_WIDTH = 100  # columns of the terminal sheet written to a file


def render(sheet: Sheet, fmt: str, paper: str = "a4") -> str | bytes:
    """The sheet as a file holds it: plain text for "terminal" (no colour), Markdown, or PDF bytes."""
    if fmt == "pdf":
        from bnquiz.sheet.pdf import render_pdf

        return render_pdf(sheet, paper)
    if fmt == "markdown":
        from bnquiz.sheet.markdown import render_markdown

        return render_markdown(sheet)
    import io

    from rich.console import Console

    from bnquiz.sheet.terminal import render_terminal

    console = Console(record=True, width=TEXT_WIDTH, file=io.StringIO())
    console.print(render_terminal(sheet))
    return console.export_text()
