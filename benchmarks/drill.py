"""Drill speed: `bnquiz drill check` of a correct solution (the whole default CPU battery) against
the floor `python -c "import torch"` (the child must import torch), side by side.

Prints the medians and their ratio (target ≤ 1.4).
Usage: python benchmarks/drill.py [--runs N] [--file PATH]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time(cmd: list[str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if result.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited with {result.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--file", type=Path, default=ROOT / "tests" / "drills" / "forward" / "reference.py")
    args = parser.parse_args()
    floor = [sys.executable, "-c", "import torch"]
    subject = [sys.executable, "-m", "bnquiz", "drill", "check", str(args.file), "--device", "cpu"]
    _time(floor)
    _time(subject)
    floors, subjects = [], []
    for _ in range(args.runs):
        floors.append(_time(floor))
        subjects.append(_time(subject))
    f, s = statistics.median(floors), statistics.median(subjects)
    print(f"floor  python -c 'import torch'             median {f * 1000:7.0f} ms")
    print(f"bnquiz drill check {args.file.name:<22} median {s * 1000:7.0f} ms")
    print(f"ratio  {s / f:.2f}  (target ≤ 1.4, {args.runs} interleaved runs)")


if __name__ == "__main__":
    main()
