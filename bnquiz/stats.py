"""Where the user stands: per topic, drills, streak, the misconceptions their mistakes point to.

Everything is aggregated by SQLite; only questions still in the bank count, under the topic they
belong to now.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from bnquiz.bank import Bank
from bnquiz.store import MASTERED_DAYS, Store, stamp

DAYS_SOON = 7
CHART_DAYS = 14


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
    best: str  # "passed", "failed", "broken" or "" when never checked
    last: str  # ISO time of the last check


class Stats(NamedTuple):
    topics: tuple[TopicStats, ...]
    drills: tuple[DrillStats, ...]
    streak: int  # consecutive days with an answer, up to today (or yesterday)
    misconceptions: tuple[tuple[str, str, int], ...]  # id, claim, wrong answers pointing to it
    daily: tuple[tuple[str, int, float], ...]  # date, answers, accuracy: the last CHART_DAYS days
    answers: int


def compute(store: Store, bank: Bank, drills: list[str], when: datetime) -> Stats:
    per_question = {
        qid: (n, answered, score)
        for qid, n, answered, score in store.query(
            "SELECT question_id, COUNT(*), SUM(verdict != 'skipped'),"
            " SUM(CASE WHEN verdict != 'skipped' THEN score ELSE 0 END) FROM answers GROUP BY question_id"
        )
    }
    soon, current = stamp(when + timedelta(days=DAYS_SOON)), stamp(when)
    cards = {
        qid: (due, stability)
        for qid, due, stability in store.query("SELECT question_id, due, stability FROM cards")
    }
    topics = []
    for topic in bank.topics:
        ids = [q.id for q in bank.in_topic(topic.id)]
        seen = [i for i in ids if i in per_question]
        topics.append(
            TopicStats(
                topic.id,
                topic.title,
                len(ids),
                len(seen),
                sum(per_question[i][1] for i in seen),
                sum(per_question[i][2] for i in seen),
                sum(1 for i in ids if i in cards and cards[i][0] <= current),
                sum(1 for i in ids if i in cards and current < cards[i][0] <= soon),
                sum(1 for i in ids if i in cards and (cards[i][1] or 0) >= MASTERED_DAYS),
            )
        )
    return Stats(
        topics=tuple(topics),
        drills=tuple(drill_stats(store, drills)),
        streak=_streak(store, when.date()),
        misconceptions=tuple(_misconceptions(store, bank)),
        daily=tuple(_daily(store, when.date())),
        answers=sum(n for n, _, _ in per_question.values()),
    )


def drill_stats(store: Store, names: list[str]) -> list[DrillStats]:
    rows = {
        drill: (n, passed, worst_rank, last)
        for drill, n, passed, worst_rank, last in store.query(
            "SELECT drill, COUNT(*), MAX(status = 'passed'),"
            " MIN(CASE status WHEN 'passed' THEN 0 WHEN 'failed' THEN 1 ELSE 2 END), MAX(checked_at)"
            " FROM drill_checks GROUP BY drill"
        )
    }
    out = []
    for name in names:
        n, passed, rank, last = rows.get(name, (0, 0, None, ""))
        best = "" if rank is None else ("passed", "failed", "broken")[rank]
        out.append(DrillStats(name, n, bool(passed), best, last))
    return out


def _streak(store: Store, today: date) -> int:
    days = {
        date.fromisoformat(d)
        for (d,) in store.query("SELECT DISTINCT substr(answered_at, 1, 10) FROM answers")
    }
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _misconceptions(store: Store, bank: Bank, limit: int = 5) -> list[tuple[str, str, int]]:
    rows = store.query(
        "SELECT misconception, COUNT(*) FROM answers WHERE verdict IN ('wrong', 'partial')"
        " AND misconception IS NOT NULL GROUP BY misconception ORDER BY COUNT(*) DESC, misconception"
    )
    found = [(tag, bank.misconceptions[tag].claim, n) for tag, n in rows if tag in bank.misconceptions]
    return found[:limit]


def _daily(store: Store, today: date) -> list[tuple[str, int, float]]:
    start = (today - timedelta(days=CHART_DAYS - 1)).isoformat()
    rows = store.query(
        "SELECT substr(answered_at, 1, 10) AS day, COUNT(*), AVG(score) FROM answers"
        " WHERE verdict != 'skipped' AND answered_at >= ? GROUP BY day ORDER BY day",
        (start,),
    )
    return [(day, n, accuracy) for day, n, accuracy in rows]


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
                "best": d.best or None,
                "last_checked": d.last or None,
            }
            for d in stats.drills
        ],
        "misconceptions": [{"id": i, "claim": c, "wrong_answers": n} for i, c, n in stats.misconceptions],
        "daily": [{"date": d, "answers": n, "accuracy": round(a, 4)} for d, n, a in stats.daily],
    }
