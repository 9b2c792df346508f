"""Spaced review with FSRS: rate each answer, reschedule its card, pick what is due.

Ratings come from the verdict, the hint and the time taken:
wrong or skipped → Again; partly right (a text answer missing key points), or right only after
the hint or after more than a minute → Hard; right within 10 seconds → Easy; otherwise Good.
"""

from __future__ import annotations

import random
import sqlite3
import zlib
from datetime import datetime, timedelta
from typing import Any

from bnquiz.bank import Bank
from bnquiz.errors import UsageError
from bnquiz.quiz import Attempt, Plan, shuffled
from bnquiz.store import Store, stamp

FAST, SLOW = 10.0, 60.0  # seconds
NEW_PER_SESSION = 5  # new questions a review introduces at most


def rating(attempt: Attempt) -> int:
    """The FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) that this attempt earns."""
    if attempt.verdict in ("wrong", "skipped"):
        return 1
    if attempt.verdict == "partial" or attempt.hint_used or attempt.seconds > SLOW:
        return 2
    return 4 if attempt.seconds <= FAST else 3


def reschedule(
    card_json: str | None, question_id: str, grade: int, when: datetime, fuzz: bool = True
) -> tuple[str, float | None, str]:
    """The question's card after this review: (due, stability, card JSON)."""
    from fsrs import Card, Rating, Scheduler

    card = (
        Card.from_json(card_json) if card_json else Card(card_id=zlib.crc32(question_id.encode()), due=when)
    )
    card, _ = Scheduler(enable_fuzzing=fuzz).review_card(card, Rating(grade), review_datetime=when)
    return stamp(card.due), card.stability, card.to_json()


class Recorder:
    """Writes each finished attempt to the store (and reschedules it, unless cramming)."""

    def __init__(self, store: Store, mode: str, clock: Any, fuzz: bool = True) -> None:
        self.store = store
        self.mode = mode  # "quiz", "review" or "cram"
        self.clock = clock
        self.fuzz = fuzz
        self.error: str | None = None

    def __call__(self, attempt: Attempt) -> None:
        """Record the attempt; a failure to write stops recording, never the session."""
        if self.error is None:
            try:
                self._record(attempt)
            except sqlite3.Error as exc:
                self.error = f"stopped recording progress: {exc}"

    def _record(self, attempt: Attempt) -> None:
        q, when = attempt.question, self.clock()
        card = None
        if self.mode != "cram":  # cramming the night before must not push real reviews around
            # read now, not at the start: another session may have reviewed it since
            card = reschedule(self.store.card(q.id), q.id, rating(attempt), when, self.fuzz)
        self.store.record_answer(
            q.id,
            q.topic,
            attempt.given,
            attempt.verdict,
            attempt.score,
            attempt.hint_used,
            attempt.seconds,
            q.misconception,
            self.mode,
            when,
            card,
        )


def review_plan(
    bank: Bank,
    cards: dict[str, tuple[str, float | None, str]],
    topics: list[str] | None,
    count: int,
    when: datetime,
    cram: bool = False,
    seed: int | None = None,
) -> tuple[Plan, str | None]:
    """What to review now: the due questions (most overdue first), then a few new ones; with
    `cram`, every question of the chosen topics, due ones and weak ones first. Returns the plan
    and, when nothing is due, a one-line note on when the next review falls."""
    if count < 1:
        raise UsageError("--count must be at least 1")
    topics = [bank.topic(t).id for t in topics or []]  # any case; an unknown one is a UsageError
    pool = [q for q in bank.questions if not topics or q.topic in topics]
    known = [q for q in pool if q.id in cards]  # removed questions simply never show up here
    due = sorted((q for q in known if _due(cards[q.id]) <= when), key=lambda q: _due(cards[q.id]))
    new = [q for q in pool if q.id not in cards]
    rng = random.Random(seed)
    rng.shuffle(new)
    if cram:
        later = sorted((q for q in known if _due(cards[q.id]) > when), key=lambda q: cards[q.id][1] or 0.0)
        chosen = (due + new + later)[:count]
    else:
        chosen = (due + new[: max(0, min(NEW_PER_SESSION, count - len(due)))])[:count]
    note = None
    if not chosen:
        upcoming = sorted(_due(cards[q.id]) for q in known)
        note = "Nothing is due."
        if upcoming:
            note += f" The next review is {_when(upcoming[0] - when)} ({_count_due(upcoming, upcoming[0])})."
        note += " Use --cram to review anyway."
    seed = rng.randrange(10**6) if seed is None else seed
    orders = {q.id: shuffled(rng, len(q.steps)) for q in chosen if q.kind == "order"}
    return Plan(tuple(chosen), seed, orders), note


def _due(card: tuple[str, float | None, str]) -> datetime:
    return datetime.fromisoformat(card[0])


def _when(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return f"in {max(1, round(hours * 60))} minutes"
    if hours < 36:
        return f"in {round(hours)} hours"
    return f"in {round(hours / 24)} days"


def _count_due(upcoming: list[datetime], first: datetime) -> str:
    n = sum(d <= first + timedelta(hours=12) for d in upcoming)
    return f"{n} question{'s' * (n != 1)}"
