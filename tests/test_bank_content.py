"""The bundled bank covers what the product promises."""

from __future__ import annotations

import os

from bundled import bundled_bank
from golden import FOLDER

from bnquiz.quiz.kinds import KINDS

BANK = bundled_bank()
# the 14 topics of the taxonomy, and how many questions each promises at least
PROMISED = {
    **dict.fromkeys(["ics", "scale-shift", "reduction-axes", "train-eval", "backward", "small-batch"], 14),
    **{"placement": 18, "initialization": 12, "optimization": 16, "inference": 14, "fine-tuning": 16},
    **{"sequences": 14, "normalizer-free": 12, "papers": 14},
}


def test_size_and_the_promised_topics():
    assert len(BANK.questions) >= 200
    assert {t.id for t in BANK.topics} == set(PROMISED)
    for topic, least in PROMISED.items():
        assert len(BANK.in_topic(topic)) >= least, topic
        assert BANK.topic(topic).sheet, f"{topic} has no cheat-sheet entry"


def test_levels_are_about_30_45_25():
    levels = [q.level for q in BANK.questions]
    share = {level: levels.count(level) / len(levels) for level in (1, 2, 3)}
    assert abs(share[1] - 0.30) <= 0.06 and abs(share[2] - 0.45) <= 0.07 and abs(share[3] - 0.25) <= 0.06


def test_the_debug_this_script_round():
    listings = [q for q in BANK.questions if q.kind == "lines"]
    assert len(listings) >= 15 and all(q.check and "exec(" in q.check for q in listings)


def test_every_kind_appears():
    assert {q.kind for q in BANK.questions} == set(KINDS)


def test_every_misconception_is_tested():
    targeted = {q.misconception for q in BANK.questions}
    assert set(BANK.misconceptions) <= targeted


def test_explanations_say_something():
    for q in BANK.questions:
        assert len(q.explain.split()) >= 25, q.id


def test_no_question_id_ever_shipped_disappears():
    """tests/golden/question-ids.txt lists every id the bundled bank has ever had (a user's
    history is keyed on them): each still names a question, as its id or as an alias. A new
    question's id is added to the list (BNQUIZ_REGOLD=1 adds them); none is ever removed."""
    path = FOLDER / "question-ids.txt"
    shipped = path.read_text(encoding="utf-8").split()
    current = {q.id for q in BANK.questions}
    if os.environ.get("BNQUIZ_REGOLD"):
        shipped = sorted(set(shipped) | current)
        path.write_text("\n".join(shipped) + "\n", encoding="utf-8")
    for qid in shipped:
        assert BANK.question(qid).id, qid  # raises UsageError when nothing carries it on
    assert current <= set(shipped), "new ids: run with BNQUIZ_REGOLD=1 and commit the list"
