"""`bnquiz` alone: in a terminal, the home screen (what is due, what is new, the last session,
the drills, each with its command), read without writing anything; piped or with --help, the
help as ever. Whole screens at 80 columns in English and Chinese are in tests/golden/home-*.txt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
import pytest
from golden import golden

from bnquiz.drills import roster
from bnquiz.outcome import Status, Verdict
from bnquiz.progress.clock import stamp
from bnquiz.progress.database import open_store
from bnquiz.progress.overview import Session, survey
from bnquiz.progress.rows import Answer, Card
from bnquiz.quiz.loader import load_bank

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
# TTY_COMPATIBLE=1 is Rich's (and bnquiz's) way to say "this is a terminal"; TERM=dumb keeps it
# from drawing styles and fixes it at 80 columns: the screen a terminal gets, as plain text.
TERMINAL = {"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": "80", "BNQUIZ_NOW": NOW.isoformat()}
MINE = """\
format: 1
topic:
  id: mine
  title: Mine
  summary: A bank of my own.
questions:
  - id: mine/one
    aliases: [old/one]
    kind: truefalse
    level: 1
    prompt: In eval mode BN normalizes with the running estimates.
    answer: true
    explain: Eval mode uses the running estimates, so the output depends on the input alone.
    sources: [torch-batchnorm]
  - id: mine/two
    kind: truefalse
    level: 1
    prompt: BN has learnable γ and β.
    answer: true
    explain: Both are parameters of the layer, updated by the optimizer.
    sources: [ioffe2015 §3]
"""


@pytest.fixture
def mine(home, monkeypatch):
    """A bank of the user's own, one of its questions answered under its former id."""
    (home / "mine.yaml").write_text(MINE, encoding="utf-8")
    monkeypatch.setenv("BNQUIZ_BANK", str(home / "mine.yaml"))
    return load_bank([home / "mine.yaml"])


def _answer(store, qid, verdict, when, mode="quiz"):
    score = 1.0 if verdict == Verdict.RIGHT else 0.0
    store.record_answer(Answer(qid, qid.split("/")[0], when, "x", verdict, score, False, 5.0, None, mode))


def _progress(data: Path, bank) -> None:
    """Two sessions, three days apart (the last, ended two hours ago: 2 of 3 right, one under a
    former id); two cards due now and one later; forward and cs231n passed, d2l failed. Answers
    are written in time order, as sessions write them."""
    first, second, third = (q.id for q in bank.questions[:3])
    store = open_store(data).store
    for qid, due in (("old/one", NOW - timedelta(hours=1)), (second, NOW), (first, NOW + timedelta(days=3))):
        crammed = Answer(
            qid, "x", NOW - timedelta(days=9), "x", Verdict.SKIPPED, 0.0, False, 1.0, None, "cram"
        )
        store.record_answer(crammed, Card(stamp(due), 1.0, "{}"))
    _answer(store, first, Verdict.RIGHT, NOW - timedelta(days=3, minutes=1))
    _answer(store, second, Verdict.WRONG, NOW - timedelta(days=3))
    _answer(store, "old/one", Verdict.RIGHT, NOW - timedelta(hours=2, minutes=2), "review")
    _answer(store, "mine/two", Verdict.WRONG, NOW - timedelta(hours=2, minutes=1), "review")
    _answer(store, third, Verdict.RIGHT, NOW - timedelta(hours=2), "review")
    for drill, status in (("forward", Status.PASSED), ("d2l", Status.FAILED), ("cs231n", Status.PASSED)):
        store.record_drill(drill, f"bn_{drill}.py", status, [], 0.1, NOW - timedelta(days=1))
    store.close()


def test_a_new_user_is_welcomed_and_nothing_is_written(bnquiz, home):
    result = bnquiz(env=TERMINAL)
    assert result.exit_code == 0, result.output
    assert "Welcome to bnquiz! Nothing answered yet" in result.stdout
    assert "bnquiz quiz" in result.stdout and "bnquiz drill start forward" in result.stdout
    assert "0 of 10 passed; next: forward" in result.stdout
    assert "Review" not in result.stdout and "Last session" not in result.stdout
    assert not (home / "home").exists()  # no progress folder, let alone a database


def test_answers_cards_and_drills_give_the_right_numbers(bnquiz, home, mine):
    _progress(home / "home", mine)
    before = sorted(p.name for p in (home / "home").iterdir())
    result = bnquiz(env=TERMINAL)
    assert result.exit_code == 0, result.output
    questions = len(mine.questions)
    for said in (
        "2 questions due now",
        f"{questions - 5} of {questions} never answered",
        "2/3 right, 2 hours ago",
        "2 of 10 passed; next: d2l",
        "bnquiz drill start d2l",
        "bnquiz review",
        "bnquiz --help",
    ):
        assert said in result.stdout, said
    assert sorted(p.name for p in (home / "home").iterdir()) == before  # read, never written


def test_the_numbers_come_from_the_library(home, mine):
    _progress(home / "home", mine)
    store = open_store(home / "home").store
    found = survey(store, mine, list(roster.NAMES), NOW)
    store.close()
    assert found.due == 2 and found.new == len(mine.questions) - 5
    assert found.last == Session(right=2, asked=3, ago=timedelta(hours=2))
    assert (found.drills, found.passed, found.next_drill) == (10, 2, "d2l")
    nobody = survey(None, mine, list(roster.NAMES), NOW)
    assert (nobody.due, nobody.new, nobody.last, nobody.next_drill) == (
        0,
        len(mine.questions),
        None,
        "forward",
    )


def test_a_session_ends_at_a_long_pause_or_another_mode(home, mine):
    store = open_store(home / "home").store
    start = NOW - timedelta(hours=5)
    for minutes, verdict, mode in [(0, "right", "quiz"), (40, "right", "quiz"), (41, "wrong", "quiz")]:
        _answer(store, "mine/one", Verdict(verdict), start + timedelta(minutes=minutes), mode)
    assert survey(store, mine, [], NOW).last == Session(1, 2, timedelta(minutes=300 - 41))
    _answer(store, "mine/two", Verdict.RIGHT, start + timedelta(minutes=42), "review")
    assert survey(store, mine, [], NOW).last == Session(1, 1, timedelta(minutes=300 - 42))
    for minutes in range(43, 143):  # longer than the first page read
        _answer(store, "mine/two", Verdict.WRONG, start + timedelta(minutes=minutes), "review")
    assert survey(store, mine, [], NOW).last == Session(1, 101, timedelta(minutes=300 - 142))
    store.close()


@pytest.mark.parametrize(
    ("ago", "said"),
    [
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59), "59 minutes ago"),
        (timedelta(hours=23, minutes=59), "23 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=40), "40 days ago"),
    ],
)
def test_how_long_ago_in_its_largest_whole_unit(ago, said):
    from bnquiz.progress.homescreen import _ago

    assert _ago(ago) == said


def test_every_drill_passed_points_to_the_list(bnquiz, home):
    store = open_store(home / "home").store
    for drill in roster.NAMES:
        store.record_drill(drill, "bn.py", Status.PASSED, [], 0.1, NOW)
    store.close()
    assert "all 10 passed" in bnquiz(env=TERMINAL).stdout
    assert "bnquiz drill list" in bnquiz(env=TERMINAL).stdout


def test_piped_or_with_help_it_is_the_help_as_before(bnquiz, home, mine):
    _progress(home / "home", mine)
    piped = bnquiz()  # the test runner's output is no terminal
    assert piped.exit_code == 2 and "Usage: " in piped.output and "quiz" in piped.output
    assert "Where you stand" not in piped.output
    assert "Usage: " in bnquiz(env={**TERMINAL, "TTY_COMPATIBLE": "0"}).output
    helped = bnquiz("--help", env=TERMINAL)
    assert helped.exit_code == 0 and "Usage: " in helped.output and "Where you stand" not in helped.output
    after_options = bnquiz("--lang", "en")  # as before the home screen: options, then no command
    assert after_options.exit_code == 2 and "Missing command." in after_options.output


def test_chinese_by_the_flag_or_the_environment(bnquiz, home):
    assert "欢迎使用 bnquiz" in bnquiz("--lang", "zh", env=TERMINAL).stdout
    assert "欢迎使用 bnquiz" in bnquiz(env={**TERMINAL, "BNQUIZ_LANG": "zh"}).stdout


def test_a_damaged_store_is_one_line_and_left_where_it_is(bnquiz, home):
    (home / "home").mkdir()
    (home / "home" / "progress.db").write_text("not a database, whatever it once was" * 40)
    result = bnquiz(env=TERMINAL)
    assert result.exit_code == 1
    assert result.output.startswith("error: progress database: file is not a database")
    assert len(result.output.splitlines()) == 1
    assert sorted(p.name for p in (home / "home").iterdir()) == ["progress.db"]  # not set aside


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_whole_screen_at_80_columns(bnquiz, home, mine, language):
    welcome = bnquiz("--lang", language, env=TERMINAL)
    golden(f"home-welcome-{language}.txt", welcome.stdout)
    _progress(home / "home", mine)
    result = bnquiz("--lang", language, env=TERMINAL)
    assert result.exit_code == 0, result.output
    golden(f"home-{language}.txt", result.stdout)
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert len(result.stdout.splitlines()) < 15


@pytest.mark.slow  # a real pseudo-terminal, a fresh interpreter each
@pytest.mark.parametrize(("language", "said"), [("en", "Welcome to bnquiz!"), ("zh", "欢迎使用 bnquiz！")])
def test_a_real_terminal_gets_the_home_screen(home, language, said):
    env = {k: v for k, v in os.environ.items() if k not in ("TTY_COMPATIBLE", "COLUMNS")}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bnquiz", "--lang", language],
        env={**env, "TERM": "xterm", "NO_COLOR": "1"},
        encoding="utf-8",
        timeout=20,
        dimensions=(24, 80),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    child.expect(said)
    child.expect("bnquiz drill start forward")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not (home / "home").exists()


@pytest.mark.slow  # a fresh interpreter
def test_the_home_screen_imports_nothing_heavy(home, mine):
    _progress(home / "home", mine)
    code = textwrap.dedent("""
        import sys
        from bnquiz.cli import app
        try:
            app([], standalone_mode=False)
        except SystemExit:
            pass
        heavy = ("numpy", "torch", "fsrs", "bnquiz.drills.specs", "rich.markdown")
        print("HEAVY", sorted(m for m in heavy if m in sys.modules))
    """)
    env = {**os.environ, **TERMINAL}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Where you stand" in result.stdout and "HEAVY []" in result.stdout
