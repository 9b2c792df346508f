"""The built-in drills, by name, in the order `drill list` shows them: the one list of them.

Each is the spec module `bnquiz/drills/specs/<name>.py`, which `specs` loads from this list. What
needs the names alone (the home screen suggests the first drill not passed yet) reads them here,
without importing every spec: that would cost a fifth of `bnquiz topics`' time.
"""

from __future__ import annotations

NAMES = (
    "forward",
    "d2l",
    "cs231n",
    "fold",
    "autograd",
    "module",
    "layernorm",
    "groupnorm",
    "rmsnorm",
    "syncbn",
)
