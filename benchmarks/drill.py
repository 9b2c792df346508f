"""Drill speed: `bnquiz drill check` of each drill's correct solution (its whole default CPU
battery) against the floor `python -c "import torch"` (the child must import torch), interleaved.

Prints each drill's median and its ratio to the floor's: target ≤ 1.6 for every drill but
syncbn, whose three ranks each import torch (target ≤ 3 on two cores).
Usage: python benchmarks/drill.py [--runs N] [--drill NAME ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "drills"
TARGET = 1.6
TARGETS = {"syncbn": 3.0}  # three processes, each importing torch


def _time(cmd: list[str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if result.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited with {result.returncode}")
    return elapsed


def solutions(names: list[str]) -> dict[str, Path]:
    """Each drill's reference solution (fold in both of its calling forms)."""
    found = {}
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "reference.py").is_file()):
        if names and folder.name not in names:
            continue
        for path in sorted(folder.glob("reference*.py")):
            label = folder.name + path.stem.removeprefix("reference").replace("_", " ")
            found[label] = path
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--drill", nargs="*", default=[], help="only these drills (default: all)")
    args = parser.parse_args()
    floor = [sys.executable, "-c", "import torch"]
    subjects = {
        label: [sys.executable, "-m", "bnquiz", "drill", "check", str(path), "--device", "cpu", "--no-record"]
        for label, path in solutions(args.drill).items()
    }
    for command in (floor, *subjects.values()):  # warm the file cache
        _time(command)
    floors: list[float] = []
    times: dict[str, list[float]] = {label: [] for label in subjects}
    for _ in range(args.runs):
        for label, command in subjects.items():
            floors.append(_time(floor))
            times[label].append(_time(command))
    f = statistics.median(floors)
    print(f"floor  python -c 'import torch'        median {f * 1000:7.0f} ms")
    for label, found in times.items():
        s = statistics.median(found)
        target = TARGETS.get(label.split()[0], TARGET)
        print(f"drill  {label:<28}  median {s * 1000:7.0f} ms  ratio {s / f:.2f}  (target ≤ {target:g})")
    print(f"({args.runs} interleaved runs)")


if __name__ == "__main__":
    main()
