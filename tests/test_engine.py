"""The session engine without a terminal: selection, reproducibility, scoring."""

from __future__ import annotations

import pytest
from bundled import bundled_bank
from conftest import TINY

from bnquiz import quiz
from bnquiz.errors import UsageError

BANK = bundled_bank(TINY)


def test_same_seed_same_plan_and_different_seed_differs():
    plans = [quiz.plan(BANK, ["tiny"], 5, None, seed) for seed in (1, 1, 2)]
    assert plans[0] == plans[1]
    assert [q.id for q in plans[0].questions] != [q.id for q in plans[2].questions]


def test_count_larger_than_the_pool_takes_everything_once():
    plan = quiz.plan(BANK, ["tiny"], 50, None, 3)
    assert sorted(q.id for q in plan.questions) == sorted(q.id for q in BANK.in_topic("tiny"))


def test_order_steps_are_never_shown_in_the_right_order():
    for seed in range(50):
        plan = quiz.plan(BANK, ["tiny"], 7, None, seed)
        (order,) = plan.orders.values()
        assert sorted(order) == [0, 1, 2, 3] and list(order) != [0, 1, 2, 3]


def test_level_filter():
    plan = quiz.plan(BANK, ["tiny"], 7, 1, 0)
    assert {q.level for q in plan.questions} == {1}


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
        quiz.plan(BANK, **kwargs)


def test_summary_scores_by_topic_with_partial_credit():
    qs = {q.id: q for q in BANK.questions}
    attempts = [
        quiz.Attempt(qs["tiny/choice"], "right", 1.0, "b", "b", False, 1.0),
        quiz.Attempt(qs["tiny/text"], "partial", 2 / 3, "x", "1,2", False, 1.0),
        quiz.Attempt(qs["tiny/multi"], "skipped", 0.0, "", "", True, 1.0),
    ]
    summary = quiz.summarize(BANK, attempts, 3.0)
    (row,) = summary.topics
    assert (row.asked, row.right, row.score) == (3, 1, pytest.approx(5 / 3))
    assert summary.missed == ("tiny/text",)
    assert summary.skipped == ("tiny/multi",)
