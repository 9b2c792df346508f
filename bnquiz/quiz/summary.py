"""A finished session: its score by topic, and its record as a JSON-ready document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from bnquiz.outcome import Verdict

if TYPE_CHECKING:
    from bnquiz.quiz.plan import Plan
    from bnquiz.quiz.records import Bank
    from bnquiz.quiz.session import Attempt


class TopicScore(NamedTuple):
    topic: str
    title: str
    asked: int
    right: int
    score: float  # sum of attempt scores (text questions give partial credit)


class Summary(NamedTuple):
    topics: tuple[TopicScore, ...]
    asked: int
    right: int
    score: float
    seconds: float
    missed: tuple[str, ...]  # wrong or partly right
    skipped: tuple[str, ...]


def summarize(bank: Bank, attempts: list[Attempt], seconds: float) -> Summary:
    """Score the attempts by topic, in the bank's topic order."""
    rows = []
    for topic in bank.topics:
        mine = [a for a in attempts if a.question.topic == topic.id]
        if mine:
            right = sum(a.verdict == Verdict.RIGHT for a in mine)
            rows.append(TopicScore(topic.id, topic.title, len(mine), right, sum(a.score for a in mine)))
    return Summary(
        topics=tuple(rows),
        asked=len(attempts),
        right=sum(a.verdict == Verdict.RIGHT for a in attempts),
        score=sum(a.score for a in attempts),
        seconds=seconds,
        missed=tuple(a.question.id for a in attempts if a.verdict.missed),
        skipped=tuple(a.question.id for a in attempts if a.verdict == Verdict.SKIPPED),
    )


def to_record(plan: Plan, attempts: list[Attempt], summary: Summary) -> dict[str, Any]:
    """The session as a JSON-ready document: every question, the answer given, the verdict."""
    from bnquiz import __version__

    return {
        "bnquiz": __version__,
        "seed": plan.seed,
        "seconds": round(summary.seconds, 3),
        "attempts": [_attempt(a) for a in attempts],
        "summary": {
            "asked": summary.asked,
            "right": summary.right,
            "score": round(summary.score, 4),
            "missed": list(summary.missed),
            "skipped": list(summary.skipped),
            "topics": [
                {"topic": t.topic, "asked": t.asked, "right": t.right, "score": round(t.score, 4)}
                for t in summary.topics
            ],
        },
    }


def _attempt(a: Attempt) -> dict[str, Any]:
    from bnquiz.quiz.kinds import kind_of

    q = a.question
    return {
        "id": q.id,
        "topic": q.topic,
        "kind": q.kind,
        "level": q.level,
        "prompt": q.prompt,
        "answer": kind_of(q).describe(q),
        "given": a.given,
        "response": a.response,
        "verdict": a.verdict,
        "score": round(a.score, 4),
        "hint_used": a.hint_used,
        "seconds": round(a.seconds, 3),
    }
