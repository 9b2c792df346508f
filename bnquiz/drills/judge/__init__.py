"""Judges one run: compares every quantity with the reference and names what is wrong, path by path.

1. Every step's quantities are compared with the spec's reference. State is carried as the user's
   own code carried it: step k is judged from the state their step k − 1 left, so one wrong
   update does not make every later output wrong.
2. Each code path whose checks fail is explained on its own: the spec's mistakes for that path,
   alone and then in pairs, that reproduce every quantity the path computes in every step; when
   none explains the path as a whole, each quantity on its own.
3. A dependent path (the backward pass) is judged on top of what explains the paths it depends
   on: a gradient that is exact for the user's own forward is right.
4. One mistake found on several paths is one finding that names them all; what nothing explains
   is `unrecognised`, naming the quantity and the path, with the smallest failing case in full.

Generic: everything about a drill comes from its `Drill` spec. The parts, in the order a run
goes through them: `intake`, `structure` (what cannot be compared), `explanation`, `checks`,
`findings` and `unrecognised`, `failures` (exceptions); `run` holds what they share and
`comparison` how one value is compared.
"""

from __future__ import annotations

from bnquiz.drills.judge.checks import group_checks
from bnquiz.drills.judge.explanation import explain_paths
from bnquiz.drills.judge.failures import error_findings, fold
from bnquiz.drills.judge.findings import input_findings, mistake_findings, path_results, probe_findings
from bnquiz.drills.judge.intake import take_in
from bnquiz.drills.judge.run import Run
from bnquiz.drills.judge.structure import structural_findings
from bnquiz.drills.results import StepResult
from bnquiz.drills.verdict import Check, Finding, PathResult

__all__ = ["Judge"]


class Judge(Run):
    """The judge of one run of one drill under one edition: `Judge(drill, edition, scenarios,
    inputs, present).judge(results)`."""

    def judge(
        self, results: list[list[StepResult | None]]
    ) -> tuple[list[Check], list[Finding], list[str], list[PathResult]]:
        """Checks, findings, notes and the per-path summary for the raw results of a run."""
        intake = take_in(self, results)
        records = intake.records
        findings = structural_findings(self, records)
        explained = explain_paths(self, records)
        notes = intake.notes + explained.notes
        checks = intake.unrun + group_checks(self, records, explained)
        findings += input_findings(self, records, checks)
        findings += mistake_findings(self, explained, records, checks)
        findings += probe_findings(self, records, checks, explained)
        reshaping = {m.id for m in self.mistakes if m.reshapes}
        findings = fold(findings + error_findings(self, intake.failures), reshaping)
        checks.sort(key=lambda c: (self._order(c.scenario), c.step, self._group_order(c)))
        return checks, findings, notes, path_results(self, checks, findings)

    def _order(self, scenario_id: str) -> int:
        return next(i for i, s in enumerate(self.scenarios) if s.id == scenario_id)

    def _group_order(self, check: Check) -> int:
        scenario = self.scenarios[self._order(check.scenario)]
        order = [group for group, _ in self.groups(scenario, check.step)]
        return order.index(check.group) if check.group in order else len(order)
