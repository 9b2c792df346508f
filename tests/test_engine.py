"""The session engine without a terminal: selection, reproducibility, scoring."""

from __future__ import annotations

import pytest
from bundled import bundled_bank
from conftest import TINY

from bnquiz.errors import UsageError
from bnquiz.outcome import Verdict
from bnquiz.quiz.plan import plan
from bnquiz.quiz.session import Attempt, Session
from bnquiz.quiz.summary import summarize

BANK = bundled_bank(TINY)


def test_same_seed_same_plan_and_different_seed_differs():
    plans = [plan(BANK, ["tiny"], 5, None, seed) for seed in (1, 1, 2)]
    assert plans[0] == plans[1]
    assert [q.id for q in plans[0].questions] != [q.id for q in plans[2].questions]


def test_count_larger_than_the_pool_takes_everything_once():
    chosen = plan(BANK, ["tiny"], 50, None, 3)
    assert sorted(q.id for q in chosen.questions) == sorted(q.id for q in BANK.in_topic("tiny"))


def test_order_steps_are_never_shown_in_the_right_order():
    for seed in range(50):
        chosen = plan(BANK, ["tiny"], 7, None, seed)
        (order,) = chosen.orders.values()
        assert sorted(order) == [0, 1, 2, 3] and list(order) != [0, 1, 2, 3]


def test_level_filter():
    chosen = plan(BANK, ["tiny"], 7, 1, 0)
    assert {q.level for q in chosen.questions} == {1}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"topics": ["nope"]}, "unknown topic"),
        ({"count": 0}, "--count"),
        ({"level": 0}, "--level"),
    ],
)
def test_plan_refuses_bad_requests(kwargs, message):
    with pytest.raises(UsageError, match=message):
        plan(BANK, **kwargs)


def test_summary_scores_by_topic_with_partial_credit():
    qs = {q.id: q for q in BANK.questions}
    attempts = [
        Attempt(qs["tiny/choice"], Verdict.RIGHT, 1.0, "b", "b", False, 1.0),
        Attempt(qs["tiny/text"], Verdict.PARTIAL, 2 / 3, "x", "1,2", False, 1.0),
        Attempt(qs["tiny/multi"], Verdict.SKIPPED, 0.0, "", "", True, 1.0),
    ]
    summary = summarize(BANK, attempts, 3.0)
    (row,) = summary.topics
    assert (row.asked, row.right, row.score) == (3, 1, pytest.approx(5 / 3))
    assert summary.missed == ("tiny/text",)
    assert summary.skipped == ("tiny/multi",)


def drive(lines, ids=("tiny/choice", "tiny/text", "tiny/order"), **kwargs):
    """A session over these questions, fed `lines`; the events it gave back."""
    session = Session(BANK, plan(BANK, ids=list(ids), seed=4), clock=iter(range(100)).__next__, **kwargs)
    events = [session.answer(line) for line in lines]
    return session, events


def test_a_program_drives_a_session_line_by_line():
    recorded = []
    first = BANK.question("tiny/choice")
    session, events = drive(["?", "", "zz", "b"], on_attempt=recorded.append)
    assert [type(e).__name__ for e in events] == ["Hint", "Reask", "Reask", "Answered"]
    assert events[0].text == first.hint and "try again" in events[2].message
    (attempt,) = session.attempts
    assert recorded == [attempt] and attempt.question == first
    assert (attempt.verdict, attempt.given, attempt.response) == (Verdict.RIGHT, "b", "b")
    assert attempt.hint_used == bool(first.hint)
    assert attempt.seconds == 1  # the clock ticked once per reading: shown at 0, answered at 1
    assert session.question.id == "tiny/text" and session.position == 2


def test_a_text_question_asks_for_the_points_covered_after_the_answer():
    session, events = drive(["s", "my answer", "s", "1"])
    skipped, follow, again, done = events
    assert skipped.attempt.verdict == Verdict.SKIPPED and skipped.response is None
    assert type(follow).__name__ == "FollowUp" and session.prompt != "your answer, in one line"
    assert type(again).__name__ == "Reask"  # at the follow-up, only numbers (or q) count
    assert done.attempt.given == "my answer" and done.attempt.response == "1"
    assert done.attempt.verdict == Verdict.PARTIAL


def test_an_order_question_is_judged_by_its_display_order():
    session, _ = drive(["s", "s"])
    order = session.order
    right = "".join("abcd"[order.index(step)] for step in range(len(order)))
    (answered,) = [session.answer(right)]
    assert answered.attempt.verdict == Verdict.RIGHT and session.question is None


def test_quit_and_stop_end_the_session_keeping_what_was_answered():
    session, events = drive(["b", "q"])
    assert type(events[-1]).__name__ == "Quit" and session.question is None
    assert [a.question.id for a in session.attempts] == ["tiny/choice"]
