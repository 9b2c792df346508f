"""Which questions a session asks, in which order: `plan` for a quiz (review plans its own)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, NamedTuple

from bnquiz.errors import UsageError
from bnquiz.language import _
from bnquiz.quiz.records import LEVELS

if TYPE_CHECKING:
    from bnquiz.quiz.records import Bank, Question


class Plan(NamedTuple):
    """The questions of one session, in order, and the display order of each that shuffles its
    items (question id → display position → item)."""

    questions: tuple[Question, ...]
    seed: int
    orders: dict[str, tuple[int, ...]]


def arrange(chosen: list[Question], seed: int, rng: random.Random) -> Plan:
    """A plan for these questions: each kind that shows its items shuffled draws their order."""
    from bnquiz.quiz.kinds import kind_of

    orders = {q.id: order for q in chosen if (order := kind_of(q).display_order(q, rng))}
    return Plan(tuple(chosen), seed, orders)


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
        raise UsageError(_("--count must be at least 1"))
    if level is not None and level not in LEVELS:
        raise UsageError(_("--level must be 1 (easy), 2 (medium) or 3 (hard)"))
    wanted_topics = bank.topic_ids(topics)  # any case; an unknown one is a UsageError

    def wanted(q: Question) -> bool:
        return (not wanted_topics or q.topic in wanted_topics) and (level is None or q.level == level)

    seed = random.SystemRandom().randrange(10**6) if seed is None else seed
    rng = random.Random(seed)
    if ids is not None:
        chosen = [q for q in dict.fromkeys(bank.question(i) for i in ids) if wanted(q)][:count]
    else:
        pool = [q for q in bank.questions if wanted(q)]
        chosen = rng.sample(pool, min(count, len(pool)))
    if not chosen:
        raise UsageError(_("no questions match the chosen topics and level"))
    return arrange(chosen, seed, rng)


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
    raise UsageError(
        _("--level must be 1 or easy, 2 or medium, 3 or hard (not {value})").format(value=repr(value))
    )
