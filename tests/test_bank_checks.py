"""Every `check` in the bundled bank proves its answer key, and would catch a wrong one.

torch is installed in CI, so framework claims are re-measured on every run.
"""

from __future__ import annotations

import pytest
from bundled import bundled_bank

from bnquiz.quiz.checks import run_check
from bnquiz.quiz.kinds import kind_of

BANK = bundled_bank()
CHECKED = [q for q in BANK.questions if q.check]


def wrong_keys(question):
    """Every other key a careless author could have written (a sample for numbers and shapes)."""
    return kind_of(question).wrong_keys(question)


@pytest.mark.parametrize("question", CHECKED, ids=[q.id for q in CHECKED])
def test_check_proves_the_answer(question):
    run_check(question)


MUTABLE = [q for q in CHECKED if wrong_keys(q)]


# Every key again per wrong key (about 5 s for the whole bank): in the full suite, not the everyday loop
@pytest.mark.slow
@pytest.mark.parametrize("question", MUTABLE, ids=[q.id for q in MUTABLE])
def test_check_rejects_every_wrong_key(question):
    for wrong in wrong_keys(question):
        with pytest.raises(AssertionError):
            run_check(question, wrong)
