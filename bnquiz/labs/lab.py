"""What a lab is: a small, real experiment, the plot of its numbers and the reading of them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

Record = dict[str, Any]  # one run: the experiment's variables and its metrics, flat
Tick = Callable[[int, int], None]  # (runs done, runs in all): the progress bar's


@dataclass(frozen=True)
class Plot:
    """How the records are drawn: `y` against `x`, one line (or bar group) per `series`."""

    x: str
    y: str
    series: str
    x_label: str  # marked with N_(), said through the catalog
    y_label: str
    log_x: bool = False
    bars: bool = False  # categories on x, bars per series
    also: str = ""  # another y column, drawn once as a line of its own (the input a series chases)


@dataclass(frozen=True)
class Lab:
    name: str
    title: str  # marked with N_()
    claim: str  # what it shows, one line, marked with N_()
    questions: tuple[str, ...]  # the bank's questions on the same fact
    # (seed, small, tick) -> the records; `small`: the test's size, the same claim
    experiment: Callable[[int, bool, Tick], list[Record]]
    reading: Callable[[list[Record]], str]  # the paragraph under the plot, with its numbers
    plot: Plot


@dataclass(frozen=True)
class Outcome:
    """What `run` returns: the records, and how they came about."""

    lab: str
    seed: int
    seconds: float
    results: list[Record]

    def to_json(self) -> str:
        """`{"lab", "seed", "seconds", "results"}`: one JSON document."""
        data = {
            "lab": self.lab,
            "seed": self.seed,
            "seconds": round(self.seconds, 3),
            "results": self.results,
        }
        return json.dumps(data, indent=2)


@contextmanager
def one_thread(seed: int) -> Iterator[None]:
    """Seed torch and keep it on one thread, so that a seed gives the same numbers on any
    machine (tiny tensors: more threads would not be faster); restored after."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
