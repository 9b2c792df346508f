"""The checks: one per step and check group, passed or failed by the worst of its values. A
dependent path (the backward pass) is compared with the user's own forward: on top of what
explains the paths it depends on."""

from __future__ import annotations

from bnquiz.drills.judge.comparison import Comparison, compare
from bnquiz.drills.judge.explanation import Explained
from bnquiz.drills.judge.run import Record, Run
from bnquiz.drills.spec import Knobs, Quantity, Scenario
from bnquiz.drills.verdict import Check, CheckStatus
from bnquiz.language import _


def check(
    scenario: Scenario,
    step: int,
    group: str,
    path: str,
    status: CheckStatus,
    *,
    detail: str = "",
    size: int = 0,
    rule: str = "",
    comparison: Comparison | None = None,
) -> Check:
    """A check of one group of one step; `comparison`: the numbers it was judged by, if any."""
    c = comparison
    return Check(
        scenario.id,
        step,
        len(scenario.steps),
        about(scenario, step),
        group,
        path,
        status,
        error=c.error if c else None,
        tolerance=c.tolerance if c else None,
        rule=rule,
        detail=detail,
        where=c.where if c else None,
        expected=c.expected if c else None,
        got=c.got if c else None,
        size=size,
    )


def about(scenario: Scenario, step: int) -> str:
    """The case as the report names it: "(3, 4, 5, 6) f64, call 2 of 3: train"."""
    if len(scenario.steps) == 1:
        return scenario.about
    kind = scenario.steps[step].kind
    return _("{about}, call {step} of {steps}: {kind}").format(
        about=scenario.about, step=step + 1, steps=len(scenario.steps), kind=_(kind) if kind else kind
    )


def group_checks(run: Run, records: list[Record], explained: Explained) -> list[Check]:
    """One check per step and group; a dependent path's on top of what explains the paths it
    depends on."""
    checks = []
    paths = {p.id for p in run.drill.paths}
    for rec in records:
        by_group: dict[str, list[Quantity]] = {}
        for q in rec.quantities.values():
            by_group.setdefault(q.group, []).append(q)
        for group, quantities in by_group.items():
            path = quantities[0].path
            depends = run.drill.path(path).depends if path in paths else ()
            base = explained.bases.get(path, explained.base)
            settings = [{**base, **mode} for mode in run.drill.path(path).modes] if depends else [{}]
            best: Check | None = None
            for knobs in settings:  # a correct way of several (two ways to write a backward)
                found = _group_check(run, rec, group, quantities, knobs)
                if best is None or (found.status == CheckStatus.PASS and best.status != CheckStatus.PASS):
                    best = found
            assert best is not None
            checks.append(best)
    return checks


def _group_check(run: Run, rec: Record, group: str, quantities: list[Quantity], knobs: Knobs) -> Check:
    """The group's check: failed by its first value that is wrong, else passed, with its largest error."""
    pred = run.predict(rec, knobs, tuple(q.name for q in quantities)) or {}
    worst: tuple[Quantity, Comparison] | None = None
    largest = 0.0
    for q in quantities:
        if q.name in rec.unusable:
            found = rec.problem(q)
            detail = found[1] if found else _("not judged: the call before left state of the wrong shape")
            return check(
                rec.scenario, rec.step, group, q.path, CheckStatus.FAIL, detail=detail, size=rec.size
            )
        if q.name not in pred:
            continue
        compared = compare(q, pred[q.name], rec.outputs.get(q.name))
        largest = max(largest, compared.error)
        if not compared.ok and worst is None:
            worst = q, compared
    q0 = quantities[0]
    if worst is None:
        status, detail, compared = CheckStatus.PASS, "", Comparison(True, largest, q0.tolerance)
    else:
        q, compared = worst
        status, detail = CheckStatus.FAIL, compared.note or q.label
    return check(
        rec.scenario,
        rec.step,
        group,
        q0.path,
        status,
        detail=detail,
        size=rec.size,
        rule=q0.rule,
        comparison=compared,
    )


def smallest(checks: list[Check]) -> Check:
    """The evidence to show: the smallest case that fails by a wide margin (≥ 100 tolerances),
    else the one that fails by the widest; ties go to the first in battery order."""

    def margin(check: Check) -> float:
        if check.error is None or not check.tolerance:
            return float("inf")
        return check.error / check.tolerance

    clear = [c for c in checks if margin(c) >= 100]
    if clear:
        return min(clear, key=lambda c: c.size)
    return max(checks, key=margin)
