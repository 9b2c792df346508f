"""The keys of the bank's YAML files, declared once.

`validate` checks every mapping's keys against these tables (an unknown key is an error, a
required one must be there), and `bnquiz schema` turns the same tables into the JSON Schema that
editors complete and flag keys with (`editorschema`). A question kind declares its own keys the
same way (`Kind.keys`). Each value's type is a JSON Schema fragment; what a schema cannot say (a
question id starts with its topic's id, a check is valid Python) only `validate` checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from bnquiz.quiz.records import FORMAT, LEVELS

Value = dict[str, Any]  # a JSON Schema fragment: what the key's value must be

ID = "^[a-z0-9]+(?:-[a-z0-9]+)*$"  # kebab-case: a topic's id, the part after a question id's slash
QUESTION_ID = "^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$"


class Field(NamedTuple):
    about: str  # what the key is for: an editor shows it beside the key
    value: Value
    required: bool = False


def required(table: Mapping[str, Field]) -> list[str]:
    return [key for key, field in table.items() if field.required]


TEXT: Value = {"type": "string", "pattern": r"\S"}  # non-empty text
INDEX: Value = {"type": "integer", "minimum": 0}


def texts(low: int = 1, high: int | None = None) -> Value:
    """A list of `low` to `high` distinct non-empty texts (a number counts as text)."""
    value: Value = {
        "type": "array",
        "items": {"type": ["string", "number"], "pattern": r"\S"},
        "minItems": low,
        "uniqueItems": True,
    }
    return value if high is None else {**value, "maxItems": high}


_ROW: Value = {"type": "array", "minItems": 2, "items": {"type": ["string", "number"]}}  # cells, any text
_TABLE: Value = {
    "type": "object",
    "properties": {"header": _ROW, "rows": {"type": "array", "minItems": 1, "items": _ROW}},
    "required": ["header", "rows"],
    "additionalProperties": False,
}
_SOURCES = "Where it comes from: ids from sources.yaml, each with an optional locator (`ioffe2015 §3.2`)."
_CHECK = "Python the test suite runs; it raises when what it proves is wrong."
_ZH = "Its Chinese text: the same keys as the English it translates."

FORMAT_FIELD = Field("The file format: 1.", {"const": FORMAT}, True)
TOPIC_FILE: dict[str, Field] = {
    "format": FORMAT_FIELD,
    "topic": Field("The topic: id, title, summary, and its cheat-sheet entries.", {"type": "object"}, True),
    "questions": Field("The topic's questions.", {"type": "array", "minItems": 1}, True),
}
TOPIC: dict[str, Field] = {
    "id": Field("Kebab-case, unique across all banks.", {"type": "string", "pattern": ID}, True),
    "title": Field("The topic's title.", TEXT, True),
    "summary": Field("One paragraph; `bnquiz topics` shows its first sentence.", TEXT, True),
    "order": Field("Its place in listings and on the cheat sheet.", {"type": "integer"}),
    "sheet": Field("Cheat-sheet entries, in order.", {"type": "array"}),
    "zh": Field(_ZH, {"type": "object"}),
}
SHEET_ENTRY: dict[str, Field] = {
    "title": Field("The entry's title.", TEXT, True),
    "text": Field("Plain text with Unicode maths; `code` spans allowed.", TEXT, True),
    "formula": Field("One formula in readable Unicode (give `tex` too).", TEXT),
    "tex": Field("The same formula in LaTeX, for Markdown and the PDF.", TEXT),
    "table": Field("A table: `header` and `rows` of short cells, all of one width.", _TABLE),
    "sources": Field(_SOURCES, {"type": "array", "minItems": 1}, True),
    "check": Field(_CHECK + " It must test formula, tex, table or text.", TEXT),
    "zh": Field(_ZH, {"type": "object"}),
}
QUESTION: dict[str, Field] = {
    "id": Field(
        "'<topic id>/<kebab-case>', stable forever.", {"type": "string", "pattern": QUESTION_ID}, True
    ),
    "kind": Field("The question's kind: it decides the other keys.", {"type": "string"}, True),
    "level": Field("1 easy, 2 medium, 3 hard.", {"enum": list(LEVELS)}, True),
    "prompt": Field("The question.", TEXT, True),
    "explain": Field("Why the answer is right, and why the tempting wrong answer is wrong.", TEXT, True),
    "sources": Field(_SOURCES, {"type": "array", "minItems": 1}, True),
    "hint": Field("One line, shown on request.", TEXT),
    "misconception": Field("The misconception it targets: an id from misconceptions.yaml.", TEXT),
    "check": Field(_CHECK + " It must use `answer`.", TEXT),
    "aliases": Field(
        "The ids it had before it moved or absorbed a duplicate.",
        {"type": "array", "items": {"type": "string", "pattern": QUESTION_ID}},
    ),
    "zh": Field(_ZH, {"type": "object"}),
}
SOURCE: dict[str, Field] = {
    "id": Field("What questions cite.", TEXT, True),
    "short": Field("Shown after an explanation: 'Ioffe & Szegedy 2015'.", TEXT, True),
    "title": Field("The full title.", TEXT, True),
    "url": Field("Where to read it.", TEXT, True),
}
MISCONCEPTION: dict[str, Field] = {
    "id": Field("What a question's `misconception` names.", TEXT, True),
    "claim": Field("What people wrongly believe, in one line.", TEXT, True),
    "correction": Field("The truth, in one line.", TEXT, True),
    "zh": Field(_ZH, {"type": "object"}),
}


class Registry(NamedTuple):
    key: str  # the key of the file's list
    about: str
    entry: dict[str, Field]


REGISTRIES = {
    "sources.yaml": Registry("sources", "The sources that questions and sheet entries cite.", SOURCE),
    "misconceptions.yaml": Registry("misconceptions", "The misconceptions questions target.", MISCONCEPTION),
}
# what a `zh` block translates: its item's text keys (a question's kind adds its own: `Kind.translated`)
ZH_TOPIC = ("title", "summary")
ZH_SHEET_ENTRY = ("title", "text", "table")
ZH_QUESTION = ("prompt", "explain", "hint")
ZH_MISCONCEPTION = ("claim", "correction")
