"""Spaced review with FSRS: rate each answer, reschedule its card, pick what is due, record it.

Ratings come from the verdict, the hint and the time taken:
wrong or skipped → Again; partly right (a text answer missing key points), or right only after
the hint or after more than a minute → Hard; right within 10 seconds → Easy; otherwise Good.
"""

from __future__ import annotations

import functools
import random
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bnquiz.errors import UsageError
from bnquiz.language import _, ngettext
from bnquiz.outcome import Verdict
from bnquiz.progress.clock import stamp
from bnquiz.progress.rows import Answer, Card
from bnquiz.progress.store import Store, StoreError

if TYPE_CHECKING:
    from bnquiz.quiz.plan import Plan
    from bnquiz.quiz.records import Bank
    from bnquiz.quiz.session import Attempt

FAST, SLOW = 10.0, 60.0  # seconds
NEW_PER_SESSION = 5  # new questions a review introduces at most


class Mode(StrEnum):
    """Why a session was run, as recorded with each answer."""

    QUIZ = "quiz"
    REVIEW = "review"
    CRAM = "cram"  # review everything now, without moving any card's schedule


def rating(attempt: Attempt | Answer) -> int:
    """The FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) that this attempt (or the answer it
    was recorded as) earns."""
    if attempt.verdict in (Verdict.WRONG, Verdict.SKIPPED):
        return 1
    if attempt.verdict == Verdict.PARTIAL or attempt.hint_used or attempt.seconds > SLOW:
        return 2
    return 4 if attempt.seconds <= FAST else 3


def reschedule(
    card_json: str | None, question_id: str, grade: int, when: datetime, fuzz: bool = True
) -> Card:
    """The question's card after this review. Its fuzz (FSRS spreads long intervals by a few
    days) is drawn from the question and the time of the review, so the same answers always
    give the same card: replayed after a merge (`replay`), the schedule is the one recorded."""
    from fsrs import Card as FsrsCard
    from fsrs import Rating

    if card_json:
        card = FsrsCard.from_json(card_json)
    else:
        card = FsrsCard(card_id=zlib.crc32(question_id.encode()), due=when)
    drawn = random.getstate()  # fsrs draws from the random module's own generator
    random.seed(f"{question_id} {stamp(when)}")
    try:
        card, _log = _scheduler(fuzz).review_card(card, Rating(grade), review_datetime=when)
    finally:
        random.setstate(drawn)
    return Card(stamp(card.due), card.stability, card.to_json())


def replay(question_id: str, answers: list[Answer], fuzz: bool = True) -> Card | None:
    """The card a question's answers (oldest first) give, reviewed one after another as they
    were recorded (crammed answers leave the schedule alone); None when none counts."""
    card = None
    for answer in answers:
        if answer.mode != Mode.CRAM:
            card = reschedule(
                card.card if card else None, question_id, rating(answer), answer.answered_at, fuzz
            )
    return card


@functools.cache
def _scheduler(fuzz: bool) -> Any:
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=fuzz)


class Recorder:
    """Writes each finished attempt to the store (and reschedules it, unless cramming)."""

    def __init__(self, store: Store, mode: Mode, clock: Callable[[], datetime], fuzz: bool = True) -> None:
        self.store = store
        self.mode = mode
        self.clock = clock
        self.fuzz = fuzz
        self.error: str | None = None

    def __call__(self, attempt: Attempt) -> None:
        """Record the attempt; a failure to write stops recording, never the session."""
        if self.error is None:
            try:
                self._record(attempt)
            except StoreError as exc:
                self.error = _("stopped recording progress: {error}").format(error=exc)

    def _record(self, attempt: Attempt) -> None:
        q, when = attempt.question, self.clock()
        card = None
        if self.mode != Mode.CRAM:  # cramming the night before must not push real reviews around
            # read now, not at the start: another session may have reviewed it since
            card = reschedule(self.store.card(q.id), q.id, rating(attempt), when, self.fuzz)
        answer = Answer(
            q.id,
            q.topic,
            when,
            attempt.given,
            attempt.verdict,
            attempt.score,
            attempt.hint_used,
            attempt.seconds,
            q.misconception,
            self.mode,
        )
        self.store.record_answer(answer, card)


def review_plan(
    bank: Bank,
    cards: dict[str, Card],
    topics: list[str] | None,
    count: int,
    when: datetime,
    cram: bool = False,
    seed: int | None = None,
) -> tuple[Plan, str | None]:
    """What to review now: the due questions (most overdue first), then a few new ones; with
    `cram`, every question of the chosen topics, due ones and weak ones first. Returns the plan
    and, when nothing is due, a one-line note on when the next review falls."""
    from bnquiz.quiz.plan import arrange

    if count < 1:
        raise UsageError(_("--count must be at least 1"))
    wanted = bank.topic_ids(topics)  # any case; an unknown one is a UsageError
    pool = [q for q in bank.questions if not wanted or q.topic in wanted]
    known = [q for q in pool if q.id in cards]  # removed questions simply never show up here
    due = sorted((q for q in known if _due(cards[q.id]) <= when), key=lambda q: _due(cards[q.id]))
    new = [q for q in pool if q.id not in cards]
    rng = random.Random(seed)
    rng.shuffle(new)
    if cram:
        later = sorted(
            (q for q in known if _due(cards[q.id]) > when), key=lambda q: cards[q.id].stability or 0.0
        )
        chosen = (due + new + later)[:count]
    else:
        chosen = (due + new[: max(0, min(NEW_PER_SESSION, count - len(due)))])[:count]
    note = None if chosen else _nothing_due([_due(cards[q.id]) for q in known], when)
    return arrange(chosen, rng.randrange(10**6) if seed is None else seed, rng), note


def next_up(bank: Bank, cards: dict[str, Card], when: datetime) -> str:
    """What a finished session leaves for next time: "Next: 3 due by tomorrow, 12 new left
    (bnquiz review)." (the bank's questions; new ones have never been answered)."""
    ids = {q.id for q in bank.questions}
    soon = when + timedelta(days=1)
    due = sum(_due(card) <= soon for qid, card in cards.items() if qid in ids)
    new = len(ids - set(cards))
    said = _("Next: {due}, {new} (bnquiz review).")
    return said.format(
        due=ngettext("{count} due by tomorrow", "{count} due by tomorrow", due).format(count=due),
        new=ngettext("{count} new left", "{count} new left", new).format(count=new),
    )


def _nothing_due(upcoming: list[datetime], when: datetime) -> str:
    note = _("Nothing is due.")
    if upcoming:
        first = min(upcoming)
        n = sum(d <= first + timedelta(hours=12) for d in upcoming)
        nearest = ngettext(
            " The next review is {when} ({count} question).",
            " The next review is {when} ({count} questions).",
            n,
        )
        note += nearest.format(when=_when(first - when), count=n)
    return note + _(" Use --cram to review anyway.")


def _due(card: Card) -> datetime:
    return datetime.fromisoformat(card.due)


def _when(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return _("in {count} minutes").format(count=max(1, round(hours * 60)))
    if hours < 36:
        return _("in {count} hours").format(count=round(hours))
    return _("in {count} days").format(count=round(hours / 24))
