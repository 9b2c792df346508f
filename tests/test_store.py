"""The progress database: migrations, damage, permissions, kills and concurrency."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from conftest import TINY
from test_quiz_cli import RIGHT, order_answer, tiny_plan, tiny_session

from bnquiz.outcome import Status
from bnquiz.progress import database
from bnquiz.progress.database import CHECK_DAYS, FILE, open_store
from bnquiz.progress.migrations import MIGRATIONS
from bnquiz.progress.store import StoreError

WHEN = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def answers_in(home) -> int:
    with sqlite3.connect(home / FILE) as db:
        return db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]


def test_a_fresh_database_records_every_migration(tmp_path):
    open_store(tmp_path).store.close()
    with sqlite3.connect(tmp_path / FILE) as db:
        names = [n for (n,) in db.execute("SELECT name FROM _migrations ORDER BY name")]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert names == [m.__name__ for m in MIGRATIONS]


def test_a_database_from_an_older_bnquiz_is_migrated_and_keeps_its_rows(tmp_path):
    db = sqlite3.connect(tmp_path / FILE)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    MIGRATIONS[0](db)  # what the first release created
    db.execute("INSERT INTO _migrations VALUES ('m001_answers', '2026-01-01')")
    db.execute(
        "INSERT INTO answers (question_id, topic, answered_at, given, verdict, score, hint_used, seconds,"
        " misconception, mode) VALUES ('tiny/choice', 'tiny', '2026-01-01T00:00:00.000000+00:00', 'b',"
        " 'right', 1, 0, 3, NULL, 'quiz')"
    )
    db.commit()
    db.close()
    opened = open_store(tmp_path)
    assert opened.notice is None
    assert [a.given for a in opened.store.answers()] == ["b"]
    assert opened.store.cards() == {}  # m003 ran
    opened.store.close()


@pytest.mark.parametrize("garbage", [b"this is not a database", b"SQLite format 3\x00" + b"\xff" * 500])
def test_a_damaged_file_is_set_aside_never_overwritten(tmp_path, garbage):
    (tmp_path / FILE).write_bytes(garbage)
    opened = open_store(tmp_path)
    assert opened.notice and "moved to progress.db.damaged-" in opened.notice
    (aside,) = tmp_path.glob("progress.db.damaged-*")
    assert aside.read_bytes() == garbage
    opened.store.record_drill("forward", "x.py", Status.PASSED, [], 1.0, WHEN)
    assert opened.store.drill_totals()["forward"].checks == 1
    opened.store.close()


@pytest.mark.slow  # writes thousands of rows
def test_every_page_is_checked_once_a_week_and_damage_deep_inside_is_set_aside(tmp_path):
    """Reading the whole file on every start would cost `stats` a third of a second at a million
    answers; damage behind the header is found by the weekly check instead."""
    opened = open_store(tmp_path)
    for i in range(3000):  # enough rows for pages of their own, behind the schema
        opened.store.record_drill("forward", f"file-{i}.py", Status.FAILED, ["eps-missing"], 1.0, WHEN)
    opened.store.close()
    path, today = tmp_path / FILE, datetime.now(UTC).date().toordinal()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == today  # checked when created
        page = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = b"\x07" * page  # one page of a table's b-tree, overwritten
    path.write_bytes(bytes(data))
    opened = open_store(tmp_path)  # checked today: the damage is not looked for yet
    assert opened.notice is None
    opened.store.close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {today - CHECK_DAYS}")  # last checked a week ago
    opened = open_store(tmp_path)
    assert opened.notice and "was damaged" in opened.notice
    assert list(tmp_path.glob("progress.db.damaged-*"))
    opened.store.close()


def test_a_file_checked_this_week_is_not_read_whole_again(tmp_path, monkeypatch):
    open_store(tmp_path).store.close()
    checks = []
    real = database._check_now_and_then
    monkeypatch.setattr(database, "_check_now_and_then", lambda db: checks.append(real(db)))
    with sqlite3.connect(tmp_path / FILE) as db:
        before = db.execute("PRAGMA user_version").fetchone()[0]
    open_store(tmp_path).store.close()
    with sqlite3.connect(tmp_path / FILE) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == before
    assert checks == [None]


def test_a_failing_database_is_a_store_error_never_sqlite3s(tmp_path):
    opened = open_store(tmp_path)
    opened.store.close()  # every call now fails inside SQLite
    with pytest.raises(StoreError, match="progress database"):
        opened.store.answers()
    with pytest.raises(StoreError):
        opened.store.record_drill("forward", "x.py", Status.PASSED, [], 1.0, WHEN)


def test_the_cli_says_so_in_one_line(bnquiz, home):
    (home / "home").mkdir()
    (home / "home" / FILE).write_text("not sqlite")
    result = bnquiz("stats")
    assert result.exit_code == 0
    assert result.output.count("was damaged") == 1
    assert "Traceback" not in result.output


def test_an_unusable_data_folder_is_a_clear_error_and_no_record_still_quizzes(bnquiz, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("BNQUIZ_HOME", str(blocker / "progress"))
    result = bnquiz(*tiny_session(), input="s\n")
    assert result.exit_code == 1
    assert "--no-record" in result.output and "Traceback" not in result.output
    result = bnquiz(*tiny_session(), "--no-record", input="s\nq\n")
    assert result.exit_code == 0
    assert "Skipped:" in result.output


def _spawn(home):
    env = {**os.environ, "BNQUIZ_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "bnquiz", *tiny_session()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        bufsize=1,
    )


def _answers(plan):
    return [(order_answer(plan, q) if q.kind == "order" else RIGHT[q.id]) + "\n" for q in plan.questions]


def _read_until(stream, marker: str, limit: float = 20.0) -> None:
    deadline = time.monotonic() + limit
    seen = ""
    while marker not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {marker!r} in {seen[-500:]!r}")
        seen += stream.readline()


@pytest.mark.slow  # starts and kills a real session
def test_a_killed_session_loses_at_most_the_answer_in_flight(home):
    plan = tiny_plan()
    child = _spawn(home / "home")
    for n, line in enumerate(_answers(plan)[:4], 1):
        child.stdin.write(line)
        child.stdin.flush()
        _read_until(child.stdout, f"{n + 1}/7")  # the next question: answer n was recorded first
    child.send_signal(signal.SIGKILL)
    child.wait()
    for stream in (child.stdin, child.stdout, child.stderr):
        stream.close()
    assert answers_in(home / "home") == 4
    opened = open_store(home / "home")  # and the file is healthy afterwards
    assert opened.notice is None
    opened.store.close()


@pytest.mark.slow  # two real sessions at once
@pytest.mark.parametrize("round_", range(3))  # starting together races on creating the file
def test_two_sessions_at_once_both_record_everything(home, round_):
    plan = tiny_plan()
    children = [_spawn(home / "home") for _ in range(2)]
    for child in children:
        child.stdin.write("".join(_answers(plan)))
        child.stdin.flush()
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        assert "Total: 7/7 right" in out
        assert "warning" not in err
    assert answers_in(home / "home") == 14
    assert not list((home / "home").glob("*.damaged-*"))


@pytest.mark.parametrize(
    ("args", "way_out"),
    [
        (["quiz", "--bank", "TINY", "-t", "tiny"], "you can write, or quiz with --no-record"),
        (["review"], "set BNQUIZ_HOME to a folder you can write)"),
        (["stats"], "set BNQUIZ_HOME to a folder you can write)"),
        (["reset", "--yes"], "set BNQUIZ_HOME to a folder you can write)"),
    ],
)
def test_an_unusable_folder_suggests_what_works_for_that_command(
    bnquiz, tmp_path, monkeypatch, args, way_out
):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("BNQUIZ_HOME", str(blocker / "progress"))
    result = bnquiz(*[str(TINY) if a == "TINY" else a for a in args], input="s\n")
    assert result.exit_code == 1
    assert way_out in result.output
    if args[0] != "quiz":
        assert "--no-record" not in result.output  # these commands have no such option
