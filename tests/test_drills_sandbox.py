"""The sandbox holds when a submission tries to get out: nothing it starts outlives its check,
however it detaches, and the limits cover every process it starts."""

from __future__ import annotations

import ctypes
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_drills_corpus import mismatch, timeout_for

from bnquiz.drills import specs
from bnquiz.drills.forkserver import ForkServer
from bnquiz.drills.grader import grade
from bnquiz.outcome import Status

CORPUS = Path(__file__).parent / "drills"
# fork-bomb-lite.py's program, recording the process it starts as the other hostile files do
HANGS = """\
import os
import subprocess


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    child = subprocess.Popen(["sleep", "1000"])
    with open(f"/proc/{child.pid}/stat") as stat:
        start = stat.read().rsplit(")", 1)[1].split()[19]
    with open(os.environ["BNQUIZ_TEST_PIDS"], "a") as out:
        out.write(f"{child.pid} {start}\\n")
    while True:
        pass
"""
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="the subreaper and /proc are Linux's"),
]


def _grade(path: Path, timeout: float = 20.0, warm=None):
    drill = specs.get("forward")
    return grade(path, drill, "plain", device="cpu", timeout=timeout, warm=warm)


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
    ("name", "verdict", "status", "recorded"),
    [
        ("left-running-setsid-daemon", "left-running", Status.FAILED, 1),  # double fork + setsid
        ("left-running-detached-popen", "left-running", Status.FAILED, 1),  # Popen in a session of its own
        (
            "memory-forked-hog",
            "memory",
            Status.BROKEN,
            1,
        ),  # the memory is in a forked child, in a group of its own
        (
            "processes-fork-storm",
            "processes",
            Status.BROKEN,
            2,
        ),  # a fork storm, each child in its own session
        ("processes-thread-storm", "processes", Status.BROKEN, 0),
    ],
)
def test_nothing_a_submission_starts_outlives_its_check(
    tmp_path, monkeypatch, name, verdict, status, recorded
):
    record = tmp_path / "pids"
    monkeypatch.setenv("BNQUIZ_TEST_PIDS", str(record))
    result = _grade(CORPUS / "hostile" / f"{name}.py")
    assert verdict in [f.id for f in result.findings], [f.id for f in result.findings]
    assert result.status == status
    if recorded:
        assert record.exists() and len(record.read_text().splitlines()) >= recorded
    assert _survivors(record) == []
    assert result.seconds < 15


def test_a_warm_process_forks_children_as_sandboxed_as_new_ones(tmp_path, monkeypatch):
    """`drill watch`'s checks fork from one warm process: every hostile file still ends in the
    verdict its header states, nothing any of them starts outlives its check, one bad check
    never spoils the next (a correct file passes after each), and the warm process stays ours."""
    record = tmp_path / "pids"
    monkeypatch.setenv("BNQUIZ_TEST_PIDS", str(record))  # before the warm process takes the environment
    drill = specs.get("forward")
    warm = ForkServer(drill.framework, drill.caller)
    wrong = {}
    try:
        for path in sorted((CORPUS / "hostile").glob("[!_]*.py")):
            said = mismatch(path, _grade(path, timeout_for(path), warm))
            if said:
                wrong[path.name] = said
            clean = _grade(CORPUS / "forward" / "reference.py", warm=warm)
            if not clean.passed:
                wrong[f"reference after {path.name}"] = [f.id for f in clean.findings]
        assert warm.process.poll() is None  # no check ended it
    finally:
        warm.close()
    assert wrong == {}
    assert len(record.read_text().splitlines()) >= 4
    assert _survivors(record) == []
    assert warm.process.returncode is not None


def test_a_timeout_kills_what_the_submission_started(tmp_path, monkeypatch):
    """A submission that starts `sleep 1000` and then never returns: when the timeout stops it,
    the sleep (known by the id and start time the submission recorded) is gone too."""
    record = tmp_path / "pids"
    monkeypatch.setenv("BNQUIZ_TEST_PIDS", str(record))
    source = tmp_path / "hangs.py"
    source.write_text(HANGS)
    hung = _grade(source, timeout=3)
    assert [f.id for f in hung.findings] == ["timeout"]
    assert hung.status == Status.BROKEN
    assert len(record.read_text().splitlines()) == 1  # the sleep was started, and recorded
    assert _survivors(record) == []


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
    """It runs in a folder of its own, made for the check and removed afterwards, never in the
    caller's. The check's folders go in a temporary folder of this test's own, and the
    submission records where it ran."""
    monkeypatch.chdir(tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv("BNQUIZ_TEST_CWD", str(tmp_path / "cwd"))
    writes = 'import os\nopen("left-behind.txt", "w").write("x")\n'
    writes += 'open(os.environ["BNQUIZ_TEST_CWD"], "w").write(os.getcwd())\n\n\n'
    source = tmp_path / "writes.py"
    source.write_text(
        (CORPUS / "forward" / "reference.py")
        .read_text()
        .replace("def batch_norm(", writes + "def batch_norm(", 1)
    )
    assert _grade(source).passed
    assert not (tmp_path / "left-behind.txt").exists()
    ran_in = Path((tmp_path / "cwd").read_text())
    assert ran_in.is_relative_to(temporary) and not ran_in.exists()
    assert list(temporary.iterdir()) == []  # removed afterwards


# a SyncBN submission on three ranks that records each rank's process, then misbehaves on one
RANKS = """\
import os

import torch.distributed as dist
import torch.distributed.nn.functional as dnn
import torch


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    with open(f"/proc/{os.getpid()}/stat") as stat:
        start = stat.read().rsplit(")", 1)[1].split()[19]
    with open(os.environ["BNQUIZ_TEST_PIDS"], "a") as out:
        out.write(f"{os.getpid()} {start}\\n")
    if dist.get_rank() == 1:
        {misbehaviour}
    total = dnn.all_reduce(x.sum(), group=group)
    return x - total
"""


@pytest.mark.parametrize(
    ("misbehaviour", "said"),
    [
        ("return x", "rank 0 waited in a collective that rank 1 never joined"),
        ("os._exit(0)", "rank 1 never returned from this call"),
        ("while True: pass", None),
    ],
)
def test_every_rank_ends_with_its_check_and_a_missing_rank_is_named(
    tmp_path, monkeypatch, misbehaviour, said
):
    """Three ranks start per check; a rank that skips a collective, exits or hangs is named (or
    the timeout says so), and no rank's process outlives the check."""
    record = tmp_path / "pids"
    monkeypatch.setenv("BNQUIZ_TEST_PIDS", str(record))
    source = tmp_path / "ranks.py"
    source.write_text(RANKS.replace("{misbehaviour}", misbehaviour))
    verdict = grade(source, specs.get("syncbn"), "plain", device="cpu", timeout=15)
    messages = [f.error.get("message", "") for f in verdict.findings if f.error]
    if said is None:
        assert "timeout" in [f.id for f in verdict.findings]
    else:
        assert any(said in m for m in messages), messages
    pids = {int(line.split()[0]) for line in record.read_text().splitlines()}
    assert len(pids) >= 2  # the ranks of the first case ran the user's code, each in its own process
    assert _survivors(record) == []
