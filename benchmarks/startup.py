"""Startup budget: `bnquiz topics`, in English and in Chinese, against the floor `python -c
"import typer, rich.console, yaml"`.

Runs all three interleaved and prints the medians and the ratios (target ≤ 1.3 for each).
bnquiz's bytecode is compiled first, as `pip install` does for a wheel: with PYTHONDONTWRITEBYTECODE
set (as on some CI machines) an editable install would otherwise recompile it on every run, which
no user's install does, while the floor's libraries are compiled already.
Usage: python benchmarks/startup.py [--runs N] [-- BNQUIZ ARGUMENTS]
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
    parser.add_argument("command", nargs="*", help="bnquiz arguments to time (default: topics, in en and zh)")
    args = parser.parse_args()
    import compileall

    import bnquiz

    compileall.compile_dir(Path(bnquiz.__file__).parent, quiet=1)
    floor = [sys.executable, "-c", "import typer, rich.console, yaml"]
    subjects = [args.command] if args.command else [["--lang", "en", "topics"], ["--lang", "zh", "topics"]]
    commands = {"floor": floor, **{" ".join(s): [*_bnquiz(), *s] for s in subjects}}
    for cmd in commands.values():  # warm the file cache (and bnquiz's bank cache)
        _time(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(_time(cmd))
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    print(f"floor  python -c 'import typer, rich.console, yaml'  median {medians['floor']:7.1f} ms")
    for name in commands:
        if name != "floor":
            print(f"bnquiz {name:<41} median {medians[name]:7.1f} ms")
            ratio = medians[name] / medians["floor"]
            print(f"ratio  {ratio:.2f}  (target ≤ 1.3, {args.runs} interleaved runs)")


if __name__ == "__main__":
    main()
