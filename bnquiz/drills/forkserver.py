"""A warm process to fork the sandboxed child from: torch is imported once, not once per check.

`drill watch` re-grades a file on every save. Starting a fresh interpreter for each check
costs the import of torch (a second or more) every time; instead a `ForkServer` starts one
process that imports the framework, NumPy and the drill's caller, then waits. For each check
it forks: the fork becomes the child `bnquiz.drills.runner` would have been (its own session,
the sandbox's limits, its output in the check's files, the manifest on its control pipe) and
the server, which never runs the user's code, stays clean for the next check. The sandbox
watches, limits and kills the fork exactly as it does a child it started itself (`Child`).

One check at a time: the server answers each request with the fork's process id, then, once
the fork has ended, with its exit status.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from typing import Any

_MESSAGE = 4096  # bytes: a request or an answer is one small JSON document
STARTUP = 60.0  # seconds the server may take to import what every check needs


class ForkServer:
    """The warm process, started at once; `close()` (or leaving `with`) ends it."""

    def __init__(self, framework: str, caller: str) -> None:
        """`caller`: the drill's child-side caller ("module:function"), imported ahead too."""
        from bnquiz.drills.confinement import environment

        self.framework = framework
        self.token = secrets.token_hex(8)  # in the server's environment, and so in every fork's
        self._forked: Forked | None = None
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._socket = mine
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-B", "-m", __name__, str(theirs.fileno()), framework, caller],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,  # Ctrl-C at the terminal is bnquiz's to handle, not its
                env=environment(self.token),
            )

    def fork(self, workdir: str, control: int, stdout: int, stderr: int, ranks: int, limits: bool) -> Forked:
        """Start one check's child: a fork running the runner on `workdir`, reading its manifest
        from `control` and writing its output to `stdout` and `stderr` (descriptors, handed over
        to the server). `limits`: the address-space limit too (NumPy drills)."""
        if self._forked is not None and self._forked.poll() is None:
            raise OSError("the warm process is busy with another check")
        request = json.dumps({"workdir": workdir, "ranks": ranks, "limits": limits}).encode()
        import select

        try:
            socket.send_fds(self._socket, [request], [control, stdout, stderr])
            # the first request waits for the imports; one that never ends leaves the server be
            ready = select.select([self._socket], [], [], STARTUP)[0]
            answer = json.loads(self._socket.recv(_MESSAGE) or b"{}") if ready else {}
        except (OSError, ValueError):
            answer = {}
        if "pid" not in answer:
            self.close()  # gone or stuck: a fresh interpreter does this check, and the next
            raise OSError("the warm process is gone")
        self._forked = Forked(int(answer["pid"]), self._socket)
        return self._forked

    def close(self) -> None:
        """End the server (again: nothing happens)."""
        self._socket.close()  # the server reads the end of its requests and leaves
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Forked:
    """One fork, as the sandbox sees a child it started: `pid`, `poll()`, `wait()`, `returncode`.
    Its parent is the server, which reaps it and sends its exit status."""

    def __init__(self, pid: int, channel: socket.socket) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._channel = channel

    def poll(self) -> int | None:
        if self.returncode is None:
            self._receive(block=False)
        return self.returncode

    def pause(self, seconds: float) -> None:
        """Sleep up to `seconds`, less if the fork's status comes first."""
        import select

        if self.returncode is None:
            select.select([self._channel], [], [], seconds)

    def wait(self) -> int:
        while self.returncode is None:
            self._receive(block=True)
        return self.returncode

    def _receive(self, block: bool) -> None:
        try:
            raw = self._channel.recv(_MESSAGE, 0 if block else socket.MSG_DONTWAIT)
        except BlockingIOError:
            return
        except OSError:
            raw = b""
        if not raw:  # the server is gone, and the fork's status with it: killed, as far as anyone knows
            self.returncode = -signal.SIGKILL
            return
        self.returncode = int(json.loads(raw)["returncode"])


def serve(channel: socket.socket, framework: str, caller: str) -> None:
    """The server's loop: import what every check needs, then fork one child per request."""
    import importlib

    import numpy  # noqa: F401 — imported here so that no fork pays for it

    if framework == "torch":
        _warm_up(importlib.import_module("torch"))
    importlib.import_module("bnquiz.drills.runner")
    module, _, _function = caller.partition(":")
    with contextlib.suppress(ImportError):  # a drill outside bnquiz: the runner loads it by file
        importlib.import_module(module)
    while True:
        try:
            raw, fds, _flags, _address = socket.recv_fds(channel, _MESSAGE, 3)
        except OSError:
            return
        if not raw:
            return  # bnquiz closed its end
        request = json.loads(raw)
        pid = os.fork()
        if pid == 0:
            _run(channel, request, framework, fds)
        for fd in fds:
            os.close(fd)
        channel.send(json.dumps({"pid": pid}).encode())
        _, status = os.waitpid(pid, 0)
        channel.send(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}).encode())


def _warm_up(torch: Any) -> None:
    """Run what a normalization does, forward and backward, in each dtype: torch initializes much
    lazily on first use (operators, autograd, even imports), and a fork would pay for it on every
    check. On one thread: a fork is safe only from a process whose thread pools never started."""
    import numpy as np

    torch.set_num_threads(1)
    for dtype in (torch.float64, torch.float32, torch.float16, torch.bfloat16):
        x = torch.from_numpy(np.linspace(-1.0, 1.0, 24).reshape(2, 3, 2, 2)).to(dtype).requires_grad_()
        weight = torch.ones(3, dtype=dtype, requires_grad=True)
        bias = torch.zeros(3, dtype=dtype, requires_grad=True)
        mean = x.mean(dim=(0, 2, 3), keepdim=True)
        var = x.var(dim=(0, 2, 3), keepdim=True, unbiased=False)
        y = (x - mean) / torch.sqrt(var + 1e-5) * weight.view(1, -1, 1, 1) + bias.view(1, -1, 1, 1)
        z = torch.nn.functional.batch_norm(x, None, None, weight, bias, training=True)
        ((y + z) * torch.ones_like(y)).sum().backward()
        with torch.no_grad():
            (x.detach().clone().mul_(2).add_(1).rsqrt().float().numpy()).copy()


def _run(channel: socket.socket, request: dict[str, Any], framework: str, fds: list[int]) -> None:
    """In the fork: become the sandboxed child, as `Child` would have started it, and run."""
    from bnquiz.drills import runner
    from bnquiz.drills.confinement import limit

    code = 1
    try:
        channel.close()
        control, stdout, stderr = fds
        os.setsid()
        limit(request["limits"])
        null = os.open(os.devnull, os.O_RDONLY)
        for source, target in ((null, 0), (stdout, 1), (stderr, 2)):
            os.dup2(source, target)
            os.close(source)
        workdir = request["workdir"]
        os.chdir(os.path.join(workdir, "scratch"))
        sys.argv = ["-m", workdir, str(control), framework, str(request["ranks"])]
        runner.main(sys.argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), sys.argv[2], sys.argv[3])
