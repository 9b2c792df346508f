"""The findings the explanations give: one per mistake found (naming every path it shows on and
the paths that are right beside it), one per input changed in place, one for a probe failed on
its own; and the per-path summary the report leads with."""

from __future__ import annotations

import numpy as np

from bnquiz.drills.catalog import finding
from bnquiz.drills.judge.checks import smallest
from bnquiz.drills.judge.comparison import compare
from bnquiz.drills.judge.explanation import Explained
from bnquiz.drills.judge.run import Record, Run
from bnquiz.drills.judge.unrecognised import unrecognised
from bnquiz.drills.spec import Knobs, Mistake, Quantity
from bnquiz.drills.verdict import Check, CheckStatus, Finding, PathResult


def mistake_findings(
    run: Run, explained: Explained, records: list[Record], checks: list[Check]
) -> list[Finding]:
    """One finding per mistake (and detail) over every path it explains, then what nothing explains."""
    by_id: dict[tuple[str, str], list[tuple[str, Mistake]]] = {}
    for path, found in explained.paths.items():
        for mistake in found.mistakes:
            by_id.setdefault((mistake.id, mistake.detail), []).append((path, mistake))
    findings = []
    for (mid, detail), places in by_id.items():
        paths = list(dict.fromkeys(path for path, _ in places))
        failing = [c for c in checks if c.status == CheckStatus.FAIL and c.path in paths]
        # the evidence is a check this mistake itself changes (an option's own case)
        own = [c for c in failing if _changes(run, records, [m for _, m in places], c)]
        findings.append(
            finding(
                mid,
                where=[run.label(p) for p in paths] if _where_matters(run, mid) else [],
                right=_right_paths(run, mid, paths, checks, explained),
                detail=detail,
                paths=tuple(paths),
                evidence=smallest(own or failing) if failing else None,
                texts=run.drill.texts,
            )
        )
    for path, found in explained.paths.items():
        findings += [unrecognised(run, path, name, records, checks) for name in found.unexplained]
    return findings


def _changes(run: Run, records: list[Record], mistakes: list[Mistake], check: Check) -> bool:
    """Whether the mistakes' knobs change what the check's call returns in the check's group."""
    rec = next((r for r in records if r.scenario.id == check.scenario and r.step == check.step), None)
    if rec is None:
        return False
    names = tuple(n for n, q in rec.quantities.items() if q.group == check.group and n not in rec.unusable)
    right = run.predict(rec, {}, names)
    for mistake in mistakes:
        wrong = run.predict(rec, dict(mistake.knobs), names)
        if right is None or wrong is None:
            return True
        if any(
            not np.array_equal(np.asarray(right[n]), np.asarray(wrong[n]), equal_nan=True)
            for n in names
            if n in right and n in wrong
        ):
            return True
    return False


def _where_matters(run: Run, mistake_id: str) -> bool:
    """Whether the mistake can show on more than one path (then the title says where)."""
    return len({m.path for m in run.mistakes if m.id == mistake_id}) > 1


def _right_paths(
    run: Run, mid: str, paths: list[str], checks: list[Check], explained: Explained
) -> list[str]:
    """The other paths the mistake could show on that are right: judged, and every check passed."""
    could = [m.path for m in run.mistakes if m.id == mid and m.path not in paths]
    right = []
    for path in dict.fromkeys(could):
        own = [c for c in checks if c.path == path]
        if (
            own
            and all(c.status == CheckStatus.PASS for c in own)
            and path not in explained.paths
            and path not in run.not_judged
        ):
            right.append(run.label(path))
    return right


def input_findings(run: Run, records: list[Record], checks: list[Check]) -> list[Finding]:
    """An input or parameter changed during a call: once per kind, with its first case."""
    found: dict[str, Finding] = {}
    for rec in records:
        for q in rec.quantities.values():
            if q.path != "input" or q.name in rec.unusable or q.label in found:
                continue
            pred = run.predict(rec, {}, (q.name,)) or {}
            if q.name not in pred or compare(q, pred[q.name], rec.outputs.get(q.name)).ok:
                continue
            evidence = next(
                c
                for c in checks
                if c.scenario == rec.scenario.id and c.step == rec.step and c.group == q.group
            )
            mid = _input_mistake(q)
            if mid not in {f.id for f in found.values()}:
                found[q.label] = finding(
                    mid, paths=("input",), quantities=(q.label,), evidence=evidence, texts=run.drill.texts
                )
    return list(found.values())


def _input_mistake(q: Quantity) -> str:
    return "input-modified" if q.name.startswith("x") else "params-modified"


def probe_findings(
    run: Run, records: list[Record], checks: list[Check], explained: Explained
) -> list[Finding]:
    """A probe fails alone for its own mistake (the naive variance, float64 computed in
    float32): unless what explains the other cases explains the probe too, or nothing explains
    the path it probes."""
    base: Knobs = explained.base
    for rec in records:
        probe = rec.scenario.probe
        if not probe or {q.path for q in rec.quantities.values()} & explained.unrecognised:
            continue
        names = tuple(
            n for n in rec.quantities if n not in rec.unusable and rec.quantities[n].group == "output"
        )
        if run.matches(rec, {}, names) or (base and run.matches(rec, base, names)):
            continue
        evidence = next(
            (c for c in checks if c.scenario == rec.scenario.id and c.status == CheckStatus.FAIL), None
        )
        paths = tuple(dict.fromkeys(rec.quantities[n].path for n in names))  # the path it probes
        return [finding(probe, paths=paths, evidence=evidence, texts=run.drill.texts)]
    return []


def path_results(run: Run, checks: list[Check], findings: list[Finding]) -> list[PathResult]:
    """Each path's passed and counted checks and the findings on it, for the report's first lines."""
    results = []
    for path in run.drill.paths:
        own = [c for c in checks if c.path == path.id and c.status.counted]
        if not own:
            continue
        ids = tuple(dict.fromkeys(f.id for f in findings if path.id in f.paths))
        passed = sum(c.status.passed for c in own)
        results.append(PathResult(path.id, path.label, passed, len(own), ids, path.id not in run.not_judged))
    return results
