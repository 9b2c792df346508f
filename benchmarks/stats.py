"""Stats speed: `bnquiz stats` over a long history against `bnquiz topics`, side by side (target
≤ 1.5 at 100,000 answers and at 1,000,000), and the database's size per recorded answer.

The history is written into a temporary BNQUIZ_HOME first: answers 13 minutes apart, at random
among the bank's questions, through the store as sessions record them (a history of more than
10,000 goes in the way `progress import` merges one: in one transaction, through the same
triggers that keep the totals, each question's card rebuilt once).
Usage: python benchmarks/stats.py [--runs N] [--answers N ...]
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

ONE_BY_ONE = 10_000  # up to this many answers are recorded one at a time, as sessions do


def _history(home: Path, answers: int) -> None:
    """Record `answers` answers, 13 minutes apart, ending now."""
    from bnquiz.outcome import Verdict
    from bnquiz.progress.database import open_store
    from bnquiz.progress.review import reschedule
    from bnquiz.progress.rows import Answer
    from bnquiz.quiz.loader import load_bank

    bank = load_bank()
    rng = random.Random(0)
    store = open_store(home).store
    start = datetime.now(UTC) - timedelta(minutes=13 * answers)
    verdicts = [Verdict.RIGHT, Verdict.RIGHT, Verdict.WRONG, Verdict.PARTIAL, Verdict.SKIPPED]
    recorded = []
    for i in range(answers):
        q, verdict, when = rng.choice(bank.questions), rng.choice(verdicts), start + timedelta(minutes=13 * i)
        score = {Verdict.RIGHT: 1.0, Verdict.PARTIAL: 0.5}.get(verdict, 0.0)
        answer = Answer(q.id, q.topic, when, "x", verdict, score, False, 12.0, q.misconception, "quiz")
        if answers > ONE_BY_ONE:
            recorded.append(answer._replace(uid=rng.randbytes(16).hex()))
            continue
        card = reschedule(None, q.id, 3 if verdict == Verdict.RIGHT else 1, when) if i % 50 == 0 else None
        store.record_answer(answer, card)
    if recorded:
        store.merge(recorded, [], lambda qid, found: reschedule(None, qid, 3, found[-1].answered_at))
    store.close()


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def _size(home: Path) -> tuple[int, float]:
    """The bytes the database takes (its write-ahead log folded in first), and the seconds the
    whole-file check takes, which bnquiz runs once a week."""
    import sqlite3

    db = sqlite3.connect(home / "progress.db")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    start = time.perf_counter()
    db.execute("PRAGMA quick_check").fetchone()
    checked = time.perf_counter() - start
    db.close()
    return sum(f.stat().st_size for f in home.iterdir() if f.name.startswith("progress.db")), checked


def _measure(answers: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bnquiz-bench-") as folder:
        home = Path(folder)
        started = time.perf_counter()
        _history(home, answers)
        written = time.perf_counter() - started
        env = {**os.environ, "BNQUIZ_HOME": str(home)}
        script = Path(sys.executable).with_name("bnquiz")
        bnquiz = [str(script)] if script.exists() else [sys.executable, "-m", "bnquiz"]
        topics, stats = [*bnquiz, "topics"], [*bnquiz, "stats"]
        for cmd in (topics, stats):
            _time(cmd, env)
        t_topics, t_stats = [], []
        for _ in range(runs):
            t_topics.append(_time(topics, env))
            t_stats.append(_time(stats, env))
        a, b = statistics.median(t_topics), statistics.median(t_stats)
        size, checked = _size(home)
    print(f"{answers:,} answers written in {written:.1f} s")
    print(f"database {size / 1e6:.1f} MB: {size / answers:.0f} bytes per answer")
    print(f"the weekly whole-file check: {checked * 1000:.0f} ms, once in 7 days")
    print(f"bnquiz topics                         median {a * 1000:6.1f} ms")
    print(f"bnquiz stats ({answers:,} answers)       median {b * 1000:6.1f} ms")
    print(f"ratio  {b / a:.2f}  (target ≤ 1.5, {runs} interleaved runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--answers", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    for answers in args.answers:
        _measure(answers, args.runs)


if __name__ == "__main__":
    main()
