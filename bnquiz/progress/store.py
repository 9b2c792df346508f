"""`Store`: the progress database behind named reads and writes; the one place that speaks SQL.

Every write is one short immediate transaction: a killed session loses at most the answer in
flight, and two sessions at once both record everything. Any SQLite failure leaves as a
`StoreError`, a message for the user, never as `sqlite3.Error`.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import NamedTuple, ParamSpec, TypeVar

from bnquiz.errors import BnquizError
from bnquiz.language import _
from bnquiz.outcome import Status, Verdict
from bnquiz.progress.clock import stamp

P = ParamSpec("P")
R = TypeVar("R")


class StoreError(BnquizError):
    """Progress could not be read or written (disk full, a lock held too long, …)."""


class Answer(NamedTuple):
    """One answer, as recorded."""

    question_id: str
    topic: str
    answered_at: datetime
    given: str  # as typed
    verdict: Verdict
    score: float
    hint_used: bool
    seconds: float
    misconception: str | None  # the tag the question tests, when it has one
    mode: str  # a review.Mode: quiz, review or cram


class Card(NamedTuple):
    """A question's review card: when it is due, how stable it is, the fsrs Card as JSON."""

    due: str  # a `clock.stamp`
    stability: float | None
    card: str


class Totals(NamedTuple):
    """A question's answers: how many, how many not skipped, and the sum of their scores."""

    answers: int
    answered: int
    score: float


class DrillTotals(NamedTuple):
    checks: int
    passed: bool
    best: Status
    last: str  # the `clock.stamp` of the latest check


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(_("progress database: {error}").format(error=exc)) from None

    return wrapper


class Store:
    """An open progress database (see `database.open_store`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: concurrent writers queue behind each other's lock."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @_guarded
    def record_answer(self, answer: Answer, card: Card | None = None) -> None:
        """Record one answer and, in the same transaction, the question's new review card."""
        row = (*answer[:2], stamp(answer.answered_at), *answer[3:6], int(answer.hint_used), *answer[7:])
        with self._write() as db:
            db.execute(
                "INSERT INTO answers (question_id, topic, answered_at, given, verdict, score, hint_used,"
                " seconds, misconception, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            if card is not None:
                db.execute(
                    "INSERT INTO cards (question_id, due, stability, card) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (question_id) DO UPDATE SET due = excluded.due,"
                    " stability = excluded.stability, card = excluded.card",
                    (answer.question_id, *card),
                )

    @_guarded
    def adopt(self, renames: dict[str, tuple[str, str]]) -> int:
        """Move the history kept under former question ids (old id → (new id, its topic)) onto
        the questions that carry them on; return how many answers moved. Where both ids have a
        review card (a merge), the card of the one answered last is kept. One transaction, and
        no write at all when nothing is kept under a former id (the usual case)."""
        if not renames:
            return 0
        marks = ",".join("?" * len(renames))
        held = {
            row[0]
            for row in self._db.execute(
                f"SELECT question_id FROM answers WHERE question_id IN ({marks})"
                f" UNION SELECT question_id FROM cards WHERE question_id IN ({marks})",
                [*renames, *renames],
            )
        }
        if not held:
            return 0
        moved = 0
        with self._write() as db:
            for old in sorted(held):
                new, topic = renames[old]
                last = dict(
                    db.execute(
                        "SELECT question_id, MAX(answered_at) FROM answers WHERE question_id IN (?, ?)"
                        " GROUP BY question_id",
                        (old, new),
                    )
                )
                if (last.get(old) or "") >= (last.get(new) or ""):
                    db.execute(
                        "DELETE FROM cards WHERE question_id = ? AND EXISTS"
                        " (SELECT 1 FROM cards WHERE question_id = ?)",
                        (new, old),
                    )
                    db.execute("UPDATE cards SET question_id = ? WHERE question_id = ?", (new, old))
                db.execute("DELETE FROM cards WHERE question_id = ?", (old,))
                moved += db.execute(
                    "UPDATE answers SET question_id = ?, topic = ? WHERE question_id = ?", (new, topic, old)
                ).rowcount
        return moved

    @_guarded
    def record_drill(
        self, drill: str, file: str, status: Status, findings: list[str], seconds: float, when: datetime
    ) -> None:
        import json  # here: the home screen reads the store, and never pays for json

        with self._write() as db:
            db.execute(
                "INSERT INTO drill_checks (drill, file, checked_at, status, findings, seconds)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (drill, file, stamp(when), str(status), json.dumps(findings), seconds),
            )

    @_guarded
    def forget(self, question_ids: list[str] | None) -> tuple[int, int]:
        """Delete the answers and cards of these questions (all, and every drill check, if None);
        return how many answers and drill checks went."""
        with self._write() as db:
            if question_ids is None:
                answers = db.execute("DELETE FROM answers").rowcount
                db.execute("DELETE FROM cards")
                return answers, db.execute("DELETE FROM drill_checks").rowcount
            marks = ",".join("?" * len(question_ids))
            answers = db.execute(f"DELETE FROM answers WHERE question_id IN ({marks})", question_ids).rowcount
            db.execute(f"DELETE FROM cards WHERE question_id IN ({marks})", question_ids)
            return answers, 0

    @_guarded
    def answers(self) -> list[Answer]:
        """Every answer, oldest first."""
        rows = self._db.execute(
            "SELECT question_id, topic, answered_at, given, verdict, score, hint_used, seconds,"
            " misconception, mode FROM answers ORDER BY id"
        )
        return [
            Answer(qid, topic, datetime.fromisoformat(at), given, Verdict(verdict), score, bool(hint), *rest)
            for qid, topic, at, given, verdict, score, hint, *rest in rows
        ]

    @_guarded
    def cards(self) -> dict[str, Card]:
        """question id → its review card."""
        rows = self._db.execute("SELECT question_id, due, stability, card FROM cards")
        return {qid: Card(due, stability, card) for qid, due, stability, card in rows}

    @_guarded
    def due(self, when: datetime) -> list[str]:
        """The questions whose review card is due by `when`."""
        rows = self._db.execute("SELECT question_id FROM cards WHERE due <= ?", (stamp(when),))
        return [qid for (qid,) in rows]

    @_guarded
    def answered(self) -> set[str]:
        """Every question answered at least once (a skip counts), from the index alone."""
        return {qid for (qid,) in self._db.execute("SELECT DISTINCT question_id FROM answers")}

    @_guarded
    def recent(self, limit: int) -> list[tuple[datetime, Verdict, str]]:
        """The latest `limit` answers, newest first: when, the verdict and the mode."""
        rows = self._db.execute(
            "SELECT answered_at, verdict, mode FROM answers ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [(datetime.fromisoformat(at), Verdict(verdict), mode) for at, verdict, mode in rows]

    @_guarded
    def card(self, question_id: str) -> str | None:
        """The question's card JSON, or None if it was never reviewed."""
        row = self._db.execute("SELECT card FROM cards WHERE question_id = ?", (question_id,)).fetchone()
        return str(row[0]) if row else None

    @_guarded
    def missed(self) -> list[str]:
        """The questions whose latest answer (a skip is not one) was wrong or partly right,
        the most recently answered first."""
        rows = self._db.execute(
            "SELECT question_id, verdict, MAX(answered_at) AS last FROM answers"
            " WHERE verdict != ? GROUP BY question_id ORDER BY last DESC",
            (Verdict.SKIPPED,),
        )  # SQLite gives the bare column `verdict` from the row of the MAX
        return [qid for qid, verdict, _last in rows if Verdict(verdict).missed]

    @_guarded
    def totals(self) -> dict[str, Totals]:
        """question id → its answers counted, for every question answered."""
        rows = self._db.execute(
            "SELECT question_id, COUNT(*), SUM(verdict != :skip),"
            " SUM(CASE WHEN verdict != :skip THEN score ELSE 0 END) FROM answers GROUP BY question_id",
            {"skip": Verdict.SKIPPED},
        )
        return {qid: Totals(n, answered, score) for qid, n, answered, score in rows}

    @_guarded
    def drill_totals(self) -> dict[str, DrillTotals]:
        """drill → its checks counted, for every drill checked."""
        ranked = list(Status)  # best first
        rank = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(ranked))
        rows = self._db.execute(
            f"SELECT drill, COUNT(*), MAX(status = ?), MIN(CASE status {rank} ELSE {len(ranked) - 1} END),"
            " MAX(checked_at) FROM drill_checks GROUP BY drill",
            (Status.PASSED,),
        )
        return {
            drill: DrillTotals(n, bool(passed), ranked[best], last) for drill, n, passed, best, last in rows
        }

    @_guarded
    def days(self) -> set[date]:
        """The days (UTC) with at least one answer."""
        rows = self._db.execute("SELECT DISTINCT substr(answered_at, 1, 10) FROM answers")
        return {date.fromisoformat(day) for (day,) in rows}

    @_guarded
    def misconceptions(self) -> list[tuple[str, int]]:
        """Misconception tags with the wrong or partly right answers that point to them, most first."""
        rows = self._db.execute(
            "SELECT misconception, COUNT(*) FROM answers WHERE verdict IN (?, ?)"
            " AND misconception IS NOT NULL GROUP BY misconception ORDER BY COUNT(*) DESC, misconception",
            (Verdict.WRONG, Verdict.PARTIAL),
        )
        return [(tag, n) for tag, n in rows]

    @_guarded
    def daily(self, since: date) -> list[tuple[str, int, float]]:
        """Per day from `since` on: the date, the answers not skipped, their mean score."""
        rows = self._db.execute(
            "SELECT substr(answered_at, 1, 10) AS day, COUNT(*), AVG(score) FROM answers"
            " WHERE verdict != ? AND answered_at >= ? GROUP BY day ORDER BY day",
            (Verdict.SKIPPED, since.isoformat()),
        )
        return [(day, n, accuracy) for day, n, accuracy in rows]
