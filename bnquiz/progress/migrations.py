"""The progress database's schema, as ordered, named steps recorded in the database itself, so
that a database written by an older bnquiz opens in a newer one. Append; never edit a step."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from bnquiz.outcome import Verdict
from bnquiz.progress.clock import now, stamp

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
            verdict TEXT NOT NULL,          -- an outcome.Verdict: right, partial, wrong, skipped
            score REAL NOT NULL,
            hint_used INTEGER NOT NULL,
            seconds REAL NOT NULL,
            misconception TEXT,             -- the tag the question tests, when it has one
            mode TEXT NOT NULL              -- a review.Mode: quiz, review, cram
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
            status TEXT NOT NULL,           -- an outcome.Status: passed, failed, broken
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


@migration
def m004_ids(db: sqlite3.Connection) -> None:
    """Every answer and drill check gets an id that is the same on every machine it reaches, so
    that merging two histories never counts one twice. An older row's id is derived from its
    content: a history copied to a second machine before ids existed merges with its copy."""
    for table, columns in _CONTENT.items():
        db.execute(f"ALTER TABLE {table} ADD COLUMN uid BLOB")
        seen: set[bytes] = set()
        rows = db.execute(f"SELECT id, {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
        for row_id, *content in rows:
            uid, again = derived_uid(content), 1
            while uid in seen:  # two rows alike in every field, to the microsecond: count them apart
                again += 1
                uid = derived_uid([*content, again])
            seen.add(uid)
            db.execute(f"UPDATE {table} SET uid = ? WHERE id = ?", (uid, row_id))
        db.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table} (uid)")


@migration
def m005_totals(db: sqlite3.Connection) -> None:
    """Totals per question, per day and per misconception, kept by triggers in the transaction
    of every write to `answers`, so that `stats` reads a few hundred rows however long the
    history (and no code path can forget to keep them)."""
    for table in ("question_totals (question_id", "day_totals (day"):
        db.execute(
            f"CREATE TABLE {table} TEXT PRIMARY KEY, answers INTEGER NOT NULL,"
            " answered INTEGER NOT NULL, score REAL NOT NULL)"  # answered, score: skips left out
        )
    db.execute("CREATE TABLE misconception_totals (tag TEXT PRIMARY KEY, wrong INTEGER NOT NULL)")
    answered, score, day, wrong = _counted("")
    db.execute(
        f"INSERT INTO question_totals SELECT question_id, COUNT(*), SUM({answered}), SUM({score})"
        " FROM answers GROUP BY question_id"
    )
    db.execute(
        f"INSERT INTO day_totals SELECT {day}, COUNT(*), SUM({answered}), SUM({score})"
        " FROM answers GROUP BY 1"
    )
    db.execute(
        f"INSERT INTO misconception_totals SELECT misconception, COUNT(*) FROM answers WHERE {wrong}"
        " GROUP BY misconception"
    )
    add, remove = _totals("NEW", +1), _totals("OLD", -1)
    db.execute(f"CREATE TRIGGER answers_added AFTER INSERT ON answers BEGIN {add} END")
    db.execute(f"CREATE TRIGGER answers_removed AFTER DELETE ON answers BEGIN {remove} END")
    db.execute(f"CREATE TRIGGER answers_changed AFTER UPDATE ON answers BEGIN {remove} {add} END")


_CONTENT = {  # what identifies a row where no id was recorded with it
    "answers": ("question_id", "answered_at", "given", "verdict", "score", "hint_used", "seconds", "mode"),
    "drill_checks": ("drill", "file", "checked_at", "status", "findings", "seconds"),
}


def derived_uid(content: list[Any]) -> bytes:
    """An id from a row's content: 16 bytes of its SHA-256."""
    import hashlib
    import json

    return hashlib.sha256(json.dumps(content).encode()).digest()[:16]


def _counted(row: str) -> tuple[str, str, str, str]:
    """What the totals count of an answer, as SQL over its columns (`row`: "" for the table's
    own, "NEW." or "OLD." in a trigger): whether it was answered (not skipped), its score (none
    when skipped), its day, and whether it points to its misconception (wrong or partly right)."""
    skip, missed = f"'{Verdict.SKIPPED}'", f"('{Verdict.WRONG}', '{Verdict.PARTIAL}')"
    return (
        f"({row}verdict != {skip})",
        f"(CASE WHEN {row}verdict != {skip} THEN {row}score ELSE 0 END)",
        f"substr({row}answered_at, 1, 10)",
        f"{row}misconception IS NOT NULL AND {row}verdict IN {missed}",
    )


def _totals(row: str, sign: int) -> str:
    """The statements that count `row` (NEW or OLD) into the totals (`sign` +1) or out of them
    (-1, dropping what reaches no answer at all)."""
    answered, score, day, wrong = _counted(f"{row}.")
    statements = []
    for table, key, value in (
        ("question_totals", "question_id", f"{row}.question_id"),
        ("day_totals", "day", day),
    ):
        counts = f"answers = answers + {sign}, answered = answered + {sign} * {answered},"
        counts += f" score = score + {sign} * {score}"
        if sign > 0:
            statements.append(
                f"INSERT INTO {table} VALUES ({value}, 1, {answered}, {score})"
                f" ON CONFLICT ({key}) DO UPDATE SET {counts};"
            )
        else:
            statements.append(f"UPDATE {table} SET {counts} WHERE {key} = {value};")
            statements.append(f"DELETE FROM {table} WHERE {key} = {value} AND answers = 0;")
    if sign > 0:
        statements.append(
            f"INSERT INTO misconception_totals SELECT {row}.misconception, 1 WHERE {wrong}"
            " ON CONFLICT (tag) DO UPDATE SET wrong = wrong + 1;"
        )
    else:
        statements.append(
            f"UPDATE misconception_totals SET wrong = wrong - 1 WHERE {wrong} AND tag = {row}.misconception;"
        )
        statements.append("DELETE FROM misconception_totals WHERE wrong = 0;")
    return " ".join(statements)


def migrate(db: sqlite3.Connection) -> None:
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
