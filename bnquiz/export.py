"""The whole bank as plain data, for other tools."""

from __future__ import annotations

from typing import Any

from bnquiz.answer import describe, format_shape
from bnquiz.bank import LEVELS, Bank, Question


def to_json(bank: Bank) -> dict[str, Any]:
    """Topics, questions with their answers, and the sources they cite, JSON-ready."""
    from bnquiz import __version__

    return {
        "bnquiz": __version__,
        "format": 1,
        "topics": [
            {
                "id": t.id,
                "title": t.title,
                "summary": t.summary,
                "sheet": [{"title": e.title, "text": e.text, "formula": e.formula} for e in t.sheet],
                "questions": [_question(q) for q in bank.in_topic(t.id)],
            }
            for t in bank.topics
        ],
        "sources": [
            {"id": s.id, "short": s.short, "title": s.title, "url": s.url} for s in bank.sources.values()
        ],
    }


def _question(q: Question) -> dict[str, Any]:
    key: Any = q.answer
    if q.kind == "shape":
        key = format_shape(q.answer)
    elif q.kind == "multi":
        key = list(q.answer)
    elif q.kind == "order":
        key = list(q.steps)
    record: dict[str, Any] = {
        "id": q.id,
        "kind": q.kind,
        "level": q.level,
        "level_name": LEVELS[q.level],
        "prompt": q.prompt,
    }
    if q.choices:
        record["choices"] = list(q.choices)
    if q.points:
        record["points"] = list(q.points)
    record["answer"] = key
    record["answer_text"] = describe(q)
    if q.kind == "number":
        record["tolerance"] = q.tolerance
    record["explain"] = q.explain
    if q.hint:
        record["hint"] = q.hint
    if q.misconception:
        record["misconception"] = q.misconception
    record["sources"] = [{"id": c.source.id, "locator": c.locator} for c in q.citations]
    return record
