"""What the batch-norm specs (forward, d2l, cs231n) share: a spec declares its battery, names and
convention in a `BatchNorm`, whose methods are its drill's scenarios, inputs, quantities,
reference, mistakes and note.

Cheap to import (NumPy and the numerics load only when a battery's arrays are built or judged).
The parts: `contract` (conventions and names), `battery` (scenarios and their arrays),
`quantities` (what each call is judged on), `reference` (the expected values, state carried),
`calling` (the child-side helpers the specs' callers share).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

import bnquiz.drills.spec as spec
import bnquiz.drills.specs.battery as battery
from bnquiz.drills.spec import Arrays, Edition, Knobs, Mistake, Prediction, Quantity, Scenario
from bnquiz.drills.specs.battery import on_cuda, probe, scenario
from bnquiz.drills.specs.contract import Convention, Names
from bnquiz.drills.specs.quantities import quantities
from bnquiz.drills.specs.reference import predict
from bnquiz.language import _

if TYPE_CHECKING:
    from bnquiz.drills.results import Outputs, StepResult

__all__ = [
    "BatchNorm",
    "Convention",
    "Names",
    "batch_of_one",
    "convention",
    "mistakes",
    "on_cuda",
    "probe",
    "scenario",
]


class Callables(TypedDict):
    """The part of a `Drill` a `BatchNorm` supplies."""

    scenarios: spec.Scenarios
    inputs: spec.Inputs
    quantities: spec.Quantities
    predict: spec.Predict
    mistakes: spec.Mistakes
    note: spec.Note


@dataclass(frozen=True)
class BatchNorm:
    """A batch-norm spec's battery and judging, declared: `Drill(..., **spec.callables())`."""

    names: Names
    momentum: float  # the drill's usual momentum, where a scenario sets none
    ranks: tuple[int, ...]  # the input ranks the contract allows
    cases: Callable[[tuple[str, ...]], list[Scenario]]  # the battery on these devices, unnumbered
    hand_written: bool = False  # the user writes the backward pass (else autograd computes it)
    alternative: str = ""  # a second backward's function, graded as a path of its own when defined

    def callables(self) -> Callables:
        return Callables(
            scenarios=self.scenarios,
            inputs=self.inputs,
            quantities=self.quantities,
            predict=self.predict,
            mistakes=self.mistakes,
            note=self.note,
        )

    def scenarios(self, devices: tuple[str, ...], edition: Edition) -> list[Scenario]:
        return battery.numbered(self.cases(devices), self.momentum, self.names)

    def inputs(self, scenario: Scenario, edition: Edition) -> list[Arrays]:
        return battery.inputs(scenario, convention(edition).layout)

    def quantities(self, scenario: Scenario, index: int, present: frozenset[str]) -> list[Quantity]:
        return quantities(scenario, index, self.names, alt="alt" if self.alternative in present else "")

    def predict(
        self,
        scenario: Scenario,
        index: int,
        calls: list[Arrays],
        previous: Outputs | None,
        knobs: Knobs,
        edition: Edition,
        names: tuple[str, ...],
    ) -> Prediction | None:
        return predict(scenario, index, calls, previous, knobs, convention(edition), names)

    def mistakes(self, edition: Edition) -> tuple[Mistake, ...]:
        return mistakes(convention(edition), self.ranks, self.hand_written, bool(self.alternative))

    def note(self, scenario: Scenario, result: StepResult | None) -> str:
        return batch_of_one(result)


def convention(edition: Edition) -> Convention:
    """The convention a batch-norm drill's edition grades by."""
    assert isinstance(edition.data, Convention), edition
    return edition.data


def mistakes(conv: Convention, ranks: tuple[int, ...], hand_written: bool, alt: bool) -> tuple[Mistake, ...]:
    """The catalogue as this drill can observe it, path by path."""
    from bnquiz.drills.batchnorm import backward_mistakes, forward_mistakes, running_mistakes

    flat = conv.layout == "squeezed"
    found = forward_mistakes("train", ranks, flat) + forward_mistakes("eval", ranks, flat)
    found += running_mistakes(conv, ranks)
    found += backward_mistakes("backward", hand_written)
    if alt:
        found += backward_mistakes("backward-alt", hand_written)
    return tuple(found)


def batch_of_one(result: StepResult | None) -> str:
    """What the user's code does with one value per channel in training (reported, never failed)."""
    pytorch = _("PyTorch raises ValueError: Expected more than 1 value per channel when training.")
    if result is None or result["status"] == "skipped":
        return _("Batch of one value per channel (training): not run. {pytorch}").format(pytorch=pytorch)
    if result["status"] == "error":
        error = result["error"]
        message = (error.get("message") or "").splitlines()
        said = _("Batch of one value per channel (training): yours raised {error}: {message}. {pytorch}")
        return said.format(
            error=error.get("type", ""), message=message[0] if message else "", pytorch=pytorch
        )
    import numpy as np

    y = result["outputs"].get("y")
    if isinstance(y, np.ndarray) and bool(np.all(np.isfinite(y.astype(np.float64)))):
        said = _(
            "Batch of one value per channel (training): yours returned an output; the output is β for "
            "every input and γ gets no gradient. {pytorch}"
        )
    else:
        said = _(
            "Batch of one value per channel (training): yours returned an output with NaN or infinity; "
            "the output is β for every input and γ gets no gradient. {pytorch}"
        )
    return said.format(pytorch=pytorch)
