"""Runs the child, and everything it starts, under limits that forking does not escape.

- The child gets its own session and process group, stdin closed, output captured to capped
  files, and a private temporary working folder.
- While a check runs, bnquiz is a child subreaper (Linux): a process the submission detaches
  (double fork, `setsid`, a new process group) is reparented to bnquiz instead of init, so it is
  still found. Every process of a check carries the check's token in its environment, which is
  how concurrent checks in one process tell their orphans apart.
- The wall timeout, the memory cap (the resident memory of all the submission's processes
  together) and the process and thread caps cover the whole tree: when one is passed, or when
  the check ends, every process of the submission is killed with SIGKILL, round after round,
  until none is left. Processes still running when the submission returned are reported.
- NumPy-only drills also get an address-space limit per process (an address-space limit breaks
  CUDA, and a CUDA build of torch maps gigabytes even without a GPU, so torch drills rely on the
  watch alone).

The child is started before the parent has built the battery: it spends that time importing
torch. `Child.go(manifest)` hands it the work through a pipe; `Child.wait()` returns how it ended.
Given a warm process (a `ForkServer`, for `drill watch`), the child is a fork of it instead, with
torch already imported, under the same limits and the same watch.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import bnquiz.drills.procfs as procfs
from bnquiz.drills.confinement import MEMORY_CAP, OUTPUT_CAP, TOKEN, environment, limit
from bnquiz.drills.forkserver import Forked, ForkServer

PROCESS_CAP = 16  # processes a submission may run at once, its own included
THREAD_CAP = 256  # threads, over all its processes
_POLL = 0.02  # seconds between watches
READY = "ready.json"  # the child writes it once its framework is imported, before it reads its work
STARTUP = 20.0  # seconds an import (three ranks' on two cores) may take beyond the timeout
_PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class Ending:
    """How the child ended."""

    returncode: int | None
    timed_out: bool
    memory_exceeded: bool
    seconds: float
    stdout: str  # the first few KB the submission printed
    stderr: str
    flooded: bool  # it printed up to the cap
    too_many: str = ""  # "processes" or "threads" when a cap was passed
    left_running: int = 0  # processes still running when the submission was done

    @property
    def signal_name(self) -> str | None:
        if self.returncode is not None and self.returncode < 0:
            try:
                return signal.Signals(-self.returncode).name
            except ValueError:
                return f"signal {-self.returncode}"
        return None


class _Reaper:
    """bnquiz's side of the subreaper: on while any check runs, and who its children are."""

    lock = threading.Lock()
    users = 0
    runners: ClassVar[set[int]] = set()  # the children bnquiz started for the checks now running

    @classmethod
    def enter(cls) -> None:
        with cls.lock:
            if cls.users == 0:
                _subreaper(True)
            cls.users += 1

    @classmethod
    def leave(cls, pid: int | None) -> None:
        with cls.lock:
            if pid is not None:
                cls.runners.discard(pid)
            cls.users -= 1
            if cls.users == 0:
                _subreaper(False)


def _subreaper(on: bool) -> None:
    if sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0)


class Child:
    """One sandboxed run of `bnquiz.drills.runner` in a fresh temporary folder: a new
    interpreter, or a fork of `warm` (a `ForkServer` of the same framework) when given."""

    def __init__(
        self, framework: str, timeout: float, ranks: int = 1, warm: ForkServer | None = None
    ) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="bnquiz-drill-"))
        (self.workdir / "scratch").mkdir()
        self.timeout = timeout
        self.token = secrets.token_hex(8)
        self._server = None  # the warm process: it carries the token too, but is bnquiz's own
        if warm is not None and warm.framework == framework:
            self.token = warm.token  # a fork's environment is the server's, as started
            self._server = warm.process.pid
        read_end, self._control = os.pipe()
        self._out = open(self.workdir / "stdout.txt", "wb")  # noqa: SIM115 — closed in wait()
        self._err = open(self.workdir / "stderr.txt", "wb")  # noqa: SIM115
        self._started = time.monotonic()
        self._before = set(procfs.children(os.getpid()))  # bnquiz's own children: never touched
        _Reaper.enter()
        try:
            with _Reaper.lock:
                self.process: Forked | subprocess.Popen[bytes]
                self.process = self._fork(warm, framework, read_end, ranks) or subprocess.Popen(
                    [
                        sys.executable,
                        "-I",
                        "-B",
                        "-m",
                        "bnquiz.drills.runner",
                        str(self.workdir),
                        str(read_end),
                        framework,
                        str(ranks),  # a distributed drill's processes: the child starts the others
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=self._out,
                    stderr=self._err,
                    pass_fds=(read_end,),
                    start_new_session=True,  # its own session and group: one killpg ends the obedient
                    cwd=self.workdir / "scratch",
                    preexec_fn=functools.partial(limit, address_space=framework != "torch"),
                    env=environment(self.token),
                )
                _Reaper.runners.add(self.process.pid)
        except BaseException:
            _Reaper.leave(None)
            raise
        finally:
            os.close(read_end)

    def _fork(self, warm: ForkServer | None, framework: str, control: int, ranks: int) -> Forked | None:
        """The child as a fork of the warm process; None where there is none (or it is gone:
        a fresh interpreter does the check instead)."""
        if warm is None or warm.framework != framework:
            return None
        try:
            return warm.fork(
                str(self.workdir),
                control,
                self._out.fileno(),
                self._err.fileno(),
                ranks,
                framework != "torch",
            )
        except OSError:
            self.token, self._server = secrets.token_hex(8), None
            return None

    def go(self, manifest: bytes) -> None:
        """Hand over the work (an empty manifest tells the child to stop)."""
        self._started = time.monotonic()  # the timeout covers the user's code, not torch's import
        try:
            os.write(self._control, manifest)
        except BrokenPipeError:
            pass  # the child already died; wait() says how
        finally:
            os.close(self._control)

    def wait(self) -> Ending:
        timed_out = memory_exceeded = False
        too_many = ""
        ready = False  # the child has imported its framework (every rank has joined): the user's
        # time starts then, or at go(), whichever is later; before that it may take STARTUP more
        while self.process.poll() is None:
            now = time.monotonic()
            if not ready and (self.workdir / READY).exists():
                ready, self._started = True, max(self._started, now)
            if now - self._started > self.timeout + (0 if ready else STARTUP):
                timed_out = True
                break
            members = self.members()
            processes, threads, memory = procfs.usage(members)
            if processes > PROCESS_CAP or threads > THREAD_CAP:
                too_many = "processes" if processes > PROCESS_CAP else "threads"
                break
            if memory > MEMORY_CAP:
                memory_exceeded = True
                break
            if isinstance(self.process, Forked):
                self.process.pause(_POLL)  # back at once when the fork's status comes
            else:
                time.sleep(_POLL)
        stopped = timed_out or memory_exceeded or bool(too_many)
        left = (
            0
            if stopped
            else len([pid for pid in self.members() if pid != self.process.pid and procfs.alive(pid)])
        )
        self.kill()
        self._out.close()
        self._err.close()
        return Ending(
            returncode=None if stopped else self.process.returncode,
            timed_out=timed_out,
            memory_exceeded=memory_exceeded,
            seconds=time.monotonic() - self._started,
            stdout=_head(self.workdir / "stdout.txt"),
            stderr=_head(self.workdir / "stderr.txt"),
            flooded=any(_size(self.workdir / f) >= OUTPUT_CAP for f in ("stdout.txt", "stderr.txt")),
            too_many=too_many,
            left_running=left,
        )

    def members(self) -> list[int]:
        """Every process of this submission: the child's descendants, and the orphans it left
        (reparented to bnquiz, the subreaper) that carry this check's token."""
        found: list[int] = []
        roots = [self.process.pid] if self.process.returncode is None else []
        with _Reaper.lock:
            others = (_Reaper.runners | {self._server}) - {self.process.pid}
        roots += [
            pid
            for pid in procfs.children(os.getpid())
            if pid not in others and pid != self.process.pid and procfs.variable(pid, TOKEN) == self.token
        ]
        while roots:
            pid = roots.pop()
            if pid in found:
                continue
            found.append(pid)
            roots += procfs.children(pid)
        return found

    def kill(self) -> None:
        """SIGKILL every process of the submission, round after round (a killed parent's children
        come to bnquiz, the subreaper), reaping each one that is bnquiz's child, until none is left."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        me = os.getpid()
        for _ in range(200):
            members = self.members()
            for pid in members:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait()
            for pid in members:
                if pid != self.process.pid and procfs.parent(pid) == me:
                    with contextlib.suppress(ChildProcessError, OSError):
                        os.waitpid(pid, 0)  # SIGKILLed: this returns at once
            if not [pid for pid in self.members() if pid != self.process.pid]:
                break
        with _Reaper.lock:
            others = set(_Reaper.runners)
        for pid in procfs.children(me):  # what the check left to bnquiz as zombies (no token to read)
            if pid not in self._before and pid not in others and not procfs.alive(pid):
                with contextlib.suppress(ChildProcessError, OSError):
                    os.waitpid(pid, os.WNOHANG)

    def cleanup(self) -> None:
        try:
            self.kill()
        finally:
            _Reaper.leave(self.process.pid)
            shutil.rmtree(self.workdir, ignore_errors=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _head(path: Path, limit: int = 4000) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return ""
