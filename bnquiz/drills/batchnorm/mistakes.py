"""The catalogued mistakes as knob settings, path by path: what each spec can choose from.

Order matters: the judge tries the mistakes of a path in this order (alone, then in pairs) and
names the first that explains it, so the more common of two mistakes that compute the same
thing comes first.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import TYPE_CHECKING

from bnquiz.drills.batchnorm.grouping import describe_axes
from bnquiz.drills.spec import Knob, Mistake

if TYPE_CHECKING:
    from bnquiz.drills.specs.contract import Convention

RESHAPING = ("stats-not-reshaped", "axes-", "channels-mixed-by-reshape")  # ids of the shape mistakes
FIXED_EPS = (1e-5, 1e-3, 1e-8)  # values a submission may use instead of its eps argument
FIXED_MOMENTA = (0.1, 0.9)  # … and instead of its momentum argument

# (mistake, knob, value): one knob of the path's, set the wrong way
Row = tuple[str, str, Knob]
TRAIN: tuple[Row, ...] = (
    ("unbiased-variance", "var", "unbiased"),
    ("mean-not-subtracted", "center", "none"),
    ("train-centers-with-running-mean", "center", "running"),
    ("train-centers-with-running-mean", "center", "running-updated"),
    ("train-uses-running-stats", "stats", "running"),
    ("train-uses-running-stats", "stats", "running-updated"),
)
EVAL_LAYOUT: tuple[Row, ...] = (  # (C,) running statistics, γ and β laid out the wrong way in eval
    ("channels-mixed-by-reshape", "axes", "reshape-mixed"),
    ("stats-not-reshaped", "axes", "last-axis"),
)
EVAL: tuple[Row, ...] = (
    ("eval-uses-batch-stats", "stats", "batch"),
    ("eval-updates-running-stats", "updates", True),
    ("eval-ignores-running-stats", "stats", "fresh"),
    ("mean-not-subtracted", "center", "none"),
)
EPS: tuple[Row, ...] = (
    ("eps-outside-sqrt", "eps", "outside"),
    ("eps-missing", "eps", "missing"),
    ("sqrt-missing", "eps", "no-sqrt"),
    ("eps-doubled", "eps", "doubled"),
    *(("eps-ignored", "eps_value", value) for value in FIXED_EPS),
)
AFFINE: tuple[Row, ...] = (
    ("gamma-beta-swapped", "affine", "swapped"),
    ("beta-scaled-by-gamma", "affine", "beta-scaled"),
    ("gamma-added", "affine", "gamma-added"),
    ("weight-ignored", "affine", "no-weight"),
    ("bias-ignored", "affine", "no-bias"),
    ("gamma-added", "affine", "gamma-added-filled"),
)
RUNNING: tuple[Row, ...] = (
    ("momentum-flipped", "momentum", "flipped"),
    ("running-stats-replaced", "momentum", "replace"),
)
RUNNING_FORM: tuple[Row, ...] = (
    ("running-var-std", "form", "std"),
    ("running-var-includes-eps", "form", "var+eps"),
    ("running-stats-not-updated", "update", "none"),
    *(("momentum-ignored", "momentum_value", value) for value in FIXED_MOMENTA),
)
BACKWARD: tuple[Row, ...] = (  # what detaching does: an autograd backward can show only these
    ("grad-missing-mean-term", "dx", "no-mean"),
    ("grad-missing-variance-term", "dx", "no-var"),
    ("stats-detached", "dx", "detached"),
)
HAND_WRITTEN: tuple[Row, ...] = (
    ("grad-missing-gamma", "dx", "no-gamma"),
    ("grad-n-minus-1", "dx", "n-minus-1"),
    ("dgamma-uses-x", "dgamma", "x"),
    ("dgamma-times-gamma", "dgamma", "gamma"),
    ("dbeta-averaged", "dbeta", "mean"),
)
BACKWARD_EPS: tuple[Row, ...] = (
    ("eps-missing", "eps", "missing"),
    ("eps-outside-sqrt", "eps", "outside"),
    *(("eps-ignored", "eps_value", value) for value in FIXED_EPS),
)


def mistake(path: str, id: str, *knobs: tuple[str, Knob], detail: str = "") -> Mistake:
    """A mistake on `path`, its knobs named without the path's prefix."""
    named = tuple((f"{path}.{name}", value) for name, value in knobs)
    return Mistake(id, path, named, detail, reshapes=id.startswith(RESHAPING))


def table(path: str, rows: tuple[Row, ...]) -> list[Mistake]:
    return [mistake(path, id, (knob, value)) for id, knob, value in rows]


def forward_mistakes(path: str, ranks: tuple[int, ...], flat: bool = True) -> list[Mistake]:
    """What can go wrong in the training ("train") or eval ("eval") forward. `flat`: the
    per-channel arrays come as (C,) (and can be broadcast the wrong way), not (1, C, 1, 1)."""
    if path == "train":
        found = table(path, TRAIN) + axes_mistakes(path, ranks)
    else:
        found = table(path, EVAL_LAYOUT) if max(ranks) > 2 and flat else []
        found += table(path, EVAL[:1])
        found.append(mistake(path, "training-ignored", ("stats", "batch"), ("updates", True)))
        found += table(path, EVAL[1:])
    return found + table(path, EPS) + table(path, AFFINE)


def axes_mistakes(path: str, ranks: tuple[int, ...]) -> list[Mistake]:
    """Every wrong set of reduced dimensions: the named ones, then any other subset, used for
    every rank (code with the dimensions written out), then for one rank only (a mistake in the
    branch for that rank, the others right)."""
    top = max(ranks)
    found = table(path, (("axes-per-sample", "axes", "per-sample"), ("axes-all", "axes", "all")))
    if top > 2:
        placed = ("placement", "rule")  # γ, β laid out the same wrong way
        found += [
            mistake(path, "axes-batch-only", ("axes", (0,))),
            mistake(path, "channels-mixed-by-reshape", ("axes", "reshape-mixed")),
            mistake(path, "channels-mixed-by-reshape", ("axes", "reshape-mixed"), placed),
            mistake(path, "stats-not-reshaped", ("axes", "last-axis")),
            mistake(path, "stats-not-reshaped", ("axes", "last-axis"), placed),
            mistake(path, "stats-not-reshaped", ("axes", "last-axis-centered")),
        ]
    return found + _other_axes(path, ranks) + _axes_of_one_rank(path, ranks)


def _other_axes(path: str, ranks: tuple[int, ...]) -> list[Mistake]:
    """Any other set of reduced dimensions, written out the same for every rank."""
    top = max(ranks)
    named = {(0,), tuple(range(top)), tuple(range(1, top))}
    found = []
    for size in range(1, top + 1):
        for reduced in itertools.combinations(range(top), size):
            if reduced in named:
                continue
            shown = next(
                (r for r in sorted(ranks, reverse=True) if max(reduced) < r and reduced != (0, *range(2, r))),
                None,
            )
            if shown is not None:
                detail = describe_axes(reduced, shown)
                found.append(mistake(path, "axes-other", ("axes", reduced), detail=detail))
    return found


def _axes_of_one_rank(path: str, ranks: tuple[int, ...]) -> list[Mistake]:
    """A wrong set of reduced dimensions in the branch for one rank, the others right."""
    found = []
    for rank in ranks:
        correct = (0, *range(2, rank))
        name = {
            (0,): "axes-batch-only",
            tuple(range(rank)): "axes-all",
            tuple(range(1, rank)): "axes-per-sample",
        }
        for size in range(1, rank + 1):
            for reduced in itertools.combinations(range(rank), size):
                if reduced == correct:
                    continue
                mid = name.get(reduced, "axes-other")
                detail = describe_axes(reduced, rank) if mid == "axes-other" else ""
                found.append(mistake(path, mid, ("axes", ("at", rank, reduced)), detail=detail))
    return found


def running_mistakes(conv: Convention, ranks: tuple[int, ...]) -> list[Mistake]:
    """What can go wrong in the running-statistics update, under this drill's convention."""
    path = "running"
    estimator = "running-var-unbiased" if not conv.running_var_unbiased else "running-var-biased"
    found = [
        *table(path, RUNNING),
        mistake(path, estimator, ("estimator", "other")),
        *table(path, RUNNING_FORM),
    ]
    if conv.in_place:
        found.append(mistake(path, "running-stats-rebound", ("update", "rebound")))
    if max(ranks) > 2:  # the variance taken around a mean broadcast against the last axis
        found.append(mistake(path, "stats-not-reshaped", ("axes", "last-axis-centered")))
    if conv.layout == "keepdim" and max(ranks) > 2:
        found += [
            mistake(path, "stats-not-reshaped", ("layout", "squeezed")),
            mistake(path, "stats-not-reshaped", ("layout", "squeezed"), ("axes", "last-axis-centered")),
        ]
    other = "squeezed" if conv.layout == "keepdim" else "keepdim"
    for wrong in axes_mistakes(path, ranks):
        if wrong.id == "stats-not-reshaped":
            continue
        found.append(wrong)
        rule = wrong.knobs[0][1]
        if not (isinstance(rule, tuple) and rule[0] == "at"):  # a wrong statistic, kept in either shape
            found.append(replace(wrong, knobs=(*wrong.knobs, ("running.layout", other))))
    return found


def backward_mistakes(path: str, hand_written: bool) -> list[Mistake]:
    """What a backward pass can get wrong; an autograd backward only what detaching does."""
    found = table(path, BACKWARD)
    if not hand_written:
        return found
    found += table(path, HAND_WRITTEN)
    found.append(mistake(path, "dgamma-dbeta-swapped", ("dgamma", "dbeta"), ("dbeta", "xhat")))
    for xhat in ("recomputed", "cached"):
        found += [mistake(path, id, (knob, value), ("xhat", xhat)) for id, knob, value in BACKWARD_EPS]
    return found
