"""The speed benchmarks still run (their figures are for people to read; no test asserts a time)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
QUICK = {
    "startup.py": ["--runs", "1"],
    "stats.py": ["--runs", "1", "--answers", "20"],
    "cheatsheet.py": ["--runs", "1"],
    "drill.py": ["--runs", "1"],
    "watch.py": ["--saves", "2"],
    "home.py": ["--runs", "1", "--answers", "20"],
}


@pytest.mark.slow  # each starts several fresh interpreters
@pytest.mark.parametrize("script", sorted(QUICK))
def test_the_benchmark_runs_and_prints_its_ratio(script, home):
    env = {**os.environ, "BNQUIZ_HOME": str(home / "home")}
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *QUICK[script]],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "target" in done.stdout, done.stdout  # each ends with its figure against its target
