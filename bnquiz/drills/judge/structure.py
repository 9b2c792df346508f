"""Outputs that cannot be compared at all: not an array, the wrong dtype or device, or a call
that starts from state of the wrong shape. Each kind is one finding; the values are set aside
(`Record.unusable`), so that no mistake is searched for to explain them."""

from __future__ import annotations

import numpy as np

from bnquiz.drills.catalog import finding
from bnquiz.drills.judge.checks import check
from bnquiz.drills.judge.run import Record, Run
from bnquiz.drills.verdict import CheckStatus, Finding


def structural_findings(run: Run, records: list[Record]) -> list[Finding]:
    """One finding per kind of value that cannot be compared, shown with its first case."""
    found: dict[str, Finding] = {}
    for rec in records:
        for name, q in rec.quantities.items():
            problem = rec.problem(q)
            if problem is None:
                continue
            rec.unusable.add(name)
            kind, detail = problem
            if kind != "nothing" and kind not in found:
                evidence = check(
                    rec.scenario, rec.step, q.group, q.path, CheckStatus.FAIL, detail=detail, size=rec.size
                )
                found[kind] = finding(kind, where=(run.label(q.path),), evidence=evidence)
    for rec in records:
        before = next((r for r in records if r.index == rec.index and r.step == rec.step - 1), None)
        if before is not None and _misshapen(run, before):
            rec.unusable.update(rec.quantities)  # it started from state of the wrong shape
    return list(found.values())


def _misshapen(run: Run, rec: Record) -> bool:
    """Whether a call returned state of another shape than a correct call would."""
    expected = run.predict(rec, {}, tuple(rec.quantities)) or {}
    return any(
        isinstance(got := rec.outputs.get(name), np.ndarray) and got.shape != np.shape(value)
        for name, value in expected.items()
        if name in rec.quantities and rec.quantities[name].group != "output"
    )
