"""Cheat-sheet speed: `bnquiz cheatsheet --format pdf` of the full sheet, end to end (target < 1 s),
beside `bnquiz cheatsheet --format markdown` and the `python -c "import typer, rich.console, yaml"`
floor, interleaved. Prints the medians.
Usage: python benchmarks/cheatsheet.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp()) / "sheet.pdf"
    bnquiz = [sys.executable, "-m", "bnquiz", "cheatsheet"]
    commands = {
        "floor (import typer, rich.console, yaml)": [
            sys.executable,
            "-c",
            "import typer, rich.console, yaml",
        ],
        "cheatsheet --format markdown": [*bnquiz, "--format", "markdown"],
        "cheatsheet --format pdf (full sheet)": [*bnquiz, "--format", "pdf", "-o", str(out), "--force"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():
        _time(cmd)
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(_time(cmd))
    for name, values in times.items():
        print(f"{name:<42} median {statistics.median(values) * 1000:6.0f} ms")
    pdf = statistics.median(times["cheatsheet --format pdf (full sheet)"])
    print(f"full PDF in {pdf:.2f} s (target < 1 s, {args.runs} interleaved runs)")


if __name__ == "__main__":
    main()
