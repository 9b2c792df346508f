"""Watch-mode speed: the time from saving a file to the new report of `bnquiz drill watch`.

Starts `bnquiz drill watch` on a copy of the forward drill's reference solution, waits for its
first report, then saves a wrong and a right version in turn and times each save until the
report's summary line ("PASSED …"/"FAILED …") appears. Prints the median against the target
of 0.3 s (save → report), as a ratio: at most 1 is on target.
Usage: python benchmarks/watch.py [--saves N]
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "drills" / "forward"
TARGET = 0.3  # seconds from the save to the report
PAUSE = 0.4  # between saves, so that no two are graded as one burst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    right = (CORPUS / "reference.py").read_text()
    wrong = (CORPUS / "wrong" / "eps-missing.py").read_text()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bn.py"
        target.write_text(right)
        command = [sys.executable, "-m", "bnquiz", "drill", "watch", str(target), "--device", "cpu"]
        command.append("--no-record")
        watcher = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "BNQUIZ_LANG": "en"},
        )
        reports: queue.Queue[float] = queue.Queue()
        threading.Thread(target=_read, args=(watcher, reports), daemon=True).start()
        try:
            reports.get(timeout=60)  # the first report: the warm process has imported torch
            latencies = []
            for index in range(args.saves):
                time.sleep(PAUSE)
                saved = time.perf_counter()
                target.write_text(wrong if index % 2 == 0 else right)
                latencies.append(reports.get(timeout=30) - saved)
        finally:
            watcher.communicate("q\n", timeout=30)
    median = statistics.median(latencies)
    print(f"save → report over {len(latencies)} saves: median {median * 1000:.0f} ms", end="")
    print(f" (min {min(latencies) * 1000:.0f}, max {max(latencies) * 1000:.0f})")
    print(f"ratio to the target of {TARGET * 1000:.0f} ms: {median / TARGET:.2f} (target ≤ 1)")


def _read(watcher: subprocess.Popen[str], reports: queue.Queue[float]) -> None:
    """Put the time of each report's summary line."""
    assert watcher.stdout is not None
    for line in watcher.stdout:
        if line.startswith(("PASSED ", "FAILED ", "BROKEN ")):
            reports.put(time.perf_counter())


if __name__ == "__main__":
    main()
