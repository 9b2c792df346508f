"""Stats speed: `bnquiz stats` over a history of 10,000 answers against `bnquiz topics`, side by
side (target ≤ 1.5). The history is written into a temporary BNQUIZ_HOME first.
Usage: python benchmarks/stats.py [--runs N] [--answers N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


def _history(home: Path, answers: int) -> None:
    """Record `answers` answers over 90 days through the store, exactly as sessions do."""
    from bnquiz.outcome import Verdict
    from bnquiz.progress.database import open_store
    from bnquiz.progress.review import reschedule
    from bnquiz.progress.store import Answer
    from bnquiz.quiz.loader import load_bank

    bank = load_bank()
    rng = random.Random(0)
    store = open_store(home).store
    start = datetime.now(UTC) - timedelta(days=90)
    for i in range(answers):
        q = rng.choice(bank.questions)
        verdict = rng.choice([Verdict.RIGHT, Verdict.RIGHT, Verdict.WRONG, Verdict.PARTIAL, Verdict.SKIPPED])
        when = start + timedelta(minutes=13 * i)
        card = reschedule(None, q.id, 3 if verdict == Verdict.RIGHT else 1, when) if i % 50 == 0 else None
        score = {Verdict.RIGHT: 1.0, Verdict.PARTIAL: 0.5}.get(verdict, 0.0)
        answer = Answer(q.id, q.topic, when, "x", verdict, score, False, 12.0, q.misconception, "quiz")
        store.record_answer(answer, card)
    store.close()


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--answers", type=int, default=10_000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bnquiz-bench-"))
    _history(home, args.answers)
    env = {**os.environ, "BNQUIZ_HOME": str(home)}
    script = Path(sys.executable).with_name("bnquiz")
    bnquiz = [str(script)] if script.exists() else [sys.executable, "-m", "bnquiz"]
    topics, stats = [*bnquiz, "topics"], [*bnquiz, "stats"]
    for cmd in (topics, stats):
        _time(cmd, env)
    t_topics, t_stats = [], []
    for _ in range(args.runs):
        t_topics.append(_time(topics, env))
        t_stats.append(_time(stats, env))
    a, b = statistics.median(t_topics), statistics.median(t_stats)
    print(f"bnquiz topics                         median {a * 1000:6.1f} ms")
    print(f"bnquiz stats ({args.answers:,} answers)       median {b * 1000:6.1f} ms")
    print(f"ratio  {b / a:.2f}  (target ≤ 1.5, {args.runs} interleaved runs)")


if __name__ == "__main__":
    main()
