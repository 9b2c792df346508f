"""The report as HTML, for Jupyter: the same renderables the terminal shows (`report.py`), each
written as what it is in HTML. A table becomes a <table>, a line of styled text a <div> of
styled spans, so the report reads as a page (it wraps, it copies as text) rather than as a
picture of a terminal."""

from __future__ import annotations

import html
import io
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

_BOX = "font-family: var(--jp-code-font-family, monospace); font-size: 0.9em; line-height: 1.45"
_CELL = "padding: 0 1.2em 0 0; text-align: left"


def to_html(renderable: RenderableType) -> str:
    """One renderable of the report as HTML (anything else: as the terminal prints it)."""
    console = Console(width=100, color_system="truecolor", file=io.StringIO())  # measures, styles
    return f'<div class="bnquiz-report" style="{_BOX}">{_html(renderable, console)}</div>'


def _html(renderable: RenderableType, console: Console) -> str:
    if isinstance(renderable, Group):
        return "".join(_html(part, console) for part in renderable.renderables)
    if isinstance(renderable, Table):
        return _table(renderable, console)
    if isinstance(renderable, Text):
        return f'<div style="white-space: pre-wrap">{_spans(renderable, console)}</div>'
    with console.capture() as captured:
        console.print(renderable)
    return f"<pre>{html.escape(captured.get())}</pre>"


def _table(table: Table, console: Console) -> str:
    def cell(value: Any, tag: str) -> str:
        text = value if isinstance(value, Text) else Text(str(value))
        return f'<{tag} style="{_CELL}">{_spans(text, console)}</{tag}>'

    head = "".join(cell(column.header, "th") for column in table.columns)
    rows = zip(*(column.cells for column in table.columns), strict=True)
    body = "".join("<tr>" + "".join(cell(value, "td") for value in row) + "</tr>" for row in rows)
    return f'<table style="border-collapse: collapse; margin: 0.4em 0"><tr>{head}</tr>{body}</table>'


def _spans(text: Text, console: Console) -> str:
    """The text's spans, each in its style, inside its own style (which render() leaves out)."""
    out = []
    for segment in text.render(console):
        css = _css(segment.style)
        said = html.escape(segment.text)
        out.append(f'<span style="{css}">{said}</span>' if css else said)
    base = _css(console.get_style(text.style)) if text.style else ""
    return f'<span style="{base}">{"".join(out)}</span>' if base else "".join(out)


def _css(style: Style | None) -> str:
    if style is None:
        return ""
    rules = []
    if style.bold:
        rules.append("font-weight: bold")
    if style.dim:
        rules.append("opacity: 0.7")
    if style.italic:
        rules.append("font-style: italic")
    if style.color is not None and not style.color.is_default:
        rules.append(f"color: {style.color.get_truecolor().hex}")
    return "; ".join(rules)
