"""The bank as an Anki package (`bnquiz export --format anki`), written with genanki.

One deck per topic under a parent deck, one note per question: the prompt (with its choices, its
listing or its shuffled steps) on the front; the answer, the explanation and its sources on the
back. Text is the bank's Markdown-lite as HTML; a formula the cheat sheet also writes in LaTeX is
shown with MathJax, which Anki renders natively; listings are highlighted, with line numbers. A
note's GUID comes from the question's first id and the language, so importing a newer export
updates the notes it made before instead of adding new ones.
"""

from __future__ import annotations

import hashlib
import html
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bnquiz.language import N_, _, spoken
from bnquiz.quiz.kinds import kind_of
from bnquiz.quiz.kinds.base import LETTERS
from bnquiz.quiz.records import LEVELS

if TYPE_CHECKING:
    from bnquiz.quiz.records import Bank, Question

PARENT = N_("bnquiz: batch normalization")  # the parent deck; each topic's deck is under it
FIELDS = ("Prompt", "Extra", "Answer", "Explanation", "Sources", "Id")
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; line-height: 1.45; }
code { font-size: 0.9em; } pre { font-size: 14px; overflow-x: auto; }
.label { font-size: 0.8em; opacity: 0.7; text-transform: uppercase; margin-top: 0.8em; }"""
_FRONT = "{{Prompt}}{{Extra}}"
_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="label">{{Answer:label}}</div>{{Answer}}'
    "{{Explanation}}{{Sources}}"
)


def to_apkg(bank: Bank, path: Path, timestamp: float | None = None) -> int:
    """Write the bank to `path` as an .apkg, in the language in use; return how many notes.
    `timestamp`: the notes' modification time (now by default): Anki updates a note on import
    when the package's is newer."""
    import genanki

    model = _model()
    math = _formulas(bank)  # once for the whole bank, not once per note
    parent = _(PARENT)
    decks = []
    count = 0
    for topic in bank.topics:
        deck = genanki.Deck(_number(f"deck:{topic.id}:{spoken()}"), f"{parent}::{topic.title}")
        for question in bank.in_topic(topic.id):
            deck.add_note(_note(genanki, model, question, math))
            count += 1
        decks.append(deck)
    genanki.Package(decks).write_to_file(str(path), timestamp=timestamp)
    return count


def _model() -> Any:
    import genanki

    template = {
        "name": "bnquiz",
        "qfmt": _FRONT,
        "afmt": _BACK.replace("{{Answer:label}}", html.escape(_("Answer"))),
    }
    return genanki.Model(
        _number(f"model:{spoken()}"),
        "bnquiz",
        fields=[{"name": name} for name in FIELDS],
        templates=[template],
        css=_CSS,
        sort_field_index=FIELDS.index("Id"),
    )


def _note(genanki: Any, model: Any, question: Question, math: dict[str, str]) -> Any:
    exported = kind_of(question).export(question)
    extra = ""
    if "choices" in exported:  # in the bank's order: the answer's letters refer to it
        extra = _lettered(exported["choices"], math)
    elif question.steps:  # an order question: its steps shuffled, the same way each export
        steps = list(question.steps)
        random.Random(question.id).shuffle(steps)
        extra = _lettered(steps, math)
    if question.code:
        extra += _listing(question.code)
    answer = _text(str(exported.get("answer_text", question.answer)), math)
    if question.points:
        points = "".join(f"<li>{_text(p, math, inline=True)}</li>" for p in question.points)
        answer += _label(_("Key points")) + f"<ul>{points}</ul>"
    if question.fix:
        answer += _label(_("Fixed")) + _listing(question.fix)
    explanation = _label(_("Why")) + _text(question.explain, math)
    fields = [_text(question.prompt, math), extra, answer, explanation, _sources(question), question.id]
    first = question.aliases[0] if question.aliases else question.id  # the id it first shipped under
    return genanki.Note(
        model=model, fields=fields, tags=_tags(question), guid=genanki.guid_for(first, spoken())
    )


def _text(text: str, math: dict[str, str], inline: bool = False) -> str:
    """The bank's Markdown-lite as HTML, each formula the sheet writes in LaTeX as MathJax."""
    from markdown_it import MarkdownIt

    held: list[str] = []
    for formula, tex in math.items():
        while formula in text:
            text = text.replace(formula, f"BNQUIZMATH{len(held)}X", 1)
            held.append(f"\\({html.escape(tex, quote=False)}\\)")
    parser = MarkdownIt("commonmark")
    rendered = str(parser.renderInline(text) if inline else parser.render(text))
    for index, tex in enumerate(held):
        rendered = rendered.replace(f"BNQUIZMATH{index}X", tex, 1)
    return rendered


def _formulas(bank: Bank) -> dict[str, str]:
    """The sheet's formulas, as the bank's text writes them → their LaTeX; longest first, so a
    formula inside another is never taken for it."""
    pairs = {e.formula: e.tex for t in bank.topics for e in t.sheet if e.formula and e.tex}
    return dict(sorted(pairs.items(), key=lambda pair: -len(pair[0])))


def _lettered(items: list[str], math: dict[str, str]) -> str:
    rows = "".join(f"<li>{LETTERS[i]}) {_text(item, math, inline=True)}</li>" for i, item in enumerate(items))
    return f'<ul style="list-style: none; padding-left: 0">{rows}</ul>'


def _listing(code: str) -> str:
    """A code listing, highlighted, with the line numbers its questions refer to."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return str(highlight(code, PythonLexer(), HtmlFormatter(noclasses=True, linenos="inline")))


def _sources(question: Question) -> str:
    items = []
    for citation in question.citations:
        source = citation.source
        where = f", {html.escape(citation.locator)}" if citation.locator else ""
        link = f'<a href="{html.escape(source.url)}">{html.escape(source.title)}</a>'
        items.append(f"<li>{html.escape(source.short)}: {link}{where}</li>")
    return _label(_("Sources")) + f"<ul>{''.join(items)}</ul>" if items else ""


def _label(text: str) -> str:
    return f'<div class="label">{html.escape(text)}</div>'


def _tags(question: Question) -> list[str]:
    """Topic, level and misconception, as Anki's hierarchical tags (no spaces)."""
    tags = [f"bnquiz::topic::{question.topic}", f"bnquiz::level::{LEVELS[question.level]}"]
    if question.misconception:
        tags.append(f"bnquiz::misconception::{question.misconception}")
    return [tag.replace(" ", "_") for tag in tags]


def _number(text: str) -> int:
    """A stable id in the range Anki's ids use, from a name."""
    digest = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)
    return (1 << 30) + digest % (1 << 30)
