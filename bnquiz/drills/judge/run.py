"""The judge's view of one run: the drill, the battery and its inputs, what each step returned,
and the reference under any setting of the knobs, computed once per setting.

State is carried as the user's own code carried it: the reference for step k starts from the
state the user's step k − 1 left (`outputs`), so one wrong update does not make every later
output wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from bnquiz.drills.judge.comparison import close, compare
from bnquiz.drills.results import Outputs
from bnquiz.drills.spec import Arrays, Drill, Edition, Knobs, Prediction, Quantity, Scenario
from bnquiz.drills.verdict import one_line
from bnquiz.language import _

Key = tuple[int, int, tuple[tuple[str, object], ...], tuple[str, ...]]  # scenario, step, knobs, names


@dataclass
class Record:
    """One step that ran, with what came back."""

    index: int  # the scenario's place in the battery
    scenario: Scenario
    step: int
    quantities: dict[str, Quantity]
    outputs: Outputs
    notes: dict[str, object]  # the output's dtype and device, as the child saw them
    size: int  # values in the input: the smallest case is the best evidence
    unusable: set[str] = field(default_factory=set)  # names that could not be compared at all

    def problem(self, q: Quantity) -> tuple[str, str] | None:
        """Why the value returned for `q` cannot be compared at all: a kind of finding ("nothing"
        where the exception that replaced it is reported already) and what to say; None if it can."""
        got = self.outputs.get(q.name)
        if q.rule == "norm" and got is None:
            return None  # no gradient reached it: compared as zeros
        if isinstance(got, dict):
            if "error" in got:
                return "nothing", one_line(got["error"])
            kind = got["type"] if "type" in got else _("something else")
            return "bad-return", _("{label} is {kind}").format(label=q.label, kind=kind)
        if not isinstance(got, np.ndarray):
            return "bad-return", _("{label} is missing").format(label=q.label)
        expected = self.scenario.dtype, self.scenario.device
        dtype, device = self.notes.get("dtype", expected[0]), self.notes.get("device", expected[1])
        if q.group == "output" and (dtype, device) != expected:
            said = _("{label} is {dtype} on {device}, expected {expected_dtype} on {expected_device}")
            return "wrong-dtype", said.format(
                label=q.label,
                dtype=dtype,
                device=device,
                expected_dtype=expected[0],
                expected_device=expected[1],
            )
        return None


class Run:
    """One run of one drill under one edition, as the judge sees it."""

    def __init__(
        self,
        drill: Drill,
        edition: Edition,
        scenarios: list[Scenario],
        inputs: list[list[Arrays]],
        present: frozenset[str],
    ) -> None:
        self.drill, self.edition, self.scenarios, self.inputs = drill, edition, scenarios, inputs
        self.present = present  # the optional functions the file defines
        self.mistakes = drill.mistakes(edition)
        self.outputs: dict[tuple[int, int], Outputs] = {}  # what each step returned
        self.not_judged: set[str] = set()  # dependent paths whose base path nothing explains
        self._memo: dict[Key, Prediction | None] = {}
        self._matched: dict[Key, bool] = {}
        self._quantities: dict[tuple[int, int], list[Quantity]] = {}

    def predict(self, rec: Record, knobs: Knobs, names: tuple[str, ...]) -> Prediction | None:
        """The reference for a call under the knobs: everything it returns, computed once (or
        just `names`, where the knobs cannot give everything)."""
        whole = self._predict(rec, knobs, tuple(rec.quantities))
        if whole is not None or names == tuple(rec.quantities):
            return whole
        return self._predict(rec, knobs, names)

    def _predict(self, rec: Record, knobs: Knobs, names: tuple[str, ...]) -> Prediction | None:
        key = (rec.index, rec.step, tuple(sorted(knobs.items())), names)
        if key not in self._memo:
            previous = self.outputs.get((rec.index, rec.step - 1))
            self._memo[key] = self.drill.predict(
                rec.scenario, rec.step, self.inputs[rec.index], previous, knobs, self.edition, names
            )
        return self._memo[key]

    def matches(self, rec: Record, knobs: Knobs, names: tuple[str, ...]) -> bool:
        """Whether code with these knobs returns what the user's code returned for these names."""
        key = (rec.index, rec.step, tuple(sorted(knobs.items())), names)
        if key not in self._matched:
            self._matched[key] = self._reproduces(rec, knobs, names)
        return self._matched[key]

    def _reproduces(self, rec: Record, knobs: Knobs, names: tuple[str, ...]) -> bool:
        pred = self.predict(rec, knobs, names)
        if pred is None:
            return False
        for name in names:
            if name not in pred or not compare(rec.quantities[name], pred[name], rec.outputs.get(name)).ok:
                return False
        for name in _extras(names):  # what only a mistake produces (a rebound local copy)
            got, value = rec.outputs.get(name), pred.get(name)
            if got is None and value is None:
                continue
            tol = rec.quantities[names[0]].tolerance
            if (
                not isinstance(got, np.ndarray)
                or value is None
                or got.shape != value.shape
                or not close(value, got, tol).ok
            ):
                return False
        return True

    def quantity_ok(self, rec: Record, q: Quantity) -> bool:
        """Whether one value is right (by the reference with no mistake)."""
        pred = self.predict(rec, {}, (q.name,))
        return pred is not None and q.name in pred and compare(q, pred[q.name], rec.outputs.get(q.name)).ok

    def names(self, rec: Record, path: str, only: str | None = None) -> tuple[str, ...]:
        """The comparable values of a step on a path (or just `only`)."""
        return tuple(
            name
            for name, q in rec.quantities.items()
            if q.path == path and name not in rec.unusable and (only is None or name == only)
        )

    def failing(self, records: list[Record], path: str, knobs: Knobs) -> bool:
        """Whether code with these knobs would not return what the user's did somewhere on the path."""
        return any(
            not self.matches(rec, knobs, self.names(rec, path)) for rec in records if self.names(rec, path)
        )

    def quantities(self, scenario: Scenario, step: int) -> list[Quantity]:
        key = (id(scenario), step)
        if key not in self._quantities:
            # labels in the language in use (a spec marks its own with N_(); code names pass through)
            self._quantities[key] = [
                replace(q, label=_(q.label)) for q in self.drill.quantities(scenario, step, self.present)
            ]
        return self._quantities[key]

    def groups(self, scenario: Scenario, step: int) -> list[tuple[str, str]]:
        """The check groups of a step and the path each judges, in report order."""
        seen: dict[str, str] = {}
        for q in self.quantities(scenario, step):
            seen.setdefault(q.group, q.path)
        return list(seen.items())

    def label(self, path: str) -> str:
        return next((p.label for p in self.drill.paths if p.id == path), path)


def _extras(names: tuple[str, ...]) -> set[str]:
    """What a mistake may produce beside the declared quantities (a rebound local copy)."""
    return {"local_mean", "local_var"} if {"running_mean", "running_var"} & set(names) else set()
