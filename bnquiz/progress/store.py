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
from typing import ParamSpec, TypeVar

from bnquiz.errors import BnquizError
from bnquiz.language import _
from bnquiz.outcome import Status, Verdict
from bnquiz.progress.clock import stamp
from bnquiz.progress.rows import (
    ANSWER,
    CHECK,
    Answer,
    Card,
    DrillCheck,
    DrillTotals,
    Merged,
    Totals,
    answer_of,
    answer_row,
    check_of,
    check_row,
    marks,
)

P = ParamSpec("P")
R = TypeVar("R")


class StoreError(BnquizError):
    """Progress could not be read or written (disk full, a lock held too long, …)."""


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
        with self._write() as db:
            db.execute(f"INSERT INTO answers ({ANSWER}) VALUES ({marks(ANSWER)})", answer_row(answer))
            if card is not None:
                _put_card(db, answer.question_id, card)

    @_guarded
    def merge(
        self,
        answers: list[Answer],
        checks: list[DrillCheck],
        rebuild: Callable[[str, list[Answer]], Card | None],
    ) -> Merged:
        """Add another history's answers and drill checks (those already here, by id, are left
        alone), and give each question that gained an answer the card `rebuild` makes of all its
        answers, oldest first (None: no card). One transaction: all of it, or none."""
        with self._write() as db:
            checks_before = self._count(db)[1]
            db.execute(f"CREATE TEMP TABLE incoming AS SELECT {ANSWER} FROM answers WHERE 0")
            db.executemany(f"INSERT INTO incoming VALUES ({marks(ANSWER)})", map(answer_row, answers))
            new = "FROM incoming WHERE uid NOT IN (SELECT uid FROM answers)"
            gained = [qid for (qid,) in db.execute(f"SELECT DISTINCT question_id {new} ORDER BY 1")]
            added = db.execute(f"INSERT OR IGNORE INTO answers ({ANSWER}) SELECT {ANSWER} {new}").rowcount
            db.execute("DROP TABLE temp.incoming")
            db.executemany(
                f"INSERT OR IGNORE INTO drill_checks ({CHECK}) VALUES ({marks(CHECK)})",
                map(check_row, checks),
            )
            for qid in gained:
                found = db.execute(
                    f"SELECT {ANSWER} FROM answers WHERE question_id = ? ORDER BY answered_at, id", (qid,)
                )
                card = rebuild(qid, [answer_of(row) for row in found])
                db.execute("DELETE FROM cards WHERE question_id = ?", (qid,))
                if card is not None:
                    _put_card(db, qid, card)
            return Merged(added, self._count(db)[1] - checks_before, len(gained))

    @staticmethod
    def _count(db: sqlite3.Connection) -> tuple[int, int]:
        found = db.execute(
            "SELECT (SELECT COUNT(*) FROM answers), (SELECT COUNT(*) FROM drill_checks)"
        ).fetchone()
        return int(found[0]), int(found[1])

    @_guarded
    def history(self) -> tuple[list[Answer], list[DrillCheck]]:
        """Every answer and every drill check, oldest recorded first, each with its id."""
        checks = self._db.execute(f"SELECT {CHECK} FROM drill_checks ORDER BY id")
        return self.answers(), [check_of(row) for row in checks]

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
        check = DrillCheck(drill, file, when, status, tuple(findings), seconds)
        with self._write() as db:
            db.execute(f"INSERT INTO drill_checks ({CHECK}) VALUES ({marks(CHECK)})", check_row(check))

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
        return [answer_of(row) for row in self._db.execute(f"SELECT {ANSWER} FROM answers ORDER BY id")]

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
        rows = self._db.execute("SELECT question_id, answers, answered, score FROM question_totals")
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
        rows = self._db.execute("SELECT day FROM day_totals")
        return {date.fromisoformat(day) for (day,) in rows}

    @_guarded
    def misconceptions(self) -> list[tuple[str, int]]:
        """Misconception tags with the wrong or partly right answers that point to them, most first."""
        rows = self._db.execute("SELECT tag, wrong FROM misconception_totals ORDER BY wrong DESC, tag")
        return [(tag, n) for tag, n in rows]

    @_guarded
    def daily(self, since: date) -> list[tuple[str, int, float]]:
        """Per day from `since` on: the date, the answers not skipped, their mean score."""
        rows = self._db.execute(
            "SELECT day, answered, score / answered FROM day_totals"
            " WHERE day >= ? AND answered > 0 ORDER BY day",
            (since.isoformat(),),
        )
        return [(day, n, accuracy) for day, n, accuracy in rows]


def _put_card(db: sqlite3.Connection, question_id: str, card: Card) -> None:
    db.execute(
        "INSERT INTO cards (question_id, due, stability, card) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (question_id) DO UPDATE SET due = excluded.due,"
        " stability = excluded.stability, card = excluded.card",
        (question_id, *card),
    )
