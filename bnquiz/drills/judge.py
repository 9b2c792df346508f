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

Generic: everything about a drill comes from its `Drill` spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bnquiz.drills import catalog
from bnquiz.drills.spec import Drill, Edition, Knobs, Mistake, Quantity, Scenario
from bnquiz.drills.verdict import Check, Finding, PathResult

_FOLDS = re.compile(  # exceptions that a named shape mistake already explains
    r"must match the size|could not be broadcast|doesn't match the broadcast shape|"
    r"Dimension out of range|out of bounds for array|axis \d+ is out of bounds"
)
_SHAPE_MISTAKES = ("stats-not-reshaped", "axes-", "channels-mixed-by-reshape")
_VALUES_SHOWN = 48  # an unrecognised case with at most this many values is shown in full


@dataclass
class Record:
    """One step that ran, with what came back."""

    index: int
    scenario: Scenario
    step: int
    quantities: dict[str, Quantity]
    outputs: dict[str, Any]
    notes: dict[str, Any]
    size: int
    unusable: set[str] = field(default_factory=set)  # names that could not be compared at all


@dataclass
class Explanation:
    mistakes: list[Mistake]
    knobs: dict[str, Any]
    unexplained: list[str]  # quantity names nothing explains


class Judge:
    """The judge of one run of one drill under one edition."""

    def __init__(
        self,
        drill: Drill,
        edition: Edition,
        scenarios: list[Scenario],
        inputs: list[list[dict[str, Any]]],
        present: frozenset[str],
    ) -> None:
        self.drill, self.edition, self.scenarios, self.inputs = drill, edition, scenarios, inputs
        self.present = present
        self.mistakes = drill.mistakes(edition)
        self._memo: dict[tuple[Any, ...], dict[str, Any] | None] = {}
        self._matched: dict[tuple[Any, ...], bool] = {}
        self._quantities: dict[tuple[int, int], list[Quantity]] = {}
        self._outputs: dict[tuple[int, int], dict[str, Any]] = {}  # what each step returned
        self._not_judged: set[str] = set()  # dependent paths whose base path nothing explains

    # --- the reference -----------------------------------------------------------------

    def predict(self, rec: Record, knobs: Knobs, names: tuple[str, ...]) -> dict[str, Any] | None:
        """The reference for a call under the knobs: everything it returns, computed once (or
        just `names`, where the knobs cannot give everything)."""
        whole = self._predict(rec, knobs, tuple(rec.quantities))
        if whole is not None or names == tuple(rec.quantities):
            return whole
        return self._predict(rec, knobs, names)

    def _predict(self, rec: Record, knobs: Knobs, names: tuple[str, ...]) -> dict[str, Any] | None:
        key = (rec.index, rec.step, tuple(sorted(knobs.items())), names)
        if key not in self._memo:
            previous = self._previous(rec)
            self._memo[key] = self.drill.predict(
                rec.scenario, rec.step, self.inputs[rec.index], previous, knobs, self.edition, names
            )
        return self._memo[key]

    def _previous(self, rec: Record) -> dict[str, Any] | None:
        return self._outputs.get((rec.index, rec.step - 1))

    # --- the run -----------------------------------------------------------------------

    def judge(
        self, results: list[list[dict[str, Any] | None]]
    ) -> tuple[list[Check], list[Finding], list[str], list[PathResult]]:
        """Checks, findings, notes and the per-path summary for the raw results of a run."""
        checks: list[Check] = []
        notes: list[str] = []
        records: list[Record] = []
        errors: list[tuple[Scenario, int, str, dict[str, Any]]] = []
        for index, (scenario, steps) in enumerate(zip(self.scenarios, results, strict=True)):
            if scenario.info:
                notes.append(self.drill.note(scenario, steps[0] if steps else None))
                continue
            for step, result in enumerate(steps):
                groups = self._groups(scenario, step)
                if result is None or result["status"] in ("skipped", "error"):
                    status = {None: "not run", "skipped": "skip", "error": "error"}[
                        result and result["status"]
                    ]
                    detail = ""
                    if status == "error":
                        errors.append((scenario, step, self._step_path(scenario, step), result["error"]))  # type: ignore[index]
                        detail = _one_line(result["error"])  # type: ignore[index]
                    elif status == "skip":
                        detail = result.get("why", "")  # type: ignore[union-attr]
                    for group, path in groups:
                        checks.append(self._check(scenario, step, group, path, status, detail=detail))
                    continue
                rec = self._record(index, scenario, step, result)
                self._outputs[(index, step)] = rec.outputs
                records.append(rec)
                failures = []  # one failed call reported for several of its results: once
                for name, value in rec.outputs.items():
                    if isinstance(value, dict) and "error" in value and value["error"] not in failures:
                        failures.append(value["error"])
                        errors.append(
                            (
                                scenario,
                                step,
                                rec.quantities[name].path if name in rec.quantities else "",
                                value["error"],
                            )
                        )
        if any(c.status == "skip" and c.detail == "cuda" for c in checks):
            notes.append(catalog.NOTES["cuda-skipped"])
        for name in self.drill.optional:
            if name not in self.present:
                notes.append(catalog.NOTES["optional-skipped"].format(function=name))
        findings, checks = self._judge_records(records, notes, checks)
        findings += self._error_findings(errors)
        findings = _fold(findings)
        checks.sort(key=lambda c: (self._order(c.scenario), c.step, self._group_order(c)))
        return checks, findings, notes, self._paths(checks, findings)

    def _order(self, scenario_id: str) -> int:
        return next(i for i, s in enumerate(self.scenarios) if s.id == scenario_id)

    def _group_order(self, check: Check) -> int:
        scenario = self.scenarios[self._order(check.scenario)]
        order = [group for group, _ in self._groups(scenario, check.step)]
        return order.index(check.group) if check.group in order else len(order)

    def quantities(self, scenario: Scenario, step: int) -> list[Quantity]:
        key = (id(scenario), step)
        if key not in self._quantities:
            self._quantities[key] = self.drill.quantities(scenario, step, self.present)
        return self._quantities[key]

    def _groups(self, scenario: Scenario, step: int) -> list[tuple[str, str]]:
        """The check groups of a step and the path each judges, in report order."""
        seen: dict[str, str] = {}
        for q in self.quantities(scenario, step):
            seen.setdefault(q.group, q.path)
        return list(seen.items())

    def _step_path(self, scenario: Scenario, step: int) -> str:
        groups = self._groups(scenario, step)
        return groups[0][1] if groups else ""

    def _record(self, index: int, scenario: Scenario, step: int, result: dict[str, Any]) -> Record:
        quantities = {q.name: q for q in self.quantities(scenario, step)}
        size = int(np.prod(scenario.shape))
        return Record(
            index, scenario, step, quantities, dict(result["outputs"]), dict(result.get("notes", {})), size
        )

    def _check(self, scenario: Scenario, step: int, group: str, path: str, status: str, **kw: Any) -> Check:
        return Check(
            scenario.id, step, len(scenario.steps), _about(scenario, step), group, path, status, **kw
        )

    # --- comparing ---------------------------------------------------------------------

    def _judge_records(
        self, records: list[Record], notes: list[str], unrun: list[Check]
    ) -> tuple[list[Finding], list[Check]]:
        findings: list[Finding] = []
        structural = self._structure(records)
        findings += structural
        explained: dict[str, Explanation] = {}
        unrecognised: set[str] = set()
        ordinary = [r for r in records if not r.scenario.probe]
        for path in self.drill.paths:
            if path.depends or path.id == "input":
                continue
            if self._failing(ordinary, path.id, {}):
                found = self._explain(path.id, ordinary, {})
                explained[path.id] = found
                if found.unexplained:
                    unrecognised.add(path.id)
        base: dict[str, Any] = {}
        for found in explained.values():
            base.update(found.knobs)
        for path in self.drill.paths:
            if not path.depends:
                continue
            if set(path.depends) & unrecognised:
                if self._failing(ordinary, path.id, base):
                    depends = " and ".join(
                        self.drill.path(p).label for p in path.depends if p in unrecognised
                    )
                    notes.append(catalog.NOTES["not-judged"].format(path=path.label, depends=depends))
                    self._not_judged.add(path.id)
                continue
            if self._failing(ordinary, path.id, base):
                explained[path.id] = self._explain(path.id, ordinary, base)
        checks = unrun + self._checks(records, base)
        findings += self._input_findings(records, checks)
        findings += self._mistake_findings(explained, records, checks)
        findings += self._probe_findings(records, base, checks, unrecognised)
        return findings, checks

    def _structure(self, records: list[Record]) -> list[Finding]:
        """Outputs that cannot be compared at all: not an array, the wrong dtype or device. A
        call that starts from state of the wrong shape is not judged on its own either."""
        found: dict[str, Finding] = {}
        for rec in records:
            for name, q in rec.quantities.items():
                problem = _problem(q, rec.outputs.get(name), rec)
                if problem is None:
                    continue
                rec.unusable.add(name)
                kind, detail = problem
                if kind != "nothing" and kind not in found:
                    evidence = self._check(
                        rec.scenario, rec.step, q.group, q.path, "fail", detail=detail, size=rec.size
                    )
                    found[kind] = _broken(kind, paths=(self._label(q.path),), evidence=evidence)
        for rec in records:
            before = next((r for r in records if r.index == rec.index and r.step == rec.step - 1), None)
            if before is not None and self._misshapen(before):
                rec.unusable.update(rec.quantities)  # it started from state of the wrong shape
        return list(found.values())

    def _misshapen(self, rec: Record) -> bool:
        """Whether a call returned state of another shape than a correct call would."""
        expected = self.predict(rec, {}, tuple(rec.quantities)) or {}
        return any(
            isinstance(rec.outputs.get(name), np.ndarray) and rec.outputs[name].shape != np.shape(value)
            for name, value in expected.items()
            if name in rec.quantities and rec.quantities[name].group != "output"
        )

    def _failing(self, records: list[Record], path: str, knobs: Knobs) -> bool:
        return any(
            not self._matches(rec, knobs, self._names(rec, path)) for rec in records if self._names(rec, path)
        )

    def _names(self, rec: Record, path: str, only: str | None = None) -> tuple[str, ...]:
        return tuple(
            name
            for name, q in rec.quantities.items()
            if q.path == path and name not in rec.unusable and (only is None or name == only)
        )

    def _matches(self, rec: Record, knobs: Knobs, names: tuple[str, ...]) -> bool:
        key = (rec.index, rec.step, tuple(sorted(knobs.items())), names)
        if key not in self._matched:
            self._matched[key] = self._reproduces(rec, knobs, names)
        return self._matched[key]

    def _reproduces(self, rec: Record, knobs: Knobs, names: tuple[str, ...]) -> bool:
        pred = self.predict(rec, knobs, names)
        if pred is None:
            return False
        for name in names:
            if name not in pred or not _compare(rec.quantities[name], pred[name], rec.outputs.get(name))[0]:
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
                or not _close(value, got, tol)[0]
            ):
                return False
        return True

    # --- explaining --------------------------------------------------------------------

    def _explain(self, path: str, records: list[Record], base: dict[str, Any]) -> Explanation:
        """The fewest catalogued mistakes on this path that reproduce what the user's code did."""
        candidates = [m for m in self.mistakes if m.path == path]
        modes = self.drill.path(path).modes
        whole = self._search(path, records, base, candidates, modes, None)
        if whole is not None:
            return whole
        mistakes: list[Mistake] = []
        knobs: dict[str, Any] = {}
        unexplained = []
        names = sorted(
            {n for rec in records for n in self._names(rec, path)}, key=lambda n: _position(records, n)
        )
        for name in names:
            if all(
                self._matches(rec, base, self._names(rec, path, name))
                for rec in records
                if self._names(rec, path, name)
            ):
                continue
            part = self._search(path, records, base, candidates, modes, name)
            if part is None:
                unexplained.append(name)
                continue
            for mistake in part.mistakes:
                if mistake not in mistakes:
                    mistakes.append(mistake)
        for mistake in mistakes:
            knobs.update(mistake.knobs)
        return Explanation(mistakes, knobs, unexplained)

    def _search(
        self,
        path: str,
        records: list[Record],
        base: dict[str, Any],
        candidates: list[Mistake],
        modes: tuple[Knobs, ...],
        only: str | None,
    ) -> Explanation | None:
        relevant = [r for r in records if self._names(r, path, only)]
        relevant.sort(key=lambda r: (self._matches(r, base, self._names(r, path, only)), r.size))
        for level in _levels(candidates):
            for combo in level:
                for mode in modes:
                    knobs = {**base, **mode}
                    for mistake in combo:
                        knobs.update(mistake.knobs)
                    if all(self._matches(rec, knobs, self._names(rec, path, only)) for rec in relevant):
                        return Explanation(list(combo), {k: v for k, v in knobs.items() if k not in base}, [])
        return None

    # --- the checks, after the explanations -------------------------------------------

    def _checks(self, records: list[Record], base: dict[str, Any]) -> list[Check]:
        """One check per step and group; a dependent path is compared with the user's own forward."""
        checks = []
        for rec in records:
            by_group: dict[str, list[Quantity]] = {}
            for q in rec.quantities.values():
                by_group.setdefault(q.group, []).append(q)
            for group, quantities in by_group.items():
                path = quantities[0].path
                depends = self.drill.path(path).depends if path in {p.id for p in self.drill.paths} else ()
                settings = [{**base, **mode} for mode in self.drill.path(path).modes] if depends else [{}]
                best: Check | None = None
                for knobs in settings:
                    check = self._group_check(rec, group, quantities, knobs)
                    if best is None or (check.status == "pass" and best.status != "pass"):
                        best = check
                assert best is not None
                checks.append(best)
        return checks

    def _group_check(self, rec: Record, group: str, quantities: list[Quantity], knobs: Knobs) -> Check:
        names = tuple(q.name for q in quantities)
        pred = self.predict(rec, knobs, names) or {}
        worst: dict[str, Any] | None = None
        largest = 0.0
        for q in quantities:
            got = rec.outputs.get(q.name)
            if q.name in rec.unusable:
                problem = _problem(q, got, rec)
                detail = (
                    problem[1] if problem else "not judged: the call before left state of the wrong shape"
                )
                return self._check(
                    rec.scenario, rec.step, group, q.path, "fail", detail=detail, size=rec.size
                )
            if q.name not in pred:
                continue
            ok, info = _compare(q, pred[q.name], got)
            largest = max(largest, info.get("error", 0.0))
            if not ok and worst is None:
                worst = {**info, "detail": q.label + info.get("note", "")}
        q0 = quantities[0]
        if worst is not None:
            worst.pop("note", None)
            return self._check(
                rec.scenario, rec.step, group, q0.path, "fail", rule=q0.rule, size=rec.size, **worst
            )
        return self._check(
            rec.scenario,
            rec.step,
            group,
            q0.path,
            "pass",
            error=largest,
            tolerance=q0.tolerance,
            rule=q0.rule,
            size=rec.size,
        )

    # --- findings ----------------------------------------------------------------------

    def _mistake_findings(
        self, explained: dict[str, Explanation], records: list[Record], checks: list[Check]
    ) -> list[Finding]:
        by_id: dict[tuple[str, str], list[tuple[str, Mistake]]] = {}
        for path, found in explained.items():
            for mistake in found.mistakes:
                by_id.setdefault((mistake.id, mistake.detail), []).append((path, mistake))
        findings = []
        for (mid, detail), places in by_id.items():
            paths = list(dict.fromkeys(path for path, _ in places))
            failing = [c for c in checks if c.status == "fail" and c.path in paths]
            evidence = _smallest(failing) if failing else None
            right = self._right_paths(mid, paths, checks, explained)
            labels = [self._label(p) for p in paths]
            text = catalog.text(mid, self.drill.texts)
            findings.append(
                Finding(
                    mid,
                    catalog.title(
                        mid,
                        labels if self._where_matters(mid) else [],
                        right,
                        detail=detail,
                        texts=self.drill.texts,
                    ),
                    text.why,
                    text.fix,
                    tuple(paths),
                    (),
                    evidence,
                )
            )
        for path, found in explained.items():
            for name in found.unexplained:
                findings.append(self._unrecognised(path, name, records, checks))
        return findings

    def _where_matters(self, mistake_id: str) -> bool:
        """Whether the mistake can show on more than one path (then the title says where)."""
        return len({m.path for m in self.mistakes if m.id == mistake_id}) > 1

    def _right_paths(
        self, mid: str, paths: list[str], checks: list[Check], explained: dict[str, Explanation]
    ) -> list[str]:
        could = [m.path for m in self.mistakes if m.id == mid and m.path not in paths]
        right = []
        for path in dict.fromkeys(could):
            own = [c for c in checks if c.path == path]
            if (
                own
                and all(c.status == "pass" for c in own)
                and path not in explained
                and path not in self._not_judged
            ):
                right.append(self._label(path))
        return right

    def _label(self, path: str) -> str:
        return next((p.label for p in self.drill.paths if p.id == path), path)

    def _unrecognised(self, path: str, name: str, records: list[Record], checks: list[Check]) -> Finding:
        failing = [
            (rec, c)
            for rec in records
            for c in checks
            if c.scenario == rec.scenario.id
            and c.step == rec.step
            and c.path == path
            and c.status == "fail"
            and name in rec.quantities
            and c.group == rec.quantities[name].group
        ]
        rec, evidence = min(failing, key=lambda pair: pair[0].size) if failing else (None, None)
        label = rec.quantities[name].label if rec else name
        wrong = {
            q.name
            for r, c in failing
            for q in r.quantities.values()
            if q.group == c.group and not self._quantity_ok(r, q)
        }
        others = list(
            dict.fromkeys(
                q.label
                for r in records
                for q in r.quantities.values()
                if q.path == path and q.name != name and q.name not in wrong
            )
        )
        kind = "unrecognised"
        if rec is not None:
            got, want = rec.outputs.get(name), (self.predict(rec, {}, (name,)) or {}).get(name)
            if isinstance(got, np.ndarray) and want is not None and got.shape != np.shape(want):
                kind = "wrong-shape"
            elif got is None and rec.quantities[name].rule == "norm":
                kind = "no-gradient"
            elif evidence is not None and evidence.got is not None and not np.isfinite(evidence.got):
                kind = "nan"
        text = catalog.text(kind)
        values = self._values(rec, name) if rec is not None else None
        return Finding(
            kind,
            catalog.title(
                kind, [self._label(path)], others if kind == "unrecognised" else [], quantity=label
            ),
            text.why,
            text.fix,
            (path,),
            (label,),
            evidence,
            values=values,
        )

    def _quantity_ok(self, rec: Record, q: Quantity) -> bool:
        pred = self.predict(rec, {}, (q.name,))
        return pred is not None and q.name in pred and _compare(q, pred[q.name], rec.outputs.get(q.name))[0]

    def _values(self, rec: Record, name: str) -> dict[str, Any] | None:
        """The smallest failing case in full: its input, what was expected and what came back."""
        pred = self.predict(rec, {}, (name,))
        got = rec.outputs.get(name)
        if pred is None or name not in pred or not isinstance(got, np.ndarray) or got.size > _VALUES_SHOWN:
            return None
        x = self.inputs[rec.index][rec.step].get("x")
        return {
            "case": rec.scenario.id,
            "step": rec.step,
            "x": None if x is None or x[0].size > _VALUES_SHOWN else np.round(x[0], 6).tolist(),
            "expected": np.round(pred[name], 6).tolist(),
            "got": np.round(got.astype(np.float64), 6).tolist(),
        }

    def _input_findings(self, records: list[Record], checks: list[Check]) -> list[Finding]:
        found: dict[str, Finding] = {}
        for rec in records:
            for q in rec.quantities.values():
                if q.path != "input" or q.name in rec.unusable:
                    continue
                pred = self.predict(rec, {}, (q.name,)) or {}
                if (
                    q.name in pred
                    and not _compare(q, pred[q.name], rec.outputs.get(q.name))[0]
                    and q.label not in found
                ):
                    evidence = next(
                        c
                        for c in checks
                        if c.scenario == rec.scenario.id and c.step == rec.step and c.group == q.group
                    )
                    mid = self._input_mistake(q)
                    if mid not in {f.id for f in found.values()}:
                        text = catalog.text(mid, self.drill.texts)
                        found[q.label] = Finding(
                            mid,
                            catalog.title(mid, [], [], texts=self.drill.texts),
                            text.why,
                            text.fix,
                            ("input",),
                            (q.label,),
                            evidence,
                        )
        return list(found.values())

    @staticmethod
    def _input_mistake(q: Quantity) -> str:
        return "input-modified" if q.name.startswith("x") else "params-modified"

    def _probe_findings(
        self, records: list[Record], base: dict[str, Any], checks: list[Check], unrecognised: set[str]
    ) -> list[Finding]:
        """A probe fails alone for its own mistake (the naive variance): unless what explains
        the other cases explains the probe too, or nothing explains the path it probes."""
        for rec in records:
            probe = rec.scenario.probe
            if not probe or {q.path for q in rec.quantities.values()} & unrecognised:
                continue
            names = tuple(
                n for n in rec.quantities if n not in rec.unusable and rec.quantities[n].group == "output"
            )
            if self._matches(rec, {}, names) or (base and self._matches(rec, base, names)):
                continue
            evidence = next((c for c in checks if c.scenario == rec.scenario.id and c.status == "fail"), None)
            text = catalog.text(probe, self.drill.texts)
            return [
                Finding(
                    probe,
                    catalog.title(probe, [], [], texts=self.drill.texts),
                    text.why,
                    text.fix,
                    ("train",),
                    (),
                    evidence,
                )
            ]
        return []

    def _error_findings(self, errors: list[tuple[Scenario, int, str, dict[str, Any]]]) -> list[Finding]:
        """One finding per kind of exception and path, shown with its first occurrence."""
        seen: dict[tuple[str, str], Finding] = {}
        for scenario, step, path, error in errors:
            kind = _error_kind(error)
            if (kind, path) not in seen:
                text = catalog.text(kind)
                why = f"In case {scenario.id} ({_about(scenario, step)})."
                paths = [self._label(path)] if path and kind in ("exception", "bad-return") else []
                seen[(kind, path)] = Finding(
                    kind, catalog.title(kind, paths, []), why, text.fix, (path,) if path else (), error=error
                )
        return list(seen.values())

    def _paths(self, checks: list[Check], findings: list[Finding]) -> list[PathResult]:
        results = []
        for path in self.drill.paths:
            own = [c for c in checks if c.path == path.id and c.status != "skip"]
            if not own:
                continue
            ids = tuple(dict.fromkeys(f.id for f in findings if path.id in f.paths))
            results.append(
                PathResult(
                    path.id,
                    path.label,
                    sum(c.status == "pass" for c in own),
                    len(own),
                    ids,
                    path.id not in self._not_judged,
                )
            )
        return results


# --- helpers -----------------------------------------------------------------------------


def _levels(candidates: list[Mistake]) -> Iterator[Iterator[tuple[Mistake, ...]]]:
    """Nothing, each mistake alone, then every pair that turns different knobs."""
    yield iter([()])
    yield ((m,) for m in candidates)
    yield (
        (a, b)
        for i, a in enumerate(candidates)
        for b in candidates[i + 1 :]
        if a.id != b.id and not {k for k, _ in a.knobs} & {k for k, _ in b.knobs}
    )


def _position(records: list[Record], name: str) -> int:
    for rec in records:
        if name in rec.quantities:
            return list(rec.quantities).index(name)
    return 0


def _extras(names: tuple[str, ...]) -> set[str]:
    """What a mistake may produce beside the declared quantities (a rebound local copy)."""
    return {"local_mean", "local_var"} if {"running_mean", "running_var"} & set(names) else set()


def _problem(q: Quantity, got: Any, rec: Record) -> tuple[str, str] | None:
    """Why a returned value cannot be compared at all, or None."""
    if q.rule == "norm" and got is None:
        return None  # no gradient reached it: compared as zeros
    if isinstance(got, dict):
        if "error" in got:
            return "nothing", _one_line(got["error"])
        return "bad-return", f"{q.label} is {got.get('type', 'something else')}"
    if not isinstance(got, np.ndarray):
        return "bad-return", f"{q.label} is missing"
    if q.group == "output":
        dtype, device = (
            rec.notes.get("dtype", rec.scenario.dtype),
            rec.notes.get("device", rec.scenario.device),
        )
        if (dtype, device) != (rec.scenario.dtype, rec.scenario.device):
            return (
                "wrong-dtype",
                f"{q.label} is {dtype} on {device}, expected {rec.scenario.dtype} on {rec.scenario.device}",
            )
    return None


def _compare(q: Quantity, expected: Any, got: Any) -> tuple[bool, dict[str, Any]]:
    if q.rule == "norm":
        note = ""
        if got is None:
            got, note = np.zeros_like(expected), " (no gradient reached it)"
        if not isinstance(got, np.ndarray) or got.shape != np.shape(expected):
            shape = tuple(got.shape) if isinstance(got, np.ndarray) else None
            return False, {
                "error": float("inf"),
                "tolerance": q.tolerance,
                "note": f" has shape {shape}, expected {np.shape(expected)}",
            }
        error = _relative(expected, got)
        if error <= q.tolerance:
            return True, {"error": error, "tolerance": q.tolerance}
        where = np.unravel_index(
            int(np.argmax(np.abs(np.nan_to_num(got - expected, nan=np.inf)))), expected.shape
        )
        return False, {
            "error": error,
            "tolerance": q.tolerance,
            "where": tuple(int(i) for i in where),
            "expected": float(expected[where]),
            "got": float(got[where]),
            "note": note,
        }
    if not isinstance(got, np.ndarray) or got.shape != np.shape(expected):
        shape = tuple(got.shape) if isinstance(got, np.ndarray) else None
        return False, {
            "error": float("inf"),
            "tolerance": q.tolerance,
            "note": f" has shape {shape}, expected {np.shape(expected)}",
        }
    if q.rule == "same":
        same = bool(np.array_equal(got.astype(np.float64), expected, equal_nan=True))
        return same, {
            "error": 0.0 if same else float("inf"),
            "tolerance": 0.0,
            "note": "" if same else " changed during the call",
        }
    return _close(expected, got, q.tolerance)


def _relative(expected: np.ndarray, got: np.ndarray) -> float:
    """Normwise relative error; NaN or infinity anywhere counts as total failure."""
    got = got.astype(np.float64)
    if not np.all(np.isfinite(got)):
        return float("inf")
    scale = max(float(np.linalg.norm(expected)), 1e-12)
    return float(np.linalg.norm(got - expected)) / scale


def _close(expected: np.ndarray, got: np.ndarray, tol: float) -> tuple[bool, dict[str, Any]]:
    """|got − expected| ≤ tol + tol·|expected| everywhere (NaN where the reference has NaN)."""
    got = got.astype(np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(got - expected)
        if np.all(diff <= tol + tol * np.abs(expected)) and np.all(np.isfinite(diff)):  # the usual case
            return True, {"error": float(diff.max()) if diff.size else 0.0, "tolerance": tol}
    same = (np.isnan(expected) & np.isnan(got)) | (expected == got)  # equal infinities too
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.where(same, 0.0, np.abs(got - expected))
        bad = ~(diff <= tol + tol * np.abs(np.nan_to_num(expected)))
    if not bad.any():
        return True, {"error": float(np.nan_to_num(diff).max()) if diff.size else 0.0, "tolerance": tol}
    score = np.where(bad, np.nan_to_num(diff, nan=np.inf, posinf=np.inf), -1.0)
    where = np.unravel_index(int(np.argmax(score)), expected.shape)
    return False, {
        "error": float(diff[where]),
        "tolerance": tol,
        "where": tuple(int(i) for i in where),
        "expected": float(expected[where]),
        "got": float(got[where]),
    }


def _about(scenario: Scenario, step: int) -> str:
    if len(scenario.steps) == 1:
        return scenario.about
    return f"{scenario.about}, call {step + 1} of {len(scenario.steps)}: {scenario.steps[step].kind}"


def _smallest(checks: list[Check]) -> Check:
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


def _broken(
    kind: str,
    paths: tuple[str, ...] = (),
    evidence: Check | None = None,
    why: str = "",
    error: dict[str, Any] | None = None,
) -> Finding:
    text = catalog.text(kind)
    return Finding(
        kind, catalog.title(kind, list(paths), []), why or text.why, text.fix, (), (), evidence, error
    )


def _one_line(error: dict[str, Any]) -> str:
    message = error.get("message", "").strip().splitlines()
    return f"{error.get('type', '')}: {message[0] if message else ''}".strip(": ")


def _error_kind(error: dict[str, Any]) -> str:
    kind = {
        "bad return": "bad-return",
        "SystemExit": "exited",
        "KeyboardInterrupt": "interrupt",
        "MemoryError": "memory",
    }.get(error.get("type", ""), "exception")
    message = error.get("message", "")
    if kind == "exception" and "File too large" in message:
        kind = "output-flood"
    if kind == "exception" and (
        "Resource temporarily unavailable" in message or "can't start new thread" in message
    ):
        kind = "processes"
    return kind


def _fold(findings: list[Finding]) -> list[Finding]:
    """One finding per id (per id and path, for what says where it broke); a named shape mistake
    absorbs the size errors it causes elsewhere."""
    ids = {f.id for f in findings}
    shaped = any(i.startswith(_SHAPE_MISTAKES) for i in ids)
    kept: dict[tuple[str, tuple[str, ...]], Finding] = {}
    for finding in findings:
        message = (finding.error or {}).get("message", "")
        if finding.id == "exception" and shaped and _FOLDS.search(message):
            continue
        if (
            finding.id == "exception"
            and ids & {"wrong-shape", "bad-return"}
            and not (finding.error or {}).get("frames")
        ):
            continue  # the grader's own use of a misshapen result failed: a consequence, not news
        key = (
            (finding.id, finding.paths)
            if finding.id in ("unrecognised", "nan", "wrong-shape", "exception", "bad-return")
            else (finding.id, ())
        )
        kept.setdefault(key, finding)
    return list(kept.values())
