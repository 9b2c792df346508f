"""`bnquiz drill watch`: a real terminal session that saves a wrong file, then a right one, and
sees both reports; its keys; Ctrl-C; and saves in quick succession graded once."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pexpect
import pytest

from bnquiz.drills.watch import Watch

CORPUS = Path(__file__).parent / "drills" / "forward"
RIGHT = CORPUS / "reference.py"
WRONG = CORPUS / "wrong" / "eps-missing.py"


def spawn(*args: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "bnquiz", "drill", "watch", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(60, 100),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in test_pty
    )


def ours(home: Path) -> list[int]:
    """The processes started with this test's home in their environment: the watcher, its warm
    process and any check's."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and f"BNQUIZ_HOME={home}".encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_a_watch_session_sees_a_wrong_save_then_a_right_one(home):
    solution = home / "bn.py"
    shutil.copy(RIGHT, solution)
    child = spawn(str(solution))
    child.expect("PASSED 74 of 74 checks passed")
    shutil.copy(WRONG, solution)
    child.expect("first finding: eps-missing")  # the header of the new report
    child.expect("FAILED [0-9]+ of 74 checks passed")
    child.send("h")
    child.expect("Hint 1 of [0-9]+:")
    shutil.copy(RIGHT, solution)
    child.expect("PASSED 74 of 74 checks passed")
    child.send("q")
    child.expect("Stopped watching")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")
    import bnquiz

    opened = bnquiz.open_store()
    try:
        assert opened.store.drill_totals()["forward"].checks == 3  # each save is in the progress
    finally:
        opened.store.close()


@pytest.mark.slow
def test_ctrl_c_stops_watching_cleanly_and_leaves_no_process(home):
    solution = home / "bn.py"
    shutil.copy(WRONG, solution)
    child = spawn(str(solution), "--no-record")
    child.expect("FAILED")
    assert len(ours(home / "home")) >= 2  # the watcher and its warm process
    child.sendintr()
    child.expect("Stopped watching")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")
    deadline = time.monotonic() + 5
    while ours(home / "home") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ours(home / "home") == []


@pytest.mark.slow
def test_a_save_that_cannot_be_graded_says_why_and_the_watch_goes_on(home):
    solution = home / "bn.py"
    shutil.copy(RIGHT, solution)
    child = spawn(str(solution), "--no-record")
    child.expect("PASSED")
    solution.write_text("def batch_norm(x,\n")  # a syntax error: graded as the last drill, forward
    child.expect(r"\[syntax-error\]")
    solution.unlink()
    child.expect("no such file")
    shutil.copy(RIGHT, solution)
    child.expect("PASSED")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.slow  # it watches real saves for a second and a half
def test_saves_in_quick_succession_are_graded_once(tmp_path):
    solution = tmp_path / "bn.py"
    solution.write_text("x = 1\n")
    (tmp_path / "other.py").write_text("")
    watch = Watch(solution)  # no drill named: nothing starts until a check
    seen: list[bool] = []
    started = threading.Event()

    def save() -> None:
        started.wait()
        time.sleep(0.2)
        for number in range(3):  # three saves within a few milliseconds: one editor's save
            solution.write_text(f"x = {number}\n")
        (tmp_path / "other.py").write_text("y = 1\n")  # another file: never counted
        time.sleep(0.5)
        solution.write_text("x = 9\n")  # a save after a pause: a second one

    threading.Thread(target=save, daemon=True).start()
    deadline = time.monotonic() + 1.5
    for saved in watch.saves():
        started.set()
        seen.append(saved)
        if time.monotonic() > deadline:
            break
    assert seen[0] is True  # the watch is on: grade the file as it is
    assert seen[1:].count(True) == 2
    assert seen.count(False) >= 5  # it yields between saves, for the keys


@pytest.mark.slow  # builds the drill's battery
def test_an_option_the_first_check_refuses_ends_the_watch_at_once(bnquiz, tmp_path):
    solution = tmp_path / "bn.py"
    shutil.copy(RIGHT, solution)
    for args, said in (
        (["--device", "tpu"], "unknown device 'tpu'"),
        (["--timeout", "0"], "--timeout must be positive"),
    ):
        result = bnquiz("drill", "watch", str(solution), "--no-record", *args, input="")
        assert result.exit_code == 2, result.output
        assert said in result.output and "Stopped watching" not in result.output
    (tmp_path / "other.py").write_text("x = 1\n")
    result = bnquiz("drill", "watch", str(tmp_path / "other.py"), input="")
    assert result.exit_code == 2 and "say which drill with --drill" in result.output


@pytest.mark.slow
def test_a_warm_process_that_dies_is_replaced_and_the_check_still_runs(tmp_path):
    solution = tmp_path / "bn.py"
    shutil.copy(RIGHT, solution)
    with Watch(solution, "forward", "cpu", record=False) as watch:
        assert watch.check().passed
        first = watch._warm.process
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        assert watch.check().passed  # a fresh warm process, or a fresh interpreter meanwhile
        assert watch._warm is not None and watch._warm.process.pid != first.pid
        assert watch.check().passed
