"""Home screen speed: `bnquiz` alone in a terminal against `bnquiz topics` (target ≤ 1.1).

Both run in a pseudo-terminal of 80 by 24, so `bnquiz` takes the path a person's shell gives it
(the home screen, not the help) and both pay for a terminal's colours alike. The home screen is
timed twice: over the history of benchmarks/stats.py (10,000 answers, 13 minutes apart: for the
home screen one unbroken session, so it reads back the most answers it ever reads) in a
temporary BNQUIZ_HOME, and for a new user with no progress at all; neither may create a file.
bnquiz's bytecode is compiled first, as in benchmarks/startup.py.
Usage: python benchmarks/home.py [--runs N] [--answers N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from stats import _history  # the same history, recorded through the store as sessions record it


def _time(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds from start to exit in a fresh pseudo-terminal, and what it printed there."""
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdin=terminal, stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)  # the child holds it now: reading ends when the child exits
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child's end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    child.wait()
    elapsed = time.perf_counter() - start
    os.close(controller)
    if child.returncode:
        sys.exit(f"{' '.join(cmd)} exited with {child.returncode}")
    return elapsed, b"".join(chunks).decode("utf-8", "replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--answers", type=int, default=10_000)
    args = parser.parse_args()
    import compileall

    import bnquiz

    compileall.compile_dir(Path(bnquiz.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="bnquiz-bench-") as folder:
        used, new = Path(folder) / "used", Path(folder) / "new"
        used.mkdir()
        new.mkdir()
        _history(used, args.answers)
        _compare(args.runs, args.answers, used, new)


def _compare(runs: int, answers: int, used: Path, new: Path) -> None:
    script = Path(sys.executable).with_name("bnquiz")
    bnquiz = [str(script)] if script.exists() else [sys.executable, "-m", "bnquiz"]
    env = {k: v for k, v in os.environ.items() if k not in ("TTY_COMPATIBLE", "COLUMNS", "LINES")}
    env["TERM"] = env.get("TERM") or "xterm-256color"
    commands = {
        "bnquiz topics": ([*bnquiz, "topics"], {**env, "BNQUIZ_HOME": str(used)}),
        f"bnquiz ({answers:,} answers)": (bnquiz, {**env, "BNQUIZ_HOME": str(used)}),
        "bnquiz (no progress yet)": (bnquiz, {**env, "BNQUIZ_HOME": str(new)}),
    }
    before = sorted(used.iterdir())
    for name, (cmd, environ) in commands.items():  # warm the file cache and the bank's cache
        _elapsed, shown = _time(cmd, environ)
        if name != "bnquiz topics" and ("Usage" in shown or "bnquiz drill" not in shown):
            sys.exit(f"{name} did not show the home screen:\n{shown}")
    if any(new.iterdir()) or sorted(used.iterdir()) != before:
        sys.exit("the home screen created a file")
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, environ) in commands.items():
            times[name].append(_time(cmd, environ)[0])
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    for name, median in medians.items():
        print(f"{name:<34} median {median:6.1f} ms")
    for name in list(commands)[1:]:
        ratio = medians[name] / medians["bnquiz topics"]
        print(f"ratio  {ratio:.2f}  {name} / bnquiz topics  (target ≤ 1.1, {runs} interleaved runs)")


if __name__ == "__main__":
    main()
