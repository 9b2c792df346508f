"""The quiz driven the way a person scripts it: answers piped through the real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TINY

from bnquiz.quiz.kinds import kind_of
from bnquiz.quiz.kinds.base import LETTERS
from bnquiz.quiz.loader import load_bank
from bnquiz.quiz.plan import plan as make_plan

RIGHT = {
    "tiny/choice": "b",
    "tiny/multi": "a,c",
    "tiny/truefalse": "t",
    "tiny/number": "1.0667",
    "tiny/shape": "(1, C, 1, 1)",
    "tiny/text": "so it can represent the identity\nall",
}
WRONG = {
    "tiny/choice": "a",
    "tiny/multi": "a",
    "tiny/truefalse": "f",
    "tiny/number": "1.025",  # the biased variance: the classic mistake
    "tiny/shape": "(C,)",
    "tiny/text": "no idea\nnone",
}
SEED = 7


def tiny_plan(seed=SEED, count=7):
    return make_plan(load_bank([TINY]), ["tiny"], count, None, seed)


def order_answer(plan, question, right=True):
    """The letters that put an order question's shuffled steps right (or reversed)."""
    display = plan.orders[question.id]
    letters = "".join(LETTERS[display.index(step)] for step in range(len(question.steps)))
    return letters if right else letters[::-1]


def script(plan, table, right=True):
    lines = []
    for q in plan.questions:
        lines.append(order_answer(plan, q, right) if q.kind == "order" else table[q.id])
    return "\n".join(lines) + "\n"


def tiny_session(seed=SEED):
    """The arguments of a session over the whole tiny bank, in a reproducible order."""
    return ["quiz", "--bank", str(TINY), "-t", "tiny", "-n", "7", "--seed", str(seed)]


def run_quiz(bnquiz, text, *extra, seed=SEED):
    result = bnquiz(*tiny_session(seed), "--json", "out.json", *extra, input=text)
    record = json.loads(Path("out.json").read_text()) if result.exit_code == 0 else None
    return result, record


def test_every_kind_answered_right(bnquiz):
    plan = tiny_plan()
    result, record = run_quiz(bnquiz, script(plan, RIGHT))
    assert result.exit_code == 0, result.output
    assert [a["id"] for a in record["attempts"]] == [q.id for q in plan.questions]
    assert {a["verdict"] for a in record["attempts"]} == {"right"}
    assert record["summary"]["right"] == 7
    assert "Total: 7/7 right" in result.output
    assert "Missed" not in result.output


def test_every_kind_answered_wrong(bnquiz):
    plan = tiny_plan()
    result, record = run_quiz(bnquiz, script(plan, WRONG, right=False))
    assert result.exit_code == 0, result.output
    assert {a["verdict"] for a in record["attempts"]} == {"wrong"}
    assert record["summary"]["missed"] == [q.id for q in plan.questions]
    # the right answer is shown after a wrong one
    assert "the answer: b) The running estimates" in result.output
    assert "the answer: (1, C, 1, 1)" in result.output


def test_feedback_shows_explanation_and_source(bnquiz):
    result, _ = run_quiz(bnquiz, script(tiny_plan(), RIGHT))
    assert "Eval mode uses the running estimates" in result.output
    assert "PyTorch docs, BatchNorm2d" in result.output
    assert "https://pytorch.org/docs/stable/generated/torch.nn.BatchNorm2d.html" in result.output


@pytest.mark.parametrize(
    ("qid", "typed", "verdict"),
    [
        ("tiny/choice", " B ", "right"),
        ("tiny/choice", "b)", "right"),
        ("tiny/choice", "c", "wrong"),
        ("tiny/multi", "c, a", "right"),
        ("tiny/multi", "AC", "right"),
        ("tiny/multi", "a c", "right"),
        ("tiny/multi", "abc", "wrong"),
        ("tiny/multi", "a", "wrong"),
        ("tiny/truefalse", "TRUE", "right"),
        ("tiny/truefalse", "yes", "right"),
        ("tiny/truefalse", "no", "wrong"),
        ("tiny/number", "1.067", "right"),
        ("tiny/number", "16/15", "right"),
        ("tiny/number", "1.07", "wrong"),
        ("tiny/shape", "[1,c,1,1]", "right"),
        ("tiny/shape", "1xCx1x1", "right"),
        ("tiny/shape", "1 × C × 1 × 1", "right"),
        ("tiny/shape", "(1, C)", "wrong"),
        ("tiny/shape", "(C, 1, 1, 1)", "wrong"),
        ("tiny/text", "gist\n1,3", "partial"),
        # as a Chinese input method types them: full-width forms, 、 and the Chinese words
        ("tiny/choice", "Ｂ", "right"),
        ("tiny/multi", "A、C", "right"),
        ("tiny/multi", "Ａ，Ｃ", "right"),
        ("tiny/multi", "ａ、ｂ", "wrong"),
        ("tiny/truefalse", "对", "right"),
        ("tiny/truefalse", "是", "right"),
        ("tiny/truefalse", "正确。", "right"),
        ("tiny/truefalse", "错", "wrong"),
        ("tiny/truefalse", "否", "wrong"),
        ("tiny/truefalse", "错误", "wrong"),
        ("tiny/number", "１．０６７", "right"),
        ("tiny/shape", "（１，Ｃ，１，１）", "right"),
        ("tiny/text", "要点\n１，３", "partial"),
        ("tiny/text", "要点\n全部", "right"),
        ("tiny/text", "要点\n无", "wrong"),
    ],
)
def test_answers_are_forgiving_in_form_and_strict_in_substance(bnquiz, qid, typed, verdict):
    plan = tiny_plan()
    lines = [typed if q.id == qid else "s" for q in plan.questions]
    result, record = run_quiz(bnquiz, "\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    (attempt,) = [a for a in record["attempts"] if a["id"] == qid]
    assert attempt["verdict"] == verdict


def test_order_in_another_order_is_wrong_and_shows_the_steps(bnquiz):
    plan = tiny_plan()
    question = next(q for q in plan.questions if q.kind == "order")
    lines = [order_answer(plan, q, right=False) if q.id == question.id else "s" for q in plan.questions]
    result, record = run_quiz(bnquiz, "\n".join(lines) + "\n")
    (attempt,) = [a for a in record["attempts"] if a["id"] == question.id]
    assert attempt["verdict"] == "wrong"
    letters = " ".join(order_answer(plan, question))
    assert (
        f"the right order: {letters}\n  1. Compute the batch mean\n  2. Compute the batch variance\n"
        "  3. Normalize\n  4. Scale and shift" in result.output
    )


def test_nonsense_is_asked_again(bnquiz):
    plan = tiny_plan(count=1, seed=0)
    (q,) = plan.questions
    right = order_answer(plan, q) if q.kind == "order" else RIGHT[q.id]
    result = bnquiz(
        "quiz", "--bank", str(TINY), "-t", "tiny", "-n", "1", "--seed", "0", input=f"zzz\n\n{right}\n"
    )
    assert result.exit_code == 0
    assert "try again" in result.output
    assert "Type an answer" in result.output  # the empty line
    assert "Total: 1/1 right" in result.output


def test_hint_skip_and_quit(bnquiz):
    plan = tiny_plan()
    first, second = plan.questions[0], plan.questions[1]
    result, record = run_quiz(bnquiz, "?\ns\ns\nq\n")
    assert result.exit_code == 0
    hint = first.hint or "No hint for this one."
    assert hint in result.output
    assert [a["verdict"] for a in record["attempts"]] == ["skipped", "skipped"]
    assert record["attempts"][0]["hint_used"] is bool(first.hint)  # only a hint shown counts
    assert (
        f"– skipped  · the answer: {kind_of(first).describe(first)}" in result.output
    )  # a skip shows the answer
    assert record["summary"]["skipped"] == [first.id, second.id]
    assert "Skipped:" in result.output and "Score by topic" in result.output


def test_end_of_input_ends_the_session_with_the_summary(bnquiz):
    plan = tiny_plan()
    first = plan.questions[0]
    answer = order_answer(plan, first) if first.kind == "order" else RIGHT[first.id]
    result, record = run_quiz(bnquiz, answer + "\n")
    assert result.exit_code == 0, result.output
    assert len(record["attempts"]) == 1
    assert "Total: 1/1 right" in result.output


def test_seed_makes_the_session_reproducible(bnquiz):
    def session(seed):
        return bnquiz("quiz", "--bank", str(TINY), "-t", "tiny", "-n", "5", "--seed", seed, input="").output

    outputs = [session("42") for _ in range(2)]
    assert "1/5" in outputs[0]
    assert outputs[0] == outputs[1]
    other = session("43")
    assert other != outputs[0]


def test_level_and_topic_filter_the_bank(bnquiz):
    result, record = run_quiz(bnquiz, "s\n" * 7, "--level", "2")
    assert result.exit_code == 0
    assert {a["level"] for a in record["attempts"]} == {2}
    assert {a["topic"] for a in record["attempts"]} == {"tiny"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quiz", "--topic", "trian-eval"], "unknown topic 'trian-eval'"),
        (["quiz", "--count", "0"], "--count must be at least 1"),
        (["quiz", "--level", "4"], "--level must be 1"),
        (["quiz", "--json", "no/such/folder/out.json"], "no folder"),
        (["quiz", "--bank", "missing-bank"], "no such bank"),
        (["show", "no-such/question"], "unknown question 'no-such/question'"),
        (["topics", "--bank", "missing"], "no such bank"),
        (["export", "--format", "xml"], "unknown format 'xml'"),
    ],
)
def test_bad_command_lines_get_one_line_and_status_2(bnquiz, args, message):
    result = bnquiz(*args, input="")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_unknown_topic_suggests_the_close_one(bnquiz):
    result = bnquiz("quiz", "--topic", "tiny-x", "--bank", str(TINY), input="")
    assert "did you mean tiny?" in result.output


def test_undecodable_bytes_are_asked_again_not_a_crash(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "bnquiz", "quiz", "--bank", str(TINY), "-t", "tiny", "-n", "1", "--seed", "3"],
        input=b"\xff\xfe\nq\n",
        capture_output=True,
    )
    assert result.returncode == 0
    assert b"try again" in result.stdout
    assert b"Traceback" not in result.stderr


def _one(bnquiz, qid, lines):
    """A session over one question of the tiny bank, answered with these lines."""
    bank = load_bank([TINY])
    question = bank.question(qid)
    for seed in range(200):  # the seed whose one-question session asks it
        plan = make_plan(bank, ["tiny"], 1, None, seed)
        if plan.questions[0].id == qid:
            break
    args = [
        "quiz",
        "--bank",
        str(TINY),
        "-t",
        "tiny",
        "-n",
        "1",
        "--seed",
        str(seed),
        "--json",
        "one.json",
        "--force",
    ]
    result = bnquiz(*args, input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return question, plan, result, json.loads(Path("one.json").read_text())["attempts"][0]


def test_a_hint_counts_only_when_there_is_one_to_show(bnquiz):
    tiny = load_bank([TINY]).in_topic("tiny")
    with_hint = next(q for q in tiny if q.hint)
    without = next(q for q in tiny if not q.hint and q.kind in ("choice", "truefalse", "number"))
    _, _, result, attempt = _one(bnquiz, without.id, ["?", RIGHT[without.id]])
    assert "No hint for this one." in result.output and attempt["hint_used"] is False
    _, _, result, attempt = _one(bnquiz, with_hint.id, ["?", RIGHT[with_hint.id]])
    assert f"Hint: {with_hint.hint}" in result.output and attempt["hint_used"] is True


@pytest.mark.parametrize("word", ["help", "skip", "idk", "quit", "nan"])
def test_a_word_at_a_shape_prompt_is_asked_again_not_graded(bnquiz, word):
    _, _, result, attempt = _one(bnquiz, "tiny/shape", [word, RIGHT["tiny/shape"]])
    assert "type a shape" in result.output and "try again" in result.output
    assert attempt["verdict"] == "right" and attempt["given"] == RIGHT["tiny/shape"]


def test_a_wrong_multi_answer_shows_what_was_missing_and_what_was_extra(bnquiz):
    _, _, result, attempt = _one(bnquiz, "tiny/multi", ["a,b"])
    assert attempt["verdict"] == "wrong"
    assert "the answer: a, c · missing: c · not right: b" in " ".join(result.output.split())


def test_a_wrong_order_answer_shows_the_letters_in_the_right_order(bnquiz):
    question, plan, result, attempt = _one(bnquiz, "tiny/order", ["?", "s"])
    letters = " ".join(order_answer(plan, question))
    assert f"the right order: {letters}" in result.output and attempt["verdict"] == "skipped"


def test_quiz_id_asks_exactly_these_questions_in_order(bnquiz):
    args = ["quiz", "--bank", str(TINY), "--id", "tiny/number", "--id", "tiny/choice", "--no-record"]
    result = bnquiz(*args, "--json", "ids.json", input="s\ns\n")
    assert result.exit_code == 0, result.output
    record = json.loads(Path("ids.json").read_text())
    assert [a["id"] for a in record["attempts"]] == ["tiny/number", "tiny/choice"]
    unknown = bnquiz("quiz", "--bank", str(TINY), "--id", "tiny/choise")
    assert unknown.exit_code == 2 and "did you mean tiny/choice?" in unknown.output


def test_quiz_missed_asks_what_your_latest_answer_got_wrong(bnquiz):
    bank = ["--bank", str(TINY)]
    bnquiz(
        "quiz",
        *bank,
        "--id",
        "tiny/choice",
        "--id",
        "tiny/multi",
        "--id",
        "tiny/number",
        input="a\na,c\n1.025\n",
    )
    result = bnquiz("quiz", *bank, "--missed", "--json", "missed.json", input="s\nb\n")
    assert result.exit_code == 0, result.output
    asked = [a["id"] for a in json.loads(Path("missed.json").read_text())["attempts"]]
    assert asked == ["tiny/number", "tiny/choice"]  # the latest mistake first; tiny/multi was right
    again = bnquiz("quiz", *bank, "--missed", "--json", "again.json", input="1.0667\n")
    assert again.exit_code == 0  # a skip is not an answer: tiny/number is still missed
    assert [a["id"] for a in json.loads(Path("again.json").read_text())["attempts"]] == ["tiny/number"]
    done = bnquiz("quiz", *bank, "--missed")
    assert done.exit_code == 0 and "No missed questions" in done.output
    assert bnquiz("quiz", "--missed", "--id", "tiny/choice").exit_code == 2


def test_bnquiz_bank_registers_a_bank_for_every_command(bnquiz, monkeypatch):
    monkeypatch.setenv("BNQUIZ_BANK", str(TINY))
    assert "In eval mode, which statistics" in bnquiz("show", "tiny/choice").output
    assert "tiny" in bnquiz("topics").output
    result = bnquiz("quiz", "-t", "tiny", "--id", "tiny/choice", "--no-record", input="a\n")
    assert "See one again with: bnquiz show ID\n" in result.output  # no --bank needed now
    monkeypatch.setenv("BNQUIZ_BANK", "no/such/bank")
    refused = bnquiz("topics")
    assert refused.exit_code == 2 and "BNQUIZ_BANK names no/such/bank, which does not exist" in refused.output


def test_see_one_again_names_the_bank_it_came_from(bnquiz):
    result = bnquiz("quiz", "--bank", str(TINY), "--id", "tiny/choice", "--no-record", input="a\n")
    assert f"See one again with: bnquiz show ID --bank {TINY}" in result.output
    bundled = bnquiz(
        "quiz", "--bank", str(TINY), "--id", "ics/ics-vs-covariate-shift", "--no-record", input="s\n"
    )
    assert "See one again with: bnquiz show ID\n" in bundled.output
