"""Labs: small, real experiments on the CPU that show BN behave (`bnquiz lab NAME`).

Each lab is one module with a `LAB` (`lab.Lab`): its experiment, the plot of its records and
the reading of them, and the bank's questions on the same fact. `run` times one and returns an
`Outcome`; torch is imported only when a lab runs.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from bnquiz.errors import UsageError
from bnquiz.labs import learningrate, momentum, smallbatch, traineval
from bnquiz.labs.lab import Lab, Outcome
from bnquiz.language import _

if TYPE_CHECKING:
    from bnquiz.labs.lab import Tick

LABS = {lab.name: lab for lab in (smallbatch.LAB, traineval.LAB, learningrate.LAB, momentum.LAB)}


def get(name: str) -> Lab:
    """The lab of this name; a UsageError naming the labs otherwise."""
    if name not in LABS:
        said = _("unknown lab {name}; the labs are: {labs}")
        raise UsageError(said.format(name=repr(name), labs=", ".join(LABS)))
    return LABS[name]


def run(name: str, seed: int = 0, small: bool = False, tick: Tick | None = None) -> Outcome:
    """Run a lab (the same numbers for the same seed) and return its records, timed.
    `small`: a smaller run that shows the same thing (the tests')."""
    import importlib.util

    lab = get(name)
    if importlib.util.find_spec("torch") is None:
        raise UsageError(_("the labs need torch, which is not installed: pip install torch"))
    started = time.perf_counter()
    records = lab.experiment(seed, small, tick or (lambda done, total: None))
    return Outcome(lab.name, seed, time.perf_counter() - started, records)
