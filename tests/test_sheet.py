"""Every formula and figure on the cheat sheet is proven by its entry's check."""

from __future__ import annotations

import pytest
from bundled import bundled_bank

from bnquiz.quiz.checks import run_sheet_check

BANK = bundled_bank()
ENTRIES = [(t.id, e) for t in BANK.topics for e in t.sheet if e.check]


@pytest.mark.parametrize(("topic", "entry"), ENTRIES, ids=[f"{t}/{e.title}" for t, e in ENTRIES])
def test_sheet_entry_check(topic, entry):
    run_sheet_check(entry, BANK)
