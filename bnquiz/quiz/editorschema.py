"""The JSON Schema of the bank's YAML files, for editors: `bnquiz schema` prints it, and the
bundled copy ships as `bnquiz/questions/bank.schema.json`.

It is generated from the tables `validate` checks keys against (`fields`, and each kind's
`keys` and `rules`), with the ids of the sources and misconceptions the bank knows, so an editor
completes keys and ids and flags a mistake as it is typed. It is JSON Schema draft-07, which the
YAML language server and every validator read. What no schema can say (a question id starts
with its topic's id, a check is valid Python, ids are unique across files) only `validate` finds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bnquiz.quiz import fields
from bnquiz.quiz.fields import Field, Value
from bnquiz.quiz.kinds import KINDS, Kind

DRAFT = "http://json-schema.org/draft-07/schema#"
FILE_NAME = "bank.schema.json"  # beside the bundled bank; its files name it in their first line
# what a check must mention (as `validate` requires): the answer key, or what a sheet entry states
_QUESTION_CHECK: Value = {"pattern": r"\banswer\b"}
_ENTRY_CHECK: Value = {"pattern": r"\b(?:formula|tex|table|text)\b"}


def bank_schema(sources: Iterable[str], misconceptions: Iterable[str]) -> dict[str, Any]:
    """The schema of a topic file, `sources.yaml` and `misconceptions.yaml`, told apart by their
    lists; `sources` and `misconceptions`: the ids a question may cite and target."""
    cited = _ref("citation")
    entry_refs: dict[str, Value] = {"sources": {"items": cited}, "check": _ENTRY_CHECK}
    definitions: dict[str, Value] = {
        "topic-file": _object(fields.TOPIC_FILE, topic=_ref("topic"), questions={"items": _ref("question")}),
        "topic": _object(
            fields.TOPIC,
            sheet={"items": _ref("sheet-entry")},
            zh=_zh(fields.ZH_TOPIC, fields.TOPIC),
        ),
        "sheet-entry": _object(
            fields.SHEET_ENTRY, zh=_zh(fields.ZH_SHEET_ENTRY, fields.SHEET_ENTRY), **entry_refs
        )
        | {"dependencies": {"formula": ["tex", "check"], "tex": ["formula"], "table": ["check"]}},
        "question": _question(),
        "citation": _cited(sorted(sources)),
        "misconception-id": {"enum": sorted(misconceptions)},
    }
    common = {
        "sources": {"items": cited},
        "misconception": _ref("misconception-id"),
        "kind": {"enum": list(KINDS)},
        "check": _QUESTION_CHECK,
    }
    for kind in KINDS.values():
        definitions[f"question-{kind.name}"] = _kind_question(kind, common)
    for name, registry in fields.REGISTRIES.items():
        entry = registry.key.removesuffix("s")
        table = {"format": fields.FORMAT_FIELD, registry.key: Field(registry.about, {"type": "array"}, True)}
        definitions[name] = _object(table, **{registry.key: {"items": _ref(entry)}})
        zh = {"zh": _zh(fields.ZH_MISCONCEPTION, registry.entry)} if "zh" in registry.entry else {}
        definitions[entry] = _object(registry.entry, **zh)
    return {
        "$schema": DRAFT,
        "title": "bnquiz question bank",
        "description": "A topic file, sources.yaml or misconceptions.yaml (see questions/README.md).",
        "if": {"required": ["sources"]},
        "then": _ref("sources.yaml"),
        "else": {
            "if": {"required": ["misconceptions"]},
            "then": _ref("misconceptions.yaml"),
            "else": _ref("topic-file"),
        },
        "definitions": definitions,
    }


def _ref(name: str) -> Value:
    # draft-07 ignores whatever sits beside a $ref: wrapped, a description may stand next to it
    return {"allOf": [{"$ref": f"#/definitions/{name}"}]}


def _object(table: dict[str, Field], **refined: Value) -> Value:
    """An object with exactly the table's keys; `refined`: more of what a key's value must be."""
    return {
        "type": "object",
        "properties": {
            key: {"description": f.about, **f.value, **refined.get(key, {})} for key, f in table.items()
        },
        "required": fields.required(table),
        "additionalProperties": False,
    }


def _zh(keys: Iterable[str], table: dict[str, Field]) -> Value:
    """A `zh` block: the Chinese of the item's text keys, each of its English value's type."""
    return {
        "type": "object",
        "description": fields.QUESTION["zh"].about,
        "properties": {key: {"description": f"The Chinese {key}.", **table[key].value} for key in keys},
        "additionalProperties": False,
    }


def _cited(sources: list[str]) -> Value:
    """A source reference: a known id (completed by editors), or one followed by a locator."""
    alternatives = "|".join(_escaped(s) for s in sources)
    return {"anyOf": [{"enum": sources}, {"type": "string", "pattern": f"^(?:{alternatives}) "}]}


def _escaped(text: str) -> str:
    """The text as a regular expression that JavaScript's `u` mode reads too (`re.escape`
    escapes `-`, which that mode refuses)."""
    return "".join(f"\\{ch}" if ch in r"\^$.|?*+()[]{}/" else ch for ch in text)


def _question() -> Value:
    """Any question: its `kind` picks the definition that checks it (and that an editor
    completes the other keys from: listing every kind's keys here would offer them all)."""
    kind = {"description": fields.QUESTION["kind"].about, "enum": list(KINDS)}
    pick = [
        {
            "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
            "then": _ref(f"question-{name}"),
        }
        for name in KINDS
    ]
    return {"type": "object", "properties": {"kind": kind}, "required": ["kind"], "allOf": pick}


def _kind_question(kind: Kind, common: dict[str, Value]) -> Value:
    table = fields.QUESTION | kind.keys
    translated = [*fields.ZH_QUESTION, *sorted(kind.translated)]
    found = _object(table, **common, zh=_zh(translated, table))
    if kind.needs_check:
        found["required"] = [*found["required"], "check"]
    if rules := kind.rules():
        found["allOf"] = rules
    return found
