"""The progress database's schema, as ordered, named steps recorded in the database itself, so
that a database written by an older bnquiz opens in a newer one. Append; never edit a step."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

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
