"""The whole bank as plain data, for other tools (`bnquiz export`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bnquiz.quiz.kinds import kind_of
from bnquiz.quiz.records import LEVELS

if TYPE_CHECKING:
    from bnquiz.quiz.records import Bank, Question


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
    record: dict[str, Any] = {
        "id": q.id,
        "kind": q.kind,
        "level": q.level,
        "level_name": LEVELS[q.level],
        "prompt": q.prompt,
        **kind_of(q).export(q),
        "explain": q.explain,
    }
    if q.hint:
        record["hint"] = q.hint
    if q.misconception:
        record["misconception"] = q.misconception
    if q.aliases:
        record["aliases"] = list(q.aliases)  # its former ids, which other tools' records may use
    record["sources"] = [{"id": c.source.id, "locator": c.locator} for c in q.citations]
    return record
