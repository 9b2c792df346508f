"""The sandbox holds when a submission tries to get out: nothing it starts outlives its check,
however it detaches, and the limits cover every process it starts."""

from __future__ import annotations

import ctypes
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bnquiz.drills import specs
from bnquiz.drills.grader import grade

CORPUS = Path(__file__).parent / "drills"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="the subreaper and /proc are Linux's"),
]


def _grade(path: Path, timeout: float = 20.0):
    drill = specs.get("forward")
    return grade(path, drill, "plain", device="cpu", timeout=timeout)


def _survivors(record: Path) -> list[int]:
    """The recorded processes that still run (the same process: same id and start time)."""
    alive = []
    for line in record.read_text().splitlines() if record.exists() else []:
        pid, start = line.split()
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[19] == start:
                    alive.append(int(pid))
        except OSError:
            continue
    return alive


@pytest.mark.parametrize(
    ("name", "verdict", "recorded"),
    [
        ("left-running-setsid-daemon", "left-running", 1),  # double fork + setsid
        ("left-running-detached-popen", "left-running", 1),  # Popen in a session of its own
        ("memory-forked-hog", "memory", 1),  # the memory is in a forked child, in a group of its own
        ("processes-fork-storm", "processes", 2),  # a bounded fork storm, each child in its own session
        ("processes-thread-storm", "processes", 0),
    ],
)
def test_nothing_a_submission_starts_outlives_its_check(tmp_path, monkeypatch, name, verdict, recorded):
    record = tmp_path / "pids"
    monkeypatch.setenv("BNQUIZ_TEST_PIDS", str(record))
    result = _grade(CORPUS / "hostile" / f"{name}.py")
    assert verdict in [f.id for f in result.findings], [f.id for f in result.findings]
    if recorded:
        assert record.exists() and len(record.read_text().splitlines()) >= recorded
    assert _survivors(record) == []
    assert result.seconds < 15


def test_a_timeout_kills_what_the_submission_started(tmp_path, monkeypatch):
    record = tmp_path / "pids"
    monkeypatch.setenv("BNQUIZ_TEST_PIDS", str(record))
    result = _grade(CORPUS / "hostile" / "left-running-setsid-daemon.py", timeout=20)
    assert _survivors(record) == []
    hung = _grade(CORPUS / "hostile" / "fork-bomb-lite.py", timeout=3)
    assert [f.id for f in hung.findings] == ["timeout"]
    assert result.status == "failed"


def test_the_subreaper_is_off_again_after_a_check():
    _grade(CORPUS / "forward" / "reference.py")
    flag = ctypes.c_int(-1)
    ctypes.CDLL(None, use_errno=True).prctl(37, ctypes.byref(flag), 0, 0, 0)  # PR_GET_CHILD_SUBREAPER
    assert flag.value == 0


def test_concurrent_checks_keep_their_processes_apart(tmp_path, monkeypatch):
    """Two checks at once in one process: the daemon of one is never blamed on the other."""
    monkeypatch.setenv("BNQUIZ_TEST_PIDS", str(tmp_path / "pids"))
    files = [CORPUS / "hostile" / "left-running-setsid-daemon.py", CORPUS / "forward" / "reference.py"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        daemon, clean = pool.map(_grade, files)
    assert [f.id for f in daemon.findings] == ["left-running"]
    assert clean.passed, [f.id for f in clean.findings]
    assert _survivors(tmp_path / "pids") == []


def test_the_submission_works_in_a_private_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "writes.py"
    source.write_text(
        (CORPUS / "forward" / "reference.py")
        .read_text()
        .replace("def batch_norm(", 'open("left-behind.txt", "w").write("x")\n\n\ndef batch_norm(', 1)
    )
    before = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("bnquiz-drill-*"))
    assert _grade(source).passed
    assert not (tmp_path / "left-behind.txt").exists()
    assert set(Path(os.environ.get("TMPDIR", "/tmp")).glob("bnquiz-drill-*")) <= before  # removed afterwards
