"""The bundled bank for tests that need it while they are being collected (to parametrize over
its questions): parsed without the cache, so that collecting the tests writes nothing anywhere."""

from __future__ import annotations

import functools
from pathlib import Path

from bnquiz.quiz.loader import collect
from bnquiz.quiz.records import Bank


@functools.cache
def bundled_bank(*extra: Path) -> Bank:
    """The bundled bank (plus `extra` bank folders), read without the cache."""
    bank, problems = collect(extra)
    assert not problems, problems
    return bank
