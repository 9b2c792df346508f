"""The home screen's numbers (`bnquiz` alone, in a terminal): what is due for review, what was
never answered, how the last session went, and which drills are passed and which comes next.

Read from a store opened only to look (`database.peek`), or from none: a user who has never
answered has nothing to read, and gets the same `Home` with nothing done yet. Only questions
still in the bank count, history kept under a former id as the question's own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from bnquiz.outcome import Verdict

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bnquiz.progress.store import Store
    from bnquiz.quiz.records import Bank

PAUSE = timedelta(minutes=30)  # no session is recorded as such: a longer pause, or a new mode, ends one
SHORT, LONGEST = 64, 1000  # answers read back for the last session: first, and at most


class Session(NamedTuple):
    """The last session: its answers, how many were right, and how long ago it ended."""

    right: int
    asked: int
    ago: timedelta


class Home(NamedTuple):
    """Where the user stands: the numbers the home screen shows."""

    questions: int  # in the bank
    topics: int
    due: int  # questions due for review now
    new: int  # questions never answered
    last: Session | None  # None: nothing answered yet
    drills: int
    passed: int  # drills passed
    next_drill: str | None  # the first drill, in the drill list's order, not passed yet


def survey(store: Store | None, bank: Bank, drills: list[str], when: datetime) -> Home:
    """Where the user stands at `when`; `store` None is a user with no progress yet."""
    ids = {q.id for q in bank.questions}
    current = {old: q.id for old, q in bank.renames().items()}

    def kept(found: Iterable[str]) -> set[str]:
        return {current.get(qid, qid) for qid in found} & ids

    if store is None:
        due, answered, passed, last = set(), set(), set(), None
    else:
        due, answered = kept(store.due(when)), kept(store.answered())
        passed = {drill for drill, totals in store.drill_totals().items() if totals.passed}
        last = _last(store, when)
    return Home(
        questions=len(ids),
        topics=len(bank.topics),
        due=len(due),
        new=len(ids - answered),
        last=last,
        drills=len(drills),
        passed=sum(drill in passed for drill in drills),
        next_drill=next((drill for drill in drills if drill not in passed), None),
    )


def _last(store: Store, when: datetime) -> Session | None:
    """The last session: the latest answers back to the first pause of PAUSE or more, or to an
    answer given in another mode (a review right after a quiz). Most sessions are a dozen
    answers: the latest few are read first, and more only when the session goes on past them."""
    for page in (SHORT, LONGEST):
        recent = store.recent(page)
        verdicts = _session(recent)
        if len(verdicts) < len(recent) or len(recent) < page:
            break
    if not recent:
        return None
    right = sum(v == Verdict.RIGHT for v in verdicts)
    return Session(right, len(verdicts), max(when - recent[0][0], timedelta(0)))


def _session(recent: list[tuple[datetime, Verdict, str]]) -> list[Verdict]:
    """The verdicts of the session the `recent` answers (newest first) begin with."""
    verdicts: list[Verdict] = []
    for i, (at, verdict, mode) in enumerate(recent):
        if i and (mode != recent[0][2] or recent[i - 1][0] - at >= PAUSE):
            break
        verdicts.append(verdict)
    return verdicts
