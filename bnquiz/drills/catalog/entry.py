"""One entry of the catalogue: what a finding is called, what it means, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    title: str  # "you left eps out{where}"
    why: str  # what that does, and why it is wrong under this drill's rules
    fix: str  # the hint
