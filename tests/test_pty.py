"""One real terminal session (a pty): answer, ask for a hint, skip, quit; and Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys

import pexpect
import pytest
from test_quiz_cli import RIGHT, order_answer, tiny_plan, tiny_session

pytestmark = pytest.mark.slow  # each test drives a real session in a pseudo-terminal


def spawn(tmp_path):
    # the environment as it is now: isolated by conftest's fixture, never the user's own
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bnquiz", *tiny_session(), "--json", str(tmp_path / "pty.json")],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
        # a suite started in the background of a script inherits SIGINT ignored (POSIX shells
        # do that to background jobs), and Python keeps an ignored SIGINT: Ctrl-C as a terminal sends it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    return child


def prompt(child):
    child.expect("› ")


def test_a_person_answers_asks_for_a_hint_skips_and_quits(tmp_path):
    plan = tiny_plan()
    first, second = plan.questions[0], plan.questions[1]
    child = spawn(tmp_path)
    child.expect("1/7")
    prompt(child)
    child.sendline(order_answer(plan, first) if first.kind == "order" else RIGHT[first.id].split("\n")[0])
    if first.kind == "text":
        prompt(child)
        child.sendline("all")
    child.expect("✓ right")
    child.expect("2/7")
    prompt(child)
    child.sendline("?")
    child.expect(second.hint or "No hint for this one.")
    prompt(child)
    child.sendline("s")
    child.expect("3/7")
    prompt(child)
    child.sendline("q")
    child.expect("Score by topic")
    child.expect(r"Total: 1/2 right")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "pty.json").exists()


def test_ctrl_c_ends_the_session_with_the_summary(tmp_path):
    child = spawn(tmp_path)
    child.expect("1/7")
    prompt(child)
    child.sendline("s")
    child.expect("2/7")
    prompt(child)
    child.sendintr()
    child.expect("Score by topic")
    child.expect("Skipped: ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


@pytest.mark.parametrize("keys", ["\x04"])
def test_end_of_input_at_the_terminal(tmp_path, keys):
    child = spawn(tmp_path)
    prompt(child)
    child.send(keys)
    child.expect("No questions answered")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_line_editing_and_history_at_the_prompt(tmp_path):
    """Left arrow edits in place; the up arrow brings back the previous answer."""
    from conftest import TINY

    out = tmp_path / "edited.json"
    args = ["quiz", "--bank", str(TINY), "--id", "tiny/multi", "--id", "tiny/choice", "--no-record"]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable, ["-m", "bnquiz", *args, "--json", str(out)], env=env, encoding="utf-8", timeout=20
    )
    prompt(child)
    child.send("ac")
    child.send("\x1b[D")  # Left
    child.send("b\r")  # → abc
    child.expect("1/1|2/2")
    prompt(child)
    child.send("\x1b[A")  # Up: the previous answer, abc
    child.send("\x7f\x7f\r")  # Backspace twice → a
    child.expect("Score by topic")
    child.expect(pexpect.EOF)
    child.close()
    import json

    given = [a["given"] for a in json.loads(out.read_text())["attempts"]]
    assert given == ["abc", "a"]


def test_a_chinese_session_in_a_terminal(tmp_path):
    """The prompts and feedback in Chinese, answers typed as a Chinese input method types them
    (对, full-width letters and 、), through the line editor."""
    out = tmp_path / "zh.json"
    ids = ["--id", "backward/eval-mode-gradient", "--id", "scale-shift/eps-roles"]
    args = ["--lang", "zh", "quiz", *ids, "--no-record", "--json", str(out)]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm"}
    child = pexpect.spawn(sys.executable, ["-m", "bnquiz", *args], env=env, encoding="utf-8", timeout=20)
    child.expect("输入答案后按回车")
    child.expect("在评估模式下")  # the question's Chinese prompt
    child.expect("对或错")
    prompt(child)
    child.send("对\r")
    child.expect("✓ 正确")
    child.expect("所有正确选项的字母")
    prompt(child)
    child.send("Ａ、Ｂ\r")
    child.expect("✓ 正确")
    child.expect("各主题得分")
    child.expect("总计：答对 2/2")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    import json

    attempts = json.loads(out.read_text(encoding="utf-8"))["attempts"]
    assert [(a["given"], a["verdict"]) for a in attempts] == [("对", "right"), ("Ａ、Ｂ", "right")]
