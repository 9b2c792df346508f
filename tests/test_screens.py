"""Whole screens, character for character, at 80 columns: a quiz session (questions, feedback,
summary), `topics`, `show` and `stats`. Rewrite them with BNQUIZ_REGOLD=1 and review the diff."""

from __future__ import annotations

import shutil

import pytest
from conftest import TINY
from golden import golden
from test_quiz_cli import order_answer, tiny_plan

NARROW = {"COLUMNS": "80", "BNQUIZ_NOW": "2026-11-10T12:00:00+00:00"}  # a pinned clock: 0 s per answer
TYPED = {  # something of everything: a hint, a re-ask, right, wrong, partly right, skipped
    "tiny/choice": "?\nb",
    "tiny/multi": "a,b",
    "tiny/truefalse": "maybe\nt",
    "tiny/number": "1.025",
    "tiny/shape": "s",
    "tiny/text": "gamma and beta undo it\n2",
}


@pytest.fixture
def tiny(home):
    """The tiny bank at a relative path, as a user names it: screens that print it stay the same."""
    shutil.copytree(TINY, home / "tiny")
    return "tiny"


def session_input():
    plan = tiny_plan()
    return "".join(
        (order_answer(plan, q, right=False) if q.kind == "order" else TYPED[q.id]) + "\n"
        for q in plan.questions
    )


def test_a_whole_quiz_session(bnquiz, tiny):
    result = bnquiz(
        "quiz", "--bank", tiny, "-t", "tiny", "-n", "7", "--seed", "7", input=session_input(), env=NARROW
    )
    assert result.exit_code == 0, result.output
    golden("screen-quiz.txt", result.output)


def test_topics(bnquiz, tiny):
    golden("screen-topics.txt", bnquiz("topics", "--bank", tiny, env=NARROW).output)


def test_show(bnquiz, tiny):
    for qid in ("tiny/text", "tiny/order"):
        golden(f"screen-show-{qid.split('/')[1]}.txt", bnquiz("show", qid, "--bank", tiny, env=NARROW).output)


def test_stats_after_a_session(bnquiz, tiny):
    bnquiz("quiz", "--bank", tiny, "-t", "tiny", "-n", "7", "--seed", "7", input=session_input(), env=NARROW)
    result = bnquiz("stats", "--bank", tiny, env=NARROW)
    assert result.exit_code == 0, result.output
    golden("screen-stats.txt", result.output)
