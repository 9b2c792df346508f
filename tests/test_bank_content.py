"""The bundled bank covers what the product promises."""

from __future__ import annotations

from bundled import bundled_bank

from bnquiz.quiz.kinds import KINDS

BANK = bundled_bank()
PROMISED = ["ics", "scale-shift", "train-eval", "reduction-axes", "small-batch"]


def test_size_and_the_promised_topics():
    assert len(BANK.questions) >= 60
    for topic in PROMISED:
        assert len(BANK.in_topic(topic)) >= 8, topic


def test_every_kind_appears():
    assert {q.kind for q in BANK.questions} == set(KINDS)


def test_about_a_third_are_hard():
    hard = sum(q.level == 3 for q in BANK.questions) / len(BANK.questions)
    assert 0.25 <= hard <= 0.4


def test_every_misconception_is_tested():
    targeted = {q.misconception for q in BANK.questions}
    assert set(BANK.misconceptions) <= targeted


def test_explanations_say_something():
    for q in BANK.questions:
        assert len(q.explain.split()) >= 25, q.id
