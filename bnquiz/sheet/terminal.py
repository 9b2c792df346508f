"""The cheat sheet as Rich renderables: reads well at 80 columns, formulas in Unicode."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from bnquiz.language import _
from bnquiz.markup import inline
from bnquiz.sheet.content import MISCONCEPTIONS, SOURCES, Sheet


def render_terminal(sheet: Sheet) -> RenderableType:
    parts: list[RenderableType] = [Text(sheet.title, style="bold"), Text()]
    for topic in sheet.topics:
        parts.append(Rule(Text(topic.title), style="cyan", align="left"))
        for entry in topic.sheet:
            head = Text(entry.title, style="bold")
            head.append(f"  {sheet.refs(entry)}", style="dim")
            parts += [head, Padding(inline(entry.text), (0, 0, 0, 2))]
            if entry.formula:
                parts.append(Padding(Text(entry.formula, style="bold magenta"), (0, 0, 0, 4)))
            if entry.table:
                parts.append(Padding(_table(entry.table), (0, 0, 0, 2)))
        parts.append(Text())
    if sheet.misconceptions:
        parts.append(Rule(_(MISCONCEPTIONS), style="cyan", align="left"))
        for item in sheet.misconceptions:
            line = Text("✗ ", style="red")
            line.append(item.claim)
            line.append("\n  ✓ ", style="green")
            line.append(item.correction)
            parts.append(line)
        parts.append(Text())
    parts.append(Rule(_(SOURCES), style="cyan", align="left"))
    for number, source in enumerate(sheet.sources, 1):
        line = Text(f"[{number}] ", style="dim")
        line.append(f"{source.short}. {source.title}. ")
        line.append(source.url, style="dim")
        parts.append(line)
    return Group(*parts)


def _table(rows: tuple[tuple[str, ...], ...]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for cell in rows[0]:
        table.add_column(Text(cell), overflow="fold")
    for row in rows[1:]:
        table.add_row(*(inline(cell) for cell in row))
    return table
