"""Time for progress: now in UTC (pinned by BNQUIZ_NOW), and times as text that sorts in time order."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

from bnquiz.errors import UsageError


def now() -> datetime:
    return datetime.now(UTC)


def clock() -> datetime:
    """Now, in UTC; BNQUIZ_NOW (ISO 8601) pins it, for reproducible demonstrations and tests."""
    pinned = os.environ.get("BNQUIZ_NOW")
    if pinned:
        try:
            return datetime.fromisoformat(pinned).astimezone(UTC)
        except ValueError:
            raise UsageError(f"BNQUIZ_NOW is not an ISO 8601 time: {pinned!r}") from None
    return now()


def stamp(when: datetime) -> str:
    """A UTC time as fixed-width ISO 8601, so that text order is time order in SQL."""
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def pinned() -> bool:
    """Whether BNQUIZ_NOW pins the clock: then a scripted session is the same on every run
    (answers take no time, and review intervals get no random fuzz)."""
    return bool(os.environ.get("BNQUIZ_NOW"))


def timer() -> Callable[[], float]:
    """A monotonic clock in seconds for timing answers; it stands still while the clock is
    pinned, so that a scripted session's record and screens are the same on every run."""
    if pinned():
        return lambda: 0.0
    import time

    return time.monotonic
