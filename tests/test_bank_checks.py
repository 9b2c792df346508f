"""Every `check` in the bundled bank proves its answer key, and would catch a wrong one.

torch is installed in CI, so framework claims are re-measured on every run.
"""

from __future__ import annotations

import pytest
from bundled import bundled_bank

from bnquiz.bank import run_check

BANK = bundled_bank()
CHECKED = [q for q in BANK.questions if q.check]


def wrong_keys(question):
    """Every other key a careless author could have written (a sample for numbers and shapes)."""
    kind, key = question.kind, question.answer
    if kind == "choice":
        return [i for i in range(len(question.choices)) if i != key]
    if kind == "multi":  # each choice flipped in or out: every choice's membership is tested
        flipped = (tuple(sorted(set(key) ^ {i})) for i in range(len(question.choices)))
        return [s for s in flipped if s]
    if kind == "truefalse":
        return [not key]
    if kind == "number":
        step = max(10 * question.tolerance, abs(key) * 0.05, 1e-3)
        return [key + step, key - step, -key if key else 1.0]
    if kind == "shape":
        return [
            (*key, 1),
            key[:-1] if key else (1,),
            tuple(reversed(key)) if len(set(key)) > 1 else (2, *key),
        ]
    return []  # text and order checks prove a claim the model answer or the steps rest on


@pytest.mark.parametrize("question", CHECKED, ids=[q.id for q in CHECKED])
def test_check_proves_the_answer(question):
    run_check(question)


MUTABLE = [q for q in CHECKED if wrong_keys(q)]


@pytest.mark.parametrize("question", MUTABLE, ids=[q.id for q in MUTABLE])
def test_check_rejects_every_wrong_key(question):
    for wrong in wrong_keys(question):
        with pytest.raises(AssertionError):
            run_check(question, wrong)
