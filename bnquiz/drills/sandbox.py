"""Runs the child: its own process group, stdin closed, output captured and capped, a wall
timeout (SIGKILL to the whole group), and a memory cap: an address-space limit for NumPy-only
drills, a resident-size watch wherever torch runs (an address-space limit breaks CUDA, and a
CUDA build of torch maps gigabytes of libraries even on a machine without a GPU).

The child is started before the parent has built the battery: it spends that time importing
torch. `Child.go(manifest)` hands it the work through a pipe; `Child.wait()` returns how it ended.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

OUTPUT_CAP = 16 * 2**20  # bytes a submission may print, per stream
MEMORY_CAP = 3 * 2**30  # address space on CPU runs; resident size on CUDA runs


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

    @property
    def signal_name(self) -> str | None:
        if self.returncode is not None and self.returncode < 0:
            try:
                return signal.Signals(-self.returncode).name
            except ValueError:
                return f"signal {-self.returncode}"
        return None


class Child:
    """One sandboxed run of `bnquiz.drills.runner` in a fresh temporary folder."""

    def __init__(self, framework: str, timeout: float) -> None:
        watch_memory = framework == "torch"
        self.workdir = Path(tempfile.mkdtemp(prefix="bnquiz-drill-"))
        (self.workdir / "scratch").mkdir()
        self.timeout = timeout
        self.watch_memory = watch_memory
        read_end, self._control = os.pipe()
        self._out = open(self.workdir / "stdout.txt", "wb")  # noqa: SIM115 — closed in wait()
        self._err = open(self.workdir / "stderr.txt", "wb")  # noqa: SIM115
        self._started = time.monotonic()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-I",
                "-B",
                "-m",
                "bnquiz.drills.runner",
                str(self.workdir),
                str(read_end),
                framework,
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=self._err,
            pass_fds=(read_end,),
            start_new_session=True,  # its own process group: one killpg ends everything it started
            cwd=self.workdir / "scratch",
            preexec_fn=functools.partial(_limit, address_space=not watch_memory),
            env=_environment(),
        )
        os.close(read_end)

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
        while self.process.poll() is None:
            if time.monotonic() - self._started > self.timeout:
                timed_out = True
                break
            if self.watch_memory and _resident(self.process.pid) > MEMORY_CAP:
                memory_exceeded = True
                break
            time.sleep(0.01)
        self.kill()  # also reaps anything the submission left running in its group
        self.process.wait()
        self._out.close()
        self._err.close()
        return Ending(
            returncode=None if timed_out or memory_exceeded else self.process.returncode,
            timed_out=timed_out,
            memory_exceeded=memory_exceeded,
            seconds=time.monotonic() - self._started,
            stdout=_head(self.workdir / "stdout.txt"),
            stderr=_head(self.workdir / "stderr.txt"),
            flooded=any(_size(self.workdir / f) >= OUTPUT_CAP for f in ("stdout.txt", "stderr.txt")),
        )

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def cleanup(self) -> None:
        self.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")  # tiny tensors: threads cost more than they give
    return env


def _limit(address_space: bool) -> None:
    import resource

    if address_space:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_CAP, OUTPUT_CAP))  # a flood fails, not the disk
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


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
