"""What no catalogued mistake explains: the quantity and the path it is on, what kind of wrong it
is (the wrong shape, no gradient, NaN where the answer is finite, or just different), what is
right beside it, and the smallest failing case in full, to compare by hand."""

from __future__ import annotations

import numpy as np

from bnquiz.drills.catalog import finding
from bnquiz.drills.judge.run import Record, Run
from bnquiz.drills.verdict import CaseValues, Check, CheckStatus, Finding

_VALUES_SHOWN = 48  # an unrecognised case with at most this many values is shown in full


def unrecognised(run: Run, path: str, name: str, records: list[Record], checks: list[Check]) -> Finding:
    """The finding for the quantity `name` on `path`, shown with its smallest failing case."""
    failing = _failing(path, name, records, checks)
    rec, evidence = min(failing, key=lambda pair: pair[0].size) if failing else (None, None)
    kind = "unrecognised" if rec is None else _kind(run, rec, name, evidence)
    label = rec.quantities[name].label if rec else name
    return finding(
        kind,
        where=[run.label(path)],
        right=_right_beside(run, path, name, records, failing) if kind == "unrecognised" else [],
        quantity=label,
        paths=(path,),
        quantities=(label,),
        evidence=evidence,
        values=_values(run, rec, name) if rec is not None else None,
    )


def _failing(path: str, name: str, records: list[Record], checks: list[Check]) -> list[tuple[Record, Check]]:
    """Each step whose check of the quantity's group failed, with that check."""
    return [
        (rec, c)
        for rec in records
        for c in checks
        if c.scenario == rec.scenario.id
        and c.step == rec.step
        and c.path == path
        and c.status == CheckStatus.FAIL
        and name in rec.quantities
        and c.group == rec.quantities[name].group
    ]


def _kind(run: Run, rec: Record, name: str, evidence: Check | None) -> str:
    got, want = rec.outputs.get(name), (run.predict(rec, {}, (name,)) or {}).get(name)
    if isinstance(got, np.ndarray) and want is not None and got.shape != np.shape(want):
        return "wrong-shape"
    if got is None and rec.quantities[name].rule == "norm":
        return "no-gradient"
    if evidence is not None and evidence.got is not None and not np.isfinite(evidence.got):
        return "nan"
    return "unrecognised"


def _right_beside(
    run: Run, path: str, name: str, records: list[Record], failing: list[tuple[Record, Check]]
) -> list[str]:
    """The labels of the path's other values that are right wherever the quantity is wrong."""
    wrong = {
        q.name
        for r, c in failing
        for q in r.quantities.values()
        if q.group == c.group and not run.quantity_ok(r, q)
    }
    return list(
        dict.fromkeys(
            q.label
            for r in records
            for q in r.quantities.values()
            if q.path == path and q.name != name and q.name not in wrong
        )
    )


def _values(run: Run, rec: Record, name: str) -> CaseValues | None:
    """The smallest failing case in full: its input, what was expected and what came back."""
    pred = run.predict(rec, {}, (name,))
    got = rec.outputs.get(name)
    if pred is None or name not in pred or not isinstance(got, np.ndarray) or got.size > _VALUES_SHOWN:
        return None
    x = run.inputs[rec.index][rec.step].get("x")
    return CaseValues(
        case=rec.scenario.id,
        step=rec.step,
        x=None if x is None or x[0].size > _VALUES_SHOWN else np.round(x[0], 6).tolist(),
        expected=np.round(np.asarray(pred[name], dtype=np.float64), 6).tolist(),
        got=np.round(got.astype(np.float64), 6).tolist(),
    )
