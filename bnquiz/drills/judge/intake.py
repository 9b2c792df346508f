"""Taking in a run's raw results: a record of each step that ran, the checks of each that did not
(raised, skipped, never reached), the exceptions raised, and the notes the run calls for."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bnquiz.drills.catalog import NOTES
from bnquiz.drills.judge.checks import check
from bnquiz.drills.judge.failures import Failure
from bnquiz.drills.judge.run import Record, Run
from bnquiz.drills.results import Raised, Ran, Skipped, StepResult
from bnquiz.drills.spec import Scenario
from bnquiz.drills.verdict import Check, CheckStatus, one_line
from bnquiz.language import _


@dataclass
class Intake:
    records: list[Record] = field(default_factory=list)
    unrun: list[Check] = field(default_factory=list)  # the checks of the steps that did not run through
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def take_in(run: Run, results: list[list[StepResult | None]]) -> Intake:
    """Everything the judge needs from the raw results, in battery order."""
    found = Intake()
    for index, (scenario, steps) in enumerate(zip(run.scenarios, results, strict=True)):
        if scenario.info:
            note = run.drill.note(scenario, steps[0] if steps else None)
            found.notes += [note] if note else []  # an info case may have nothing to say
            continue
        for step, result in enumerate(steps):
            if result is not None and result["status"] == "ok":
                _ran(run, found, index, scenario, step, result)
            else:
                _not_through(run, found, scenario, step, result)
    if any(c.status == CheckStatus.SKIP and c.detail == "cuda" for c in found.unrun):
        found.notes.append(_note("cuda-skipped"))
    for name in run.drill.optional:
        if name not in run.present:
            found.notes.append(_note("optional-skipped").format(function=name))
    return found


def _note(id: str) -> str:
    """A note of the catalog's, in the language in use."""
    return _(NOTES[id])


def _ran(run: Run, found: Intake, index: int, scenario: Scenario, step: int, result: Ran) -> None:
    """A step that ran: its record, and the exceptions its sub-calls raised (once each)."""
    quantities = {q.name: q for q in run.quantities(scenario, step)}
    outputs, notes = dict(result["outputs"]), dict(result.get("notes", {}))
    rec = Record(index, scenario, step, quantities, outputs, notes, math.prod(scenario.shape))
    run.outputs[(index, step)] = rec.outputs
    found.records.append(rec)
    reported = []  # one failed call reported for several of its results: once
    for name, value in rec.outputs.items():
        if isinstance(value, dict) and "error" in value and value["error"] not in reported:
            reported.append(value["error"])
            path = rec.quantities[name].path if name in rec.quantities else ""
            found.failures.append(Failure(scenario, step, path, value["error"]))


def _not_through(
    run: Run, found: Intake, scenario: Scenario, step: int, result: Raised | Skipped | None
) -> None:
    """A step that raised, was skipped, or was never reached: its checks, and its exception."""
    groups = run.groups(scenario, step)
    if result is None:
        status, detail = CheckStatus.NOT_RUN, ""
    elif result["status"] == "error":
        status, detail = CheckStatus.ERROR, one_line(result["error"])
        found.failures.append(Failure(scenario, step, groups[0][1] if groups else "", result["error"]))
    else:
        status, detail = CheckStatus.SKIP, result.get("why", "")
    found.unrun += [check(scenario, step, group, path, status, detail=detail) for group, path in groups]
