"""The quiz session engine: pick questions, record attempts, score by topic. No I/O."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from bnquiz.bank import LEVELS, Bank, Question
from bnquiz.errors import UsageError


@dataclass(frozen=True)
class Plan:
    """The questions of one session, in order, and the display order of each order question."""

    questions: tuple[Question, ...]
    seed: int
    orders: dict[str, tuple[int, ...]] = field(default_factory=dict)  # id → display pos → step


@dataclass(frozen=True)
class Attempt:
    question: Question
    verdict: str  # "right" | "partial" | "wrong" | "skipped"
    score: float
    given: str  # what the user typed, as typed
    response: str  # what that means, in the words of the answer key
    hint_used: bool
    seconds: float


@dataclass(frozen=True)
class TopicScore:
    topic: str
    title: str
    asked: int
    right: int
    score: float  # sum of attempt scores (text questions give partial credit)


@dataclass(frozen=True)
class Summary:
    topics: tuple[TopicScore, ...]
    asked: int
    right: int
    score: float
    seconds: float
    missed: tuple[str, ...]  # wrong or partial
    skipped: tuple[str, ...]


def plan(
    bank: Bank,
    topics: list[str] | None = None,
    count: int = 10,
    level: int | None = None,
    seed: int | None = None,
    ids: list[str] | None = None,
) -> Plan:
    """Pick `count` questions at random (reproducibly with `seed`) from the chosen topics and
    level; with `ids`, exactly those questions, in that order (still filtered, and cut to
    `count`)."""
    if count < 1:
        raise UsageError("--count must be at least 1")
    if level is not None and level not in LEVELS:
        raise UsageError("--level must be 1 (easy), 2 (medium) or 3 (hard)")
    topics = [bank.topic(t).id for t in topics or []]  # any case; an unknown one is a UsageError

    def wanted(q: Question) -> bool:
        return (not topics or q.topic in topics) and (level is None or q.level == level)

    seed = random.SystemRandom().randrange(10**6) if seed is None else seed
    rng = random.Random(seed)
    if ids is not None:
        chosen = [q for q in dict.fromkeys(bank.question(i) for i in ids) if wanted(q)][:count]
    else:
        pool = [q for q in bank.questions if wanted(q)]
        chosen = rng.sample(pool, min(count, len(pool)))
    if not chosen:
        raise UsageError("no questions match the chosen topics and level")
    orders = {q.id: shuffled(rng, len(q.steps)) for q in chosen if q.kind == "order"}
    return Plan(tuple(chosen), seed, orders)


def level_of(value: str | None) -> int | None:
    """--level as typed: 1, 2 or 3, or easy, medium or hard, in any case."""
    if value is None:
        return None
    names = {name: number for number, name in LEVELS.items()}
    text = value.strip().lower()
    if text in names:
        return names[text]
    if text.isdigit() and int(text) in LEVELS:
        return int(text)
    raise UsageError(f"--level must be 1 or easy, 2 or medium, 3 or hard (not {value!r})")


def shuffled(rng: random.Random, n: int) -> tuple[int, ...]:
    """A permutation of range(n) that is never the answer itself."""
    while True:
        order = list(range(n))
        rng.shuffle(order)
        if order != sorted(order):
            return tuple(order)


def summarize(bank: Bank, attempts: list[Attempt], seconds: float) -> Summary:
    """Score the attempts by topic, in the bank's topic order."""
    rows = []
    for topic in bank.topics:
        mine = [a for a in attempts if a.question.topic == topic.id]
        if mine:
            right = sum(a.verdict == "right" for a in mine)
            rows.append(TopicScore(topic.id, topic.title, len(mine), right, sum(a.score for a in mine)))
    return Summary(
        topics=tuple(rows),
        asked=len(attempts),
        right=sum(a.verdict == "right" for a in attempts),
        score=sum(a.score for a in attempts),
        seconds=seconds,
        missed=tuple(a.question.id for a in attempts if a.verdict in ("wrong", "partial")),
        skipped=tuple(a.question.id for a in attempts if a.verdict == "skipped"),
    )


def to_record(session: Plan, attempts: list[Attempt], summary: Summary) -> dict[str, Any]:
    """The session as a JSON-ready document: every question, the answer given, the verdict."""
    from bnquiz import __version__
    from bnquiz.answer import describe

    return {
        "bnquiz": __version__,
        "seed": session.seed,
        "seconds": round(summary.seconds, 3),
        "attempts": [
            {
                "id": a.question.id,
                "topic": a.question.topic,
                "kind": a.question.kind,
                "level": a.question.level,
                "prompt": a.question.prompt,
                "answer": describe(a.question),
                "given": a.given,
                "response": a.response,
                "verdict": a.verdict,
                "score": round(a.score, 4),
                "hint_used": a.hint_used,
                "seconds": round(a.seconds, 3),
            }
            for a in attempts
        ],
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
