"""The `lines` kind: a listing shown with line numbers, the faulty lines named; its key is the
lines where the listing and its fix differ, so it cannot drift from the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_kinds import parse, question

from bnquiz.quiz.checks import run_check
from bnquiz.quiz.kinds import KINDS
from bnquiz.quiz.loader import load_bank

LISTING = Path(__file__).parent / "banks" / "listing"
CODE = "a = 1\nb = 2\nc = 3\nd = 4\n"


@pytest.mark.parametrize(
    ("typed", "lines"),
    [("4", (4,)), ("3,1", (1, 3)), ("3 and 1", (1, 3)), ("L2-L4", (2, 3, 4)), ("line 2", (2,))],
)
def test_line_numbers_in_any_form(typed, lines):
    assert parse("lines", typed, code=CODE, fix=CODE) == lines


@pytest.mark.parametrize("typed", ["", "none", "0", "5", "2,9"])
def test_numbers_outside_the_listing_are_refused(typed):
    with pytest.raises(ValueError, match="from 1 to 4"):
        parse("lines", typed, code=CODE, fix=CODE)


def test_every_line_is_a_wrong_key_candidate():
    q = question("lines", code=CODE, fix=CODE.replace("b = 2", "b = 3"), answer=(2,))
    assert KINDS["lines"].wrong_keys(q) == [(1, 2), (2, 3), (2, 4)]


def test_the_check_sees_the_listing_its_fix_and_the_changed_lines():
    q = load_bank([LISTING]).question("listing/eval")
    run_check(q)
    for wrong in KINDS["lines"].wrong_keys(q):
        with pytest.raises(AssertionError):
            run_check(q, wrong)


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        ("    answer: [4]\n", "'answer' must list the lines where 'code' and 'fix' differ: 4"),
        ("      bn.eval()\n", "'fix' as many"),
    ],
)
def test_a_key_or_fix_out_of_step_is_refused(tmp_path, bnquiz, edit, said):
    text = (LISTING / "listing.yaml").read_text()
    broken = text.replace(edit, "    answer: [3, 4]\n" if "answer" in edit else edit + "      extra = 1\n")
    (tmp_path / "listing.yaml").write_text(broken)
    result = bnquiz("validate", str(tmp_path / "listing.yaml"))
    assert result.exit_code == 1 and said in result.output


def test_a_session_shows_numbered_lines_and_the_fix(bnquiz):
    args = ["quiz", "--bank", str(LISTING), "--id", "listing/eval", "--no-record"]
    right = bnquiz(*args, input="4\n")
    assert "  4 bn.train()" in right.output and "✓ right" in right.output
    wrong = bnquiz(*args, input="7\n2, 4\n")
    assert "type line numbers from 1 to 5, like 4 or 3,7" in wrong.output
    assert "the answer: line 4 · not right: 2" in wrong.output
    assert "· line 4 fixed: bn.eval()" in wrong.output
    zh = bnquiz(*args, "--lang", "zh", input="2\n")
    assert "哪一行有错" in zh.output and "  4 bn.train()" in zh.output


def test_show_and_export_carry_the_listing_and_its_fix(bnquiz):
    shown = bnquiz("show", "listing/eval", "--bank", str(LISTING)).output
    assert "  5 out = bn(torch.ones(1, 2) * 3)" in shown and "Answer: line 4" in shown
    exported = json.loads(bnquiz("export", "--bank", str(LISTING)).output)
    (item,) = [q for t in exported["topics"] for q in t["questions"] if q["id"] == "listing/eval"]
    assert item["answer"] == [4] and "bn.eval()" in item["fix"] and "bn.train()" in item["code"]
