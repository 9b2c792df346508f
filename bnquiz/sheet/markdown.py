"""The cheat sheet as GitHub Markdown: maths in $…$ and $$…$$, tables as pipes."""

from __future__ import annotations

from bnquiz.language import _
from bnquiz.sheet.content import MISCONCEPTIONS, SOURCES, SUBSCRIPT, Sheet


def render_markdown(sheet: Sheet) -> str:
    lines = [f"# {sheet.title}", ""]
    for topic in sheet.topics:
        lines += [f"## {topic.title}", ""]
        for entry in topic.sheet:
            lines += [f"**{entry.title}** {sheet.refs(entry)}  ", _escape(entry.text), ""]
            if entry.tex:
                lines += ["$$", entry.tex, "$$", ""]
            if entry.table:
                lines += [*_table(entry.table), ""]
    if sheet.misconceptions:
        lines += [f"## {_(MISCONCEPTIONS)}", ""]
        lines += [f"- ✗ {_escape(m.claim)}  \n  ✓ {_escape(m.correction)}" for m in sheet.misconceptions]
        lines.append("")
    lines += [f"## {_(SOURCES)}", ""]
    lines += [f"{n}. {s.short}. *{_escape(s.title)}*. <{s.url}>" for n, s in enumerate(sheet.sources, 1)]
    return "\n".join(lines) + "\n"


def _table(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(_escape(c).replace("|", "\\|") for c in cells) + " |"

    return [row(rows[0]), "|" + "---|" * len(rows[0]), *(row(r) for r in rows[1:])]


def _escape(text: str) -> str:
    """Keep `code` spans; stop a stray * or _ from turning into emphasis outside them."""
    parts = " ".join(text.split()).split("`")
    for i in range(0, len(parts), 2):
        plain = SUBSCRIPT.sub(r"\1<sub>\2</sub>", parts[i].replace("*", "\\*").replace("$", "\\$"))
        parts[i] = plain.replace("_", "\\_")
    return "`".join(parts)
