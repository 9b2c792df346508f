"""Where the user stands: per topic, drills, streak, the misconceptions their mistakes point to.

Everything is aggregated by the store; only questions still in the bank count, under the topic
they belong to now.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from bnquiz.progress.clock import stamp

if TYPE_CHECKING:
    from bnquiz.outcome import Status
    from bnquiz.progress.rows import Card, Totals
    from bnquiz.progress.store import Store
    from bnquiz.quiz.records import Bank, Topic

DAYS_SOON = 7
CHART_DAYS = 14
MASTERED_DAYS = 21.0  # FSRS stability from which a question counts as mastered


class TopicStats(NamedTuple):
    topic: str
    title: str
    questions: int
    seen: int
    answered: int  # answers that were not skipped
    score: float  # sum of their scores (text answers give partial credit)
    due_now: int
    due_soon: int  # within DAYS_SOON days
    mastered: int

    @property
    def accuracy(self) -> float | None:
        return self.score / self.answered if self.answered else None


class DrillStats(NamedTuple):
    drill: str
    checks: int
    passed: bool
    best: Status | None  # None: never checked
    last: str  # the time of the last check, "" when never checked


class Stats(NamedTuple):
    topics: tuple[TopicStats, ...]
    drills: tuple[DrillStats, ...]
    streak: int  # consecutive days with an answer, up to today (or yesterday)
    misconceptions: tuple[tuple[str, str, int], ...]  # id, claim, wrong answers pointing to it
    daily: tuple[tuple[str, int, float], ...]  # date, answers, accuracy: the last CHART_DAYS days
    answers: int


def compute(store: Store, bank: Bank, drills: list[str], when: datetime) -> Stats:
    totals, cards = store.totals(), store.cards()
    known = dict(store.misconceptions())
    return Stats(
        topics=tuple(_topic(topic, bank, totals, cards, when) for topic in bank.topics),
        drills=tuple(drill_stats(store, drills)),
        streak=_streak(store.days(), when.date()),
        misconceptions=tuple(
            (tag, bank.misconceptions[tag].claim, n) for tag, n in known.items() if tag in bank.misconceptions
        )[:5],
        daily=tuple(store.daily(when.date() - timedelta(days=CHART_DAYS - 1))),
        answers=sum(t.answers for t in totals.values()),
    )


def _topic(
    topic: Topic, bank: Bank, totals: dict[str, Totals], cards: dict[str, Card], when: datetime
) -> TopicStats:
    ids = [q.id for q in bank.in_topic(topic.id)]
    seen = [i for i in ids if i in totals]
    due = [cards[i] for i in ids if i in cards]
    current, soon = stamp(when), stamp(when + timedelta(days=DAYS_SOON))
    return TopicStats(
        topic.id,
        topic.title,
        len(ids),
        len(seen),
        sum(totals[i].answered for i in seen),
        sum(totals[i].score for i in seen),
        sum(c.due <= current for c in due),
        sum(current < c.due <= soon for c in due),
        sum((c.stability or 0) >= MASTERED_DAYS for c in due),
    )


def drill_stats(store: Store, names: list[str]) -> list[DrillStats]:
    rows = store.drill_totals()
    return [
        DrillStats(name, r.checks, r.passed, r.best, r.last)
        if (r := rows.get(name))
        else DrillStats(name, 0, False, None, "")
        for name in names
    ]


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def to_json(stats: Stats) -> dict[str, Any]:
    return {
        "answers": stats.answers,
        "streak_days": stats.streak,
        "topics": [
            {
                "topic": t.topic,
                "title": t.title,
                "questions": t.questions,
                "seen": t.seen,
                "answered": t.answered,
                "accuracy": None if t.accuracy is None else round(t.accuracy, 4),
                "due_now": t.due_now,
                f"due_next_{DAYS_SOON}_days": t.due_soon,
                "mastered": t.mastered,
            }
            for t in stats.topics
        ],
        "drills": [
            {
                "drill": d.drill,
                "checks": d.checks,
                "passed": d.passed,
                "best": d.best,
                "last_checked": d.last or None,
            }
            for d in stats.drills
        ],
        "misconceptions": [{"id": i, "claim": c, "wrong_answers": n} for i, c, n in stats.misconceptions],
        "daily": [{"date": d, "answers": n, "accuracy": round(a, 4)} for d, n, a in stats.daily],
    }
