"""Comparing a returned value with the reference: the rule a quantity is judged by, its tolerance,
and where it is worst.

  "close"  |got − expected| ≤ tol + tol·|expected| everywhere (NaN only where the reference has it)
  "norm"   ‖got − expected‖ ≤ tol·‖expected‖ (gradients; a gradient that never arrived is zeros)
  "same"   bit for bit (an input the call must leave alone)
  "flag"   a fact, exactly (gradcheck passed; a buffer is registered): the label says what a
           wrong one means
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from bnquiz.drills.results import Output
from bnquiz.drills.spec import Array, Quantity
from bnquiz.language import _


@dataclass(frozen=True)
class Comparison:
    """How a value compared: within tolerance or not, its error, and its worst element."""

    ok: bool
    error: float  # the largest error (normwise relative for "norm")
    tolerance: float
    where: tuple[int, ...] | None = None  # the worst index, where the value failed
    expected: float | None = None
    got: float | None = None
    note: str = ""  # what to say of the value, where not just its name: "y has shape (3,), expected (4,)"


def compare(q: Quantity, expected: Array, got: Output | None) -> Comparison:
    """The value against the reference, by the quantity's rule."""
    missing = q.rule == "norm" and got is None
    if missing:
        got = np.zeros_like(expected)
    if not isinstance(got, np.ndarray) or got.shape != np.shape(expected):
        shape = tuple(got.shape) if isinstance(got, np.ndarray) else None
        note = _("{label} has shape {shape}, expected {expected}")
        return Comparison(
            False,
            float("inf"),
            q.tolerance,
            note=note.format(label=q.label, shape=shape, expected=np.shape(expected)),
        )
    if q.rule == "norm":
        found = _normwise(expected, got, q.tolerance)
        if missing and not found.ok:
            return replace(found, note=_("{label} (no gradient reached it)").format(label=q.label))
        return found
    if q.rule == "flag":
        same = bool(np.array_equal(got.astype(np.float64), expected))
        return Comparison(same, 0.0 if same else float("inf"), 0.0, note="" if same else q.label)
    if q.rule == "same":
        same = bool(np.array_equal(got.astype(np.float64), expected, equal_nan=True))
        note = "" if same else _("{label} changed during the call").format(label=q.label)
        return Comparison(same, 0.0 if same else float("inf"), 0.0, note=note)
    return close(expected, got, q.tolerance)


def _normwise(expected: Array, got: Array, tol: float) -> Comparison:
    """Normwise relative error; NaN or infinity anywhere counts as total failure."""
    got = got.astype(np.float64)
    if np.all(np.isfinite(got)):
        error = float(np.linalg.norm(got - expected)) / max(float(np.linalg.norm(expected)), 1e-12)
    else:
        error = float("inf")
    if error <= tol:
        return Comparison(True, error, tol)
    where = np.unravel_index(
        int(np.argmax(np.abs(np.nan_to_num(got - expected, nan=np.inf)))), expected.shape
    )
    return Comparison(
        False, error, tol, tuple(int(i) for i in where), float(expected[where]), float(got[where])
    )


def close(expected: Array, got: Array, tol: float) -> Comparison:
    """|got − expected| ≤ tol + tol·|expected| everywhere (NaN where the reference has NaN)."""
    got = got.astype(np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(got - expected)
        if np.all(diff <= tol + tol * np.abs(expected)) and np.all(np.isfinite(diff)):  # the usual case
            return Comparison(True, float(diff.max()) if diff.size else 0.0, tol)
    same = (np.isnan(expected) & np.isnan(got)) | (expected == got)  # equal infinities too
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.where(same, 0.0, np.abs(got - expected))
        bad = ~(diff <= tol + tol * np.abs(np.nan_to_num(expected)))
    if not bad.any():
        return Comparison(True, float(np.nan_to_num(diff).max()) if diff.size else 0.0, tol)
    score = np.where(bad, np.nan_to_num(diff, nan=np.inf, posinf=np.inf), -1.0)
    where = np.unravel_index(int(np.argmax(score)), expected.shape)
    return Comparison(
        False,
        float(diff[where]),
        tol,
        tuple(int(i) for i in where),
        float(expected[where]),
        float(got[where]),
    )
