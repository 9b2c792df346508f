"""Explaining what the user's code did, path by path, with the catalogued mistakes.

Each code path whose checks fail is explained on its own: the spec's mistakes for that path,
alone and then in pairs, that reproduce every quantity the path computes in every step; when
none explains the path as a whole, each quantity on its own. A dependent path (the backward
pass) is explained on top of what explains the paths it depends on: a gradient that is exact
for the user's own forward is right. What nothing explains is left `unexplained`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from bnquiz.drills.catalog import NOTES
from bnquiz.drills.judge.run import Record, Run
from bnquiz.drills.spec import Knob, Knobs, Mistake
from bnquiz.language import _


@dataclass
class Explanation:
    """The mistakes that reproduce a path, the knobs they turn, and what they leave unexplained."""

    mistakes: list[Mistake]
    knobs: dict[str, Knob]
    unexplained: list[str]  # quantity names nothing explains


@dataclass
class Explained:
    """Every failing path's explanation."""

    paths: dict[str, Explanation] = field(default_factory=dict)
    unrecognised: set[str] = field(default_factory=set)  # independent paths nothing fully explains
    base: dict[str, Knob] = field(default_factory=dict)  # what explains them: dependent paths build on it
    bases: dict[str, dict[str, Knob]] = field(default_factory=dict)  # each dependent path's own base
    notes: list[str] = field(default_factory=list)  # the dependent paths left unjudged, and why

    def base_of(self, depends: tuple[str, ...]) -> dict[str, Knob]:
        """What a dependent path is judged on top of: what explains the independent paths, and
        the dependent paths it depends on."""
        found = dict(self.base)
        for path in depends:
            if path in self.bases and path in self.paths:
                found.update(self.paths[path].knobs)
        return found


def explain_paths(run: Run, records: list[Record]) -> Explained:
    """The explanations of the independent paths, then of the paths that depend on them. The
    probes are left to their own judging."""
    ordinary = [r for r in records if not r.scenario.probe]
    found = Explained()
    for path in run.drill.paths:
        if path.depends or path.id == "input" or not run.failing(ordinary, path.id, {}):
            continue
        found.paths[path.id] = explain(run, path.id, ordinary, {})
        if found.paths[path.id].unexplained:
            found.unrecognised.add(path.id)
    for explanation in found.paths.values():
        found.base.update(explanation.knobs)
    for path in run.drill.paths:  # in order: a path that depends on a dependent one comes after it
        if not path.depends:
            continue
        base = found.base_of(path.depends)
        found.bases[path.id] = base
        if not run.failing(ordinary, path.id, base):
            continue
        if set(path.depends) & found.unrecognised:
            depends = _(" and ").join(_label(run, p) for p in path.depends if p in found.unrecognised)
            note = NOTES["not-judged"]  # marked in the catalog; a literal inside _() would be extracted
            found.notes.append(_(note).format(path=_label(run, path.id), depends=depends))
            run.not_judged.add(path.id)
            found.unrecognised.add(path.id)  # and what depends on it is not judged either
            continue
        found.paths[path.id] = explain(run, path.id, ordinary, base)
        if found.paths[path.id].unexplained:
            found.unrecognised.add(path.id)
    return found


def _label(run: Run, path: str) -> str:
    """A path's label in the language in use (a spec marks its labels with N_())."""
    label = run.label(path)
    return _(label) if label else label


def explain(run: Run, path: str, records: list[Record], base: Knobs) -> Explanation:
    """The fewest catalogued mistakes on this path that reproduce what the user's code did."""
    candidates = [m for m in run.mistakes if m.path == path]
    whole = _search(run, path, records, base, candidates, None)
    if whole is not None:
        return whole
    mistakes: list[Mistake] = []
    unexplained = []
    names = sorted({n for rec in records for n in run.names(rec, path)}, key=lambda n: _position(records, n))
    for name in names:
        if all(
            run.matches(rec, base, run.names(rec, path, name))
            for rec in records
            if run.names(rec, path, name)
        ):
            continue
        part = _search(run, path, records, base, candidates, name)
        if part is None:
            unexplained.append(name)
            continue
        mistakes += [mistake for mistake in part.mistakes if mistake not in mistakes]
    knobs: dict[str, Knob] = {}
    for mistake in mistakes:
        knobs.update(mistake.knobs)
    return Explanation(mistakes, knobs, unexplained)


def _search(
    run: Run, path: str, records: list[Record], base: Knobs, candidates: list[Mistake], only: str | None
) -> Explanation | None:
    """The first combination of candidates, in any of the path's correct modes, that reproduces
    every step of the path (or just the quantity `only`); the steps it fails least likely to
    reproduce, the wrong ones and the small ones, are tried first."""
    relevant = [r for r in records if run.names(r, path, only)]
    relevant.sort(key=lambda r: (run.matches(r, base, run.names(r, path, only)), r.size))
    modes = run.drill.path(path).modes
    for level in _levels(candidates):
        for combo in level:
            for mode in modes:
                knobs = {**base, **mode}
                for mistake in combo:
                    knobs.update(mistake.knobs)
                if all(run.matches(rec, knobs, run.names(rec, path, only)) for rec in relevant):
                    return Explanation(list(combo), {k: v for k, v in knobs.items() if k not in base}, [])
    return None


def _levels(candidates: list[Mistake]) -> Iterator[Iterator[tuple[Mistake, ...]]]:
    """Nothing, each mistake alone, then every pair of two different mistakes (or one mistake
    with two details: two options unsupported) that turns different knobs."""
    yield iter([()])
    yield ((m,) for m in candidates)
    yield (
        (a, b)
        for i, a in enumerate(candidates)
        for b in candidates[i + 1 :]
        if (a.id, a.detail) != (b.id, b.detail) and not {k for k, _ in a.knobs} & {k for k, _ in b.knobs}
    )


def _position(records: list[Record], name: str) -> int:
    for rec in records:
        if name in rec.quantities:
            return list(rec.quantities).index(name)
    return 0
