"""Progress: a SQLite history of every answer and drill check, and each question's review card.

One file, `progress.db`, in `$BNQUIZ_HOME` or the platform's user data folder. WAL mode and one
short transaction per record: a killed session loses at most the answer in flight, and two
sessions at once both record everything. Schema changes are ordered, named migrations recorded in
the database itself, so a database written by an older bnquiz opens in a newer one. A file that
is not a healthy SQLite database is moved aside with a timestamped name, never overwritten.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bnquiz.errors import BnquizError, UsageError

FILE = "progress.db"
MASTERED_DAYS = 21.0  # FSRS stability from which a question counts as mastered
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []
migration = MIGRATIONS.append


@migration
def m001_answers(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            question_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            answered_at TEXT NOT NULL,      -- UTC, ISO 8601
            given TEXT NOT NULL,            -- as typed
            verdict TEXT NOT NULL,          -- right, partial, wrong, skipped
            score REAL NOT NULL,
            hint_used INTEGER NOT NULL,
            seconds REAL NOT NULL,
            misconception TEXT,             -- the tag the question tests, when it has one
            mode TEXT NOT NULL              -- quiz, review, cram
        )"""
    )
    db.execute("CREATE INDEX answers_question ON answers (question_id, answered_at)")


@migration
def m002_drill_checks(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE drill_checks (
            id INTEGER PRIMARY KEY,
            drill TEXT NOT NULL,
            file TEXT NOT NULL,
            checked_at TEXT NOT NULL,
            status TEXT NOT NULL,           -- passed, failed, broken
            findings TEXT NOT NULL,         -- JSON list of finding ids
            seconds REAL NOT NULL
        )"""
    )


@migration
def m003_cards(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE cards (
            question_id TEXT PRIMARY KEY,   -- keyed on the stable id: editing a question keeps it
            due TEXT NOT NULL,
            stability REAL,
            card TEXT NOT NULL              -- the fsrs Card as JSON
        )"""
    )
    db.execute("CREATE INDEX cards_due ON cards (due)")


class Unusable(BnquizError):
    """The progress folder or file cannot be used (read-only, locked, …); each command adds
    what the user can do about it there."""


def home() -> Path:
    """Where progress lives: $BNQUIZ_HOME, else the platform's user data folder."""
    override = os.environ.get("BNQUIZ_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("bnquiz", appauthor=False)


def now() -> datetime:
    return datetime.now(UTC)


def clock() -> datetime:
    """Now, in UTC; BNQUIZ_NOW (ISO 8601) pins it, for reproducible demonstrations and tests."""
    pinned = os.environ.get("BNQUIZ_NOW")
    if pinned:
        try:
            return datetime.fromisoformat(pinned).astimezone(UTC)
        except ValueError:
            raise UsageError(f"BNQUIZ_NOW is not an ISO 8601 time: {pinned!r}") from None
    return now()


def stamp(when: datetime) -> str:
    """A UTC time as fixed-width ISO 8601, so that text order is time order in SQL."""
    return when.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Opened:
    store: Store
    notice: str | None  # one line for the user, e.g. that a damaged file was set aside


class Store:
    """An open progress database. Every write is its own transaction."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: concurrent writers queue behind each other's lock."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def record_answer(
        self,
        question_id: str,
        topic: str,
        given: str,
        verdict: str,
        score: float,
        hint_used: bool,
        seconds: float,
        misconception: str | None,
        mode: str,
        when: datetime,
        card: tuple[str, float | None, str] | None = None,
    ) -> None:
        """Record one answer and, in the same transaction, the question's new review card."""
        with self.write() as db:
            db.execute(
                "INSERT INTO answers (question_id, topic, answered_at, given, verdict, score, hint_used,"
                " seconds, misconception, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    question_id,
                    topic,
                    stamp(when),
                    given,
                    verdict,
                    score,
                    int(hint_used),
                    seconds,
                    misconception,
                    mode,
                ),
            )
            if card is not None:
                due, stability, payload = card
                db.execute(
                    "INSERT INTO cards (question_id, due, stability, card) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (question_id) DO UPDATE SET due = excluded.due,"
                    " stability = excluded.stability, card = excluded.card",
                    (question_id, due, stability, payload),
                )

    def record_drill(
        self, drill: str, file: str, status: str, findings: list[str], seconds: float, when: datetime
    ) -> None:
        with self.write() as db:
            db.execute(
                "INSERT INTO drill_checks (drill, file, checked_at, status, findings, seconds)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (drill, file, stamp(when), status, json.dumps(findings), seconds),
            )

    def cards(self) -> dict[str, tuple[str, float | None, str]]:
        """question id → (due, stability, card JSON)."""
        rows = self.db.execute("SELECT question_id, due, stability, card FROM cards")
        return {qid: (due, stability, card) for qid, due, stability, card in rows}

    def card(self, question_id: str) -> str | None:
        """The question's card JSON, or None if it was never reviewed."""
        row = self.db.execute("SELECT card FROM cards WHERE question_id = ?", (question_id,)).fetchone()
        return row[0] if row else None

    def forget(self, question_ids: list[str] | None) -> tuple[int, int]:
        """Delete the answers and cards of these questions (all, and every drill check, if None)."""
        with self.write() as db:
            if question_ids is None:
                answers = db.execute("DELETE FROM answers").rowcount
                db.execute("DELETE FROM cards")
                checks = db.execute("DELETE FROM drill_checks").rowcount
                return answers, checks
            marks = ",".join("?" * len(question_ids))
            answers = db.execute(f"DELETE FROM answers WHERE question_id IN ({marks})", question_ids).rowcount
            db.execute(f"DELETE FROM cards WHERE question_id IN ({marks})", question_ids)
            return answers, 0

    def missed(self) -> list[str]:
        """The questions whose latest answer (a skip is not one) was wrong or partly right,
        the most recently answered first."""
        rows = self.db.execute(
            "SELECT question_id, verdict, MAX(answered_at) AS last FROM answers"
            " WHERE verdict != 'skipped' GROUP BY question_id ORDER BY last DESC"
        )  # SQLite gives the bare column `verdict` from the row of the MAX
        return [qid for qid, verdict, _ in rows if verdict in ("wrong", "partial")]

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params).fetchall()


def open_store(folder: Path | None = None) -> Opened:
    """Open (creating and migrating as needed) the progress database in `folder`."""
    folder = folder or home()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Unusable(f"cannot use {folder} for progress: {exc.strerror}") from None
    path = folder / FILE
    notice = None
    with _opening(folder):
        try:
            db = _connect(path)
        except sqlite3.OperationalError as exc:  # locked, read-only, I/O: the file may be fine
            raise Unusable(f"cannot use {path}: {exc}") from None
        except sqlite3.DatabaseError as exc:  # not a database, malformed, failed its check
            aside = _set_aside(path)
            notice = f"{path} was damaged ({exc}); it was moved to {aside.name} and progress starts afresh"
            db = _connect(path)
    return Opened(Store(db, path), notice)


@contextmanager
def _opening(folder: Path) -> Iterator[None]:
    """Serialize opening across processes: creating the file, switching it to WAL and migrating
    it race with a second bnquiz started at the same moment (SQLite reports such a race as
    'locked' or an I/O error, which must never be mistaken for damage)."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform: opening still works, unserialized
        yield
        return
    try:
        handle = open(folder / f"{FILE}.lock", "a")  # noqa: SIM115 — closed below
    except OSError as exc:
        raise Unusable(f"cannot use {folder} for progress: {exc.strerror}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # releases the lock


class _Damaged(sqlite3.DatabaseError):
    """The file opened, but it is not a healthy database."""


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA busy_timeout = 30000")
        if db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise sqlite3.OperationalError("could not switch to WAL mode")
        db.execute("PRAGMA synchronous = NORMAL")
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise _Damaged("integrity check failed")
        _migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: sqlite3.Connection) -> None:
    """Apply, in order and once each, the migrations this database has not seen."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {name for (name,) in db.execute("SELECT name FROM _migrations")}
    if all(m.__name__ in done for m in MIGRATIONS):
        return
    db.execute("BEGIN IMMEDIATE")  # another process may be migrating: take the lock, then look again
    try:
        done = {name for (name,) in db.execute("SELECT name FROM _migrations")}
        for step in MIGRATIONS:
            if step.__name__ not in done:
                step(db)
                db.execute("INSERT INTO _migrations VALUES (?, ?)", (step.__name__, stamp(now())))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _set_aside(path: Path) -> Path:
    stamp = now().strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.rename(aside.with_name(aside.name + suffix))
    return aside
