"""The bundled bank for tests that need it while they are being collected (to parametrize over
its questions): parsed without the cache, so that collecting the tests writes nothing anywhere."""

from __future__ import annotations

import functools

from bnquiz.bank import Bank, collect


@functools.cache
def bundled_bank() -> Bank:
    bank, problems = collect()
    assert not problems, problems
    return bank
