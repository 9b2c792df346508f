"""The words bnquiz records outcomes in, defined once: an answer's verdict, a drill check's status.

Both are `StrEnum`s: they are the strings the progress database, the JSON documents and the
screens use, so `Verdict.RIGHT == "right"` and a value read back from SQLite needs no mapping.
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """How one answer went."""

    RIGHT = "right"
    PARTIAL = "partial"  # a text answer that covered some of the key points
    WRONG = "wrong"
    SKIPPED = "skipped"

    @property
    def missed(self) -> bool:
        """Wrong or only partly right: what `quiz --missed` and the summary's "Missed" list."""
        return self in (Verdict.WRONG, Verdict.PARTIAL)


class Status(StrEnum):
    """How one drill check went, best first."""

    PASSED = "passed"
    FAILED = "failed"  # the code ran; some checks found it wrong
    BROKEN = "broken"  # the code did not run to the end (syntax error, crash, timeout, …)
