"""Reading the knobs: each kind of knob as the type the numerics compute with.

A knob absent from the settings has its correct value, the default each reader is given.
"""

from __future__ import annotations

from bnquiz.drills.spec import Knob, Knobs


def word(k: Knobs, name: str, default: str) -> str:
    """A knob that names a way of computing: "unbiased", "outside", "flipped"."""
    value = k.get(name, default)
    assert isinstance(value, str), (name, value)
    return value


def number(k: Knobs, name: str, given: float) -> float:
    """A number written in where the argument belongs (a fixed eps or momentum); `given`, the
    argument itself, when the knob is absent or says "given"."""
    value = k.get(name, "given")
    if value == "given":
        return given
    assert isinstance(value, int | float), (name, value)
    return float(value)


def flag(k: Knobs, name: str) -> bool:
    """A knob that is on or off (off when absent)."""
    return bool(k.get(name, False))


def axes(k: Knobs, name: str) -> Knob:
    """An axes rule (see `groups`): a word, or a tuple of reduced dimensions."""
    return k.get(name, "channel")
