"""Startup budget: `bnquiz topics` against the floor `python -c "import typer, rich.console, yaml"`.

Runs both side by side, interleaved, and prints the medians and their ratio (target ≤ 1.3).
bnquiz's bytecode is compiled first, as `pip install` does for a wheel: with PYTHONDONTWRITEBYTECODE
set (as on some CI machines) an editable install would otherwise recompile it on every run, which
no user's install does, while the floor's libraries are compiled already.
Usage: python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _bnquiz() -> list[str]:
    script = Path(sys.executable).with_name("bnquiz")
    found = str(script) if script.exists() else shutil.which("bnquiz")
    return [found] if found else [sys.executable, "-m", "bnquiz"]


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("command", nargs="*", default=["topics"], help="bnquiz arguments to time")
    args = parser.parse_args()
    import compileall

    import bnquiz

    compileall.compile_dir(Path(bnquiz.__file__).parent, quiet=1)
    floor = [sys.executable, "-c", "import typer, rich.console, yaml"]
    subject = [*_bnquiz(), *args.command]
    for cmd in (floor, subject):  # warm the file cache
        _time(cmd)
    times: dict[str, list[float]] = {"floor": [], "bnquiz": []}
    for _ in range(args.runs):
        times["floor"].append(_time(floor))
        times["bnquiz"].append(_time(subject))
    floor_ms = statistics.median(times["floor"]) * 1000
    subject_ms = statistics.median(times["bnquiz"]) * 1000
    print(f"floor  python -c 'import typer, rich.console, yaml'  median {floor_ms:7.1f} ms")
    print(f"bnquiz {' '.join(args.command):<41} median {subject_ms:7.1f} ms")
    print(f"ratio  {subject_ms / floor_ms:.2f}  (target ≤ 1.3, {args.runs} interleaved runs)")


if __name__ == "__main__":
    main()
