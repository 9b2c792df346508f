"""The cheat sheet as a PDF, typeset offline by Typst: two columns, real math typesetting.

Formulas are written once in LaTeX (GitHub renders them in the Markdown sheet) and converted to
Typst math by `tex2typst`; Typst's own fonts (and, for Chinese, the CJK font bnquiz ships) are
used, so the PDF is the same on every machine.
"""

from __future__ import annotations

import re
from pathlib import Path

from bnquiz.errors import BnquizError
from bnquiz.language import _, current
from bnquiz.quiz.records import SheetEntry
from bnquiz.sheet.content import MISCONCEPTIONS, REFERENCES, SOURCES, SUBSCRIPT, Sheet

PAPERS = {"a4": "a4", "letter": "us-letter"}
FONTS = Path(__file__).parent / "fonts"  # bnquiz CJK: an OFL subset of Noto Sans CJK (scripts/font.py)
# Chinese: Typst's own Libertinus for Latin, Greek and digits, bnquiz CJK for the rest, a
# little smaller (CJK glyphs fill their em square) so that the facts keep to two pages
_TEXT = {"en": ("8.6pt", ""), "zh": ("8.3pt", ', region: "cn", font: ("Libertinus Serif", "bnquiz CJK")')}

_PREAMBLE = """\
#set document(title: "{title}")
#set page(paper: "{paper}", margin: (x: 1.1cm, y: 1.0cm), columns: 2,
  footer: context align(center, text(6.5pt, fill: gray)[{footer}]))
#set columns(gutter: 0.5cm)
#set text(size: {size}, lang: "{lang}"{fonts})
#set par(leading: 0.42em, spacing: 0.55em, justify: false)
#set table(stroke: 0.4pt + gray, inset: (x: 2.5pt, y: 1.8pt))
#show heading.where(level: 1): it => block(above: 0.4em, below: 0.35em, text(10.5pt, weight: "bold", it.body))
#show heading.where(level: 2): it => block(above: 0.75em, below: 0.3em, sticky: true,
  text(9pt, weight: "bold", fill: rgb("#1f4e79"), it.body))
#show math.equation.where(block: true): set block(above: 0.3em, below: 0.35em)
#show raw: set text(size: 7pt)
"""


def render_typst(sheet: Sheet, paper: str = "a4") -> str:
    """The Typst source of the sheet (compiled by `render_pdf`)."""
    footer = _escape(_("bnquiz cheat sheet · page {page}")).format(page="#counter(page).display()")
    preamble = _PREAMBLE.format(
        title=_escape_string(sheet.title),
        paper=PAPERS[paper],
        footer=footer,
        lang=current(),
        size=_TEXT[current()][0],
        fonts=_TEXT[current()][1],
    )
    out = [preamble]
    out.append(_page_title(sheet.title))
    for topic in sheet.topics:
        out.append(f"== {_escape(topic.title)}\n")
        out += [_entry(sheet, entry) for entry in topic.sheet]
    if sheet.whole:  # the facts on two pages; the long lists on a third, titled as such
        out += ["#pagebreak()", _page_title(_(REFERENCES))]
    if sheet.misconceptions:
        out.append(f"== {_escape(_(MISCONCEPTIONS))}\n")
        wrong, right = '#text(fill: rgb("#a33"))[✗]', '#text(fill: rgb("#2a7"))[✓]'
        out += [f"- {wrong} {_escape(m.claim)} {right} {_escape(m.correction)}" for m in sheet.misconceptions]
        out.append("")
    out.append(f"== {_escape(_(SOURCES))}\n")
    for source in sheet.sources:
        link = f'#link("{_escape_string(source.url)}")[#text(fill: gray)[{_escape(source.url)}]]'
        out.append(f"+ {_escape(source.short)}. _{_escape(source.title)}_. {link}")
    return "\n".join(out) + "\n"


def _page_title(title: str) -> str:
    return f'#place(top, float: true, scope: "parent", clearance: 0.5em)[= {_escape(title)}]\n'


def render_pdf(sheet: Sheet, paper: str = "a4") -> bytes:
    import typst

    try:
        # the fonts bnquiz ships and Typst's own only: the same PDF on every machine
        source = render_typst(sheet, paper).encode()
        # (typst's stubs tie the source's type to the font paths'; bytes and a str path work)
        return typst.compile(source, font_paths=[str(FONTS)], ignore_system_fonts=True)  # type: ignore[misc]
    except typst.TypstError as exc:  # a formula the converter got wrong, most likely
        raise BnquizError(
            _("the PDF could not be typeset: {error}").format(error=str(exc).splitlines()[0])
        ) from None


def _entry(sheet: Sheet, entry: SheetEntry) -> str:
    parts = [f"*{_escape(entry.title)}* #text(fill: gray)[{sheet.refs(entry)}] {_markup(entry.text)}"]
    if entry.tex:
        parts.append(f"$ {to_typst_math(entry.tex)} $")
    if entry.table:
        parts.append(_table(entry.table))
    body = "\n".join(parts)
    return f"#block(breakable: false, width: 100%)[{body}]\n"  # an entry never splits across columns


def to_typst_math(tex: str) -> str:
    """LaTeX math → Typst math (one formula)."""
    from tex2typst import tex2typst

    return str(tex2typst(tex))


def _table(rows: tuple[tuple[str, ...], ...]) -> str:
    header = ", ".join(f"[*{_markup(c)}*]" for c in rows[0])
    body = ", ".join(f"[{_markup(c)}]" for row in rows[1:] for c in row)
    return f"#table(columns: {len(rows[0])}, table.header({header}), {body})"


_SPECIAL = re.compile(r"([\\#$*_`<>@\[\]~=+/-])")


def _escape(text: str) -> str:
    """Plain text in Typst markup: every markup character escaped."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _markup(text: str) -> str:
    """Text with `code` spans: the spans become raw text, the rest is escaped, σ_B subscripted."""
    parts = " ".join(text.split()).split("`")
    return "".join(
        f'#raw("{_escape_string(part)}")' if i % 2 else _subscripted(part) for i, part in enumerate(parts)
    )


def _subscripted(text: str) -> str:
    out, last = [], 0
    for match in SUBSCRIPT.finditer(text):
        out += [_escape(text[last : match.start()]), _escape(match[1]), f"#sub[{_escape(match[2])}]"]
        last = match.end()
    return "".join([*out, _escape(text[last:])])


def _escape_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
