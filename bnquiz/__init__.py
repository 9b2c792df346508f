"""bnquiz: learn batch normalization well enough to ace an interview on it.

`bnquiz.check(fn_or_path)` grades a drill solution (see `bnquiz.drills.check`).
"""

from bnquiz.drills import check

__all__ = ["__version__", "check"]
__version__ = "0.1.0"
