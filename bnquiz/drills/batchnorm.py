"""Float64 batch norm with knobs on each code path: every named mistake is knobs turned on one path.

The batch-norm drills (forward, d2l, cs231n) share these numerics; each spec picks the mistakes
its contract can show. Knob names are "<path>.<knob>"; an absent knob has its correct setting.

  train.* / eval.*   the forward in training and in eval mode:
                     stats ("batch", "running", "fresh" = 0 and 1), axes (see `groups`),
                     var ("biased", "unbiased"), center ("batch", "running", "none"),
                     eps ("inside", "outside", "missing", "no-sqrt", "doubled"), eps_value (a fixed
                     number instead of the eps argument), affine ("normal", "swapped",
                     "beta-scaled", "gamma-added", "no-weight", "no-bias"); eval.updates (bool)
  running.*          the running-statistics update: momentum ("drill", "flipped", "replace"),
                     momentum_value (a fixed number instead of the argument), estimator
                     ("drill", "other"), form ("var", "std", "var+eps"), update ("yes", "none",
                     "rebound"), axes, layout ("squeezed", "keepdim")
  <backward>.*       a hand-written or autograd backward pass: mode ("exact": the derivative of
                     the forward; "formula": the textbook formula fed the forward's x̂ and σ̂),
                     dx ("full", "detached", "no-mean", "no-var", "no-gamma", "n-minus-1"), eps and
                     eps_value (σ̂ recomputed with another eps), xhat ("cached", "recomputed"),
                     dgamma ("xhat", "x", "dbeta", "gamma"), dbeta ("sum", "mean", "xhat")

The gradients are analytic for every forward whose statistics are taken over groups of the
input (any axes, reshapes, the last-axis broadcast), checked against finite differences by the
test suite; `None` means "this setting would have raised on this input".
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from bnquiz.drills.spec import Knobs, Mistake

if TYPE_CHECKING:
    from bnquiz.drills.specs.bn import Convention

DIMS = {2: "NC", 3: "NCL", 4: "NCHW", 5: "NCDHW"}  # the letters a shape's dimensions go by


@dataclass(frozen=True)
class Call:
    """One call's inputs in float64, rounded through the dtype the submission received."""

    x: np.ndarray
    weight: np.ndarray | None
    bias: np.ndarray | None
    running_mean: np.ndarray  # in the drill's layout
    running_var: np.ndarray
    training: bool
    momentum: float
    eps: float
    dy: np.ndarray | None = None
    updated: tuple[np.ndarray, np.ndarray] | None = None  # the running statistics after this call's update


# --- statistics over groups of the input ------------------------------------------------


@dataclass(frozen=True)
class Groups:
    """Which statistic each value's statistics are computed into (`compute`) and which one it
    is normalized with (`apply`); the two differ only for a statistic placed on the wrong axis."""

    compute: np.ndarray  # int label per value
    apply: np.ndarray
    count: np.ndarray  # values per group
    shape: tuple[int, ...]  # the statistic's shape when the reduced dimensions are dropped
    keepdim: tuple[int, ...]  # … and when they are kept
    partition: bool  # compute == apply


@functools.cache
def groups(shape: tuple[int, ...], rule: Any) -> Groups | None:
    """The groups of an axes rule: "channel" (every dim but 1, correct), "all", "per-sample"
    (every dim but 0), a tuple of reduced dims, "reshape-mixed" (x.reshape(-1, C) without moving
    C last), "last-axis" (per-channel statistics broadcast against the last axis; also
    "last-axis-centered", whose variance is taken around the misplaced mean). None: the rule
    cannot apply to this shape (the submission would have raised)."""
    ndim, channels = len(shape), shape[1]
    per_channel = tuple(channels if d == 1 else 1 for d in range(ndim))
    if rule == "reshape-mixed" and ndim > 2:
        labels = (np.arange(int(np.prod(shape))) % channels).reshape(shape)
        return Groups(
            labels, labels, np.bincount(labels.ravel(), minlength=channels), (channels,), per_channel, True
        )
    if rule in ("last-axis", "last-axis-centered") and ndim > 2:
        if shape[-1] != channels:
            return None
        compute = _labels(shape, (1,))
        apply = _labels(shape, (ndim - 1,))
        return Groups(compute, apply, np.bincount(compute.ravel()), (channels,), per_channel, False)
    reduced = _reduced(ndim, rule)
    if reduced is None:
        return None
    kept = tuple(d for d in range(ndim) if d not in reduced)
    labels = _labels(shape, kept)
    count = np.bincount(labels.ravel())
    count.flags.writeable = False  # cached: shared by every call with this shape
    return Groups(
        labels,
        labels,
        count,
        tuple(shape[d] for d in kept),
        tuple(1 if d in reduced else shape[d] for d in range(ndim)),
        True,
    )


def _reduced(ndim: int, rule: Any) -> tuple[int, ...] | None:
    if isinstance(rule, tuple) and rule and rule[0] == "at":  # ("at", rank, dims): one rank's branch
        _, rank, dims = rule
        return dims if ndim == rank else _reduced(ndim, "channel")
    if rule in ("channel", "reshape-mixed", "last-axis", "last-axis-centered"):
        return (0, *range(2, ndim))
    if rule == "all":
        return tuple(range(ndim))
    if rule == "per-sample":
        return tuple(range(1, ndim))
    if isinstance(rule, tuple) and rule and max(rule) < ndim:
        return rule
    return None


@functools.cache
def _labels(shape: tuple[int, ...], kept: tuple[int, ...]) -> np.ndarray:
    sizes = [shape[d] if d in kept else 1 for d in range(len(shape))]
    return np.broadcast_to(np.arange(int(np.prod(sizes))).reshape(sizes), shape)


def _sum(labels: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(labels.ravel(), weights=values.ravel(), minlength=size)


def _channels(shape: tuple[int, ...]) -> np.ndarray:
    return _labels(shape, (1,))


def describe_axes(reduced: tuple[int, ...], ndim: int) -> str:
    """ "on (N, C, H, W) input you reduced over N and C; BN reduces over N, H and W" """
    letters = DIMS[ndim]
    correct = [letters[d] for d in range(ndim) if d != 1]
    return (
        f"on ({', '.join(letters)}) input you reduced over {_join([letters[d] for d in reduced])}; "
        f"BN reduces over {_join(correct)}"
    )


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- the forward ------------------------------------------------------------------------


@dataclass(frozen=True)
class Forward:
    """A forward pass and what its derivative needs."""

    y: np.ndarray
    u: np.ndarray  # the centered input: x minus whatever it was centered with
    d: np.ndarray  # the denominator each value was divided by
    xhat: np.ndarray
    a: np.ndarray  # per value: what x̂ was multiplied by
    channel: np.ndarray  # per value: the index into γ, β and the running statistics it was given
    path: str
    stats: str  # "batch", "running" or "fresh"
    center: str
    eps_rule: str
    eps: float
    found: Groups | None = None  # batch statistics only: their groups, …
    own: np.ndarray | None = None  # … x minus its own group's mean, …
    var: np.ndarray | None = None  # … the variance per group as normalized with, …
    correction: np.ndarray | None = None  # … n/(n−1) or 1 per group
    differentiable: bool = True


def forward(call: Call, k: Knobs, path: str) -> Forward | None:
    """The training ("train") or eval ("eval") forward under the knobs."""
    p = path + "."
    x, shape = call.x, call.x.shape
    stats = k.get(p + "stats", "batch" if path == "train" else "running")
    channel = _placement(shape, k.get(p + "axes", "channel"), stats, k.get(p + "placement", "channel"))
    if channel is None:
        return None
    center = k.get(p + "center", "batch" if stats == "batch" else "running")
    eps_rule = k.get(p + "eps", "inside")
    eps_value = k.get(p + "eps_value", "given")
    eps = call.eps if eps_value == "given" else float(eps_value)
    rule = k.get(p + "axes", "channel")
    batch: dict[str, Any] = {}
    if stats == "batch":
        found = groups(shape, rule)
        if found is None:
            return None
        size = len(found.count)
        mean = _sum(found.compute, x, size) / found.count
        around = mean[found.apply] if rule == "last-axis-centered" else mean[found.compute]
        with np.errstate(divide="ignore", invalid="ignore"):
            correction = found.count / (found.count - 1) if k.get(p + "var") == "unbiased" else np.ones(size)
            var = _sum(found.compute, (x - around) ** 2, size) / found.count * correction
        variance = var[found.apply]
        offsets = {
            "batch": mean[found.apply],
            "running": _per_channel(call.running_mean)[channel],
            "none": 0.0,
        }
        if center == "running-updated":
            mean_used = _running_used(call, center)[0]
            if mean_used is None:
                return None
            offsets[center] = _per_channel(mean_used)[channel]
        batch = {"found": found, "own": x - mean[found.compute], "var": var, "correction": correction}
    elif stats in ("running", "running-updated"):
        mean_used, var_used = _running_used(call, stats)
        if mean_used is None:
            return None
        variance = _per_channel(var_used)[channel]
        offsets = {"running": _per_channel(mean_used)[channel], "none": 0.0}
    else:  # "fresh": as if the running statistics were still 0 and 1
        variance, offsets = np.ones(shape), {"running": 0.0, "none": 0.0}
    if center not in offsets:
        return None
    u = x - offsets[center]
    d = denominator(variance, eps, eps_rule)
    with np.errstate(divide="ignore", invalid="ignore"):
        xhat = u / d
    a, b = _affine(call, k.get(p + "affine", "normal"))
    return Forward(
        y=xhat * a[channel] + b[channel],
        u=u,
        d=d,
        xhat=xhat,
        a=a[channel],
        channel=channel,
        path=path,
        stats=stats,
        center=center,
        eps_rule=eps_rule,
        eps=eps,
        # the variance taken around a misplaced mean: no gradient modelled (it raises on most shapes)
        differentiable=rule != "last-axis-centered" or ("found" in batch and batch["found"].partition),
        **batch,
    )


def _running_used(call: Call, how: str) -> tuple[Any, Any]:
    """The running statistics a forward normalizes with: as passed in, or as its own update left
    them ("running-updated": code that updates first, then uses them)."""
    if how == "running-updated":
        return call.updated if call.updated is not None else (None, None)
    return call.running_mean, call.running_var


def _placement(shape: tuple[int, ...], rule: Any, stats: str, placement: str) -> np.ndarray | None:
    """Which entry of γ, β and the running statistics each value gets: its channel, or, for a
    layout mistake ("reshape-mixed", "last-axis") made with the parameters too, the mistaken one."""
    if rule == "channel" or (placement == "channel" and stats == "batch") or len(shape) == 2:
        return _channels(shape)  # (on 2-D input every layout mistake is the right layout)
    if rule not in ("reshape-mixed", "last-axis", "last-axis-centered"):
        return None if stats != "batch" else _channels(shape)
    found = groups(shape, rule)
    return None if found is None else found.apply


def _per_channel(stat: np.ndarray) -> np.ndarray:
    return stat.reshape(-1)


def _affine(call: Call, how: str) -> tuple[np.ndarray, np.ndarray]:
    channels = call.x.shape[1]
    gamma = np.ones(channels) if call.weight is None else call.weight.reshape(-1)
    beta = np.zeros(channels) if call.bias is None else call.bias.reshape(-1)
    return {
        "normal": (gamma, beta),
        "swapped": (beta, gamma),
        "beta-scaled": (gamma, gamma * beta),
        "gamma-added": (np.ones(channels), (0.0 if call.weight is None else gamma) + beta),
        "gamma-added-filled": (np.ones(channels), gamma + beta),  # None filled in as ones first
        "no-weight": (np.ones(channels), beta),
        "no-bias": (gamma, np.zeros(channels)),
    }[how]


def denominator(var: Any, eps: float, rule: str) -> Any:
    with np.errstate(divide="ignore", invalid="ignore"):
        if rule == "outside":
            return np.sqrt(var) + eps
        if rule == "missing":
            return np.sqrt(var)
        if rule == "no-sqrt":
            return var + eps
        if rule == "doubled":
            return np.sqrt(var + eps) + eps
        return np.sqrt(var + eps)


def _slope(var: Any, eps: float, rule: str) -> Any:
    """d(denominator)/d(variance)."""
    if rule == "no-sqrt":
        return np.ones_like(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 0.5 / np.sqrt(var + eps if rule in ("inside", "doubled") else var)


# --- the running statistics --------------------------------------------------------------


def running(call: Call, conv: Convention, k: Knobs) -> dict[str, np.ndarray] | None:
    """The running statistics after a training call (None: the update would have raised)."""
    rule = k.get("running.axes", "channel")
    found = groups(call.x.shape, rule)
    if found is None:
        return None
    size = len(found.count)
    mean = _sum(found.compute, call.x, size) / found.count
    around = mean[found.apply] if rule == "last-axis-centered" else mean[found.compute]
    var = _sum(found.compute, (call.x - around) ** 2, size) / found.count
    with np.errstate(divide="ignore", invalid="ignore"):
        if conv.running_var_unbiased != (k.get("running.estimator") == "other"):
            var = var * found.count / (found.count - 1)
    form = k.get("running.form", "var")
    if form == "std":
        var = np.sqrt(var)
    elif form == "var+eps":
        var = var + call.eps
    how = k.get("running.momentum", "drill")
    momentum = float(k.get("running.momentum_value", call.momentum))
    weights_new = conv.momentum_weights_new != (how == "flipped")
    new = 1.0 if how == "replace" else momentum if weights_new else 1 - momentum
    placed = found.keepdim if k.get("running.layout", conv.layout) == "keepdim" else found.shape
    moved = {}
    for name, old, stat in (
        ("running_mean", call.running_mean, mean),
        ("running_var", call.running_var, var),
    ):
        try:
            value = (1 - new) * old + new * stat.reshape(placed)
        except ValueError:
            return None
        if conv.in_place and value.shape != old.shape:
            return None
        moved[name] = value
    update = k.get("running.update", "yes")
    if update == "none":
        return {"running_mean": call.running_mean, "running_var": call.running_var}
    if update == "rebound":
        return {
            "running_mean": call.running_mean,
            "running_var": call.running_var,
            "local_mean": moved["running_mean"],
            "local_var": moved["running_var"],
        }
    return moved


# --- the backward ------------------------------------------------------------------------


def gradients(call: Call, fwd: Forward, k: Knobs, prefix: str) -> dict[str, np.ndarray] | None:
    """dx, dweight and dbias for the upstream gradient `call.dy`, under the `prefix` knobs."""
    assert call.dy is not None
    p = prefix + "."
    dy = call.dy
    channel = fwd.channel
    mode = k.get(p + "mode", "exact")
    how = k.get(p + "dx", "full")
    eps_rule = k.get(p + "eps", fwd.eps_rule)
    eps_value = k.get(p + "eps_value", "given")
    eps = fwd.eps if eps_value == "given" else float(eps_value)
    batch = fwd.stats == "batch"
    own_eps = (eps_rule, eps) == (fwd.eps_rule, fwd.eps)
    if (not own_eps and not batch) or (batch and not fwd.differentiable):
        return None  # an eval gradient has no σ̂ of its own to recompute; see `Forward`
    d = fwd.d if own_eps else denominator(fwd.var[fwd.found.apply], eps, eps_rule)  # type: ignore[index,union-attr]
    cached = k.get(p + "xhat", "cached" if mode == "formula" else "recomputed") == "cached"
    gamma, beta = _affine(call, "normal")
    g = dy if how == "no-gamma" else dy * (gamma[channel] if mode == "formula" else fwd.a)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        xhat = fwd.xhat if cached else fwd.u / d
        if not batch:
            dx = g / d
        elif mode == "formula":
            dx = _formula(fwd, g, d, xhat, how)
        else:
            dx = _exact(fwd, g, d, how, eps, eps_rule)
        if dx is None:
            return None
        grads = {"dx": dx}
        if call.weight is not None:
            affine = "normal" if mode == "formula" else k.get(fwd.path + ".affine", "normal")
            grads.update(_parameters(call, affine, k, p, xhat, gamma, beta, channel))
    return grads


def _exact(fwd: Forward, g: np.ndarray, d: np.ndarray, how: str, eps: float, rule: str) -> np.ndarray:
    """The derivative of a forward whose statistics come from groups of the input."""
    found, own, var, correction = fwd.found, fwd.own, fwd.var, fwd.correction
    assert found is not None and own is not None and var is not None and correction is not None
    size = len(found.count)
    dx = g / d
    if how not in ("detached", "no-var"):
        d_var = -_sum(found.apply, g * fwd.u / d**2, size) * _slope(var, eps, rule)
        factor = 2 * correction / found.count  # ∂var/∂x = correction·2(x − mean)/n
        if how == "n-minus-1":
            factor = factor * found.count / (found.count - 1)
        dx = dx + (d_var * factor)[found.compute] * own
    if how not in ("detached", "no-mean") and fwd.center == "batch":
        d_mean = -_sum(found.apply, g / d, size)
        dx = dx + (d_mean / found.count)[found.compute]
    return dx


def _formula(fwd: Forward, g: np.ndarray, d: np.ndarray, xhat: np.ndarray, how: str) -> np.ndarray | None:
    """The textbook dx = (g − mean(g) − x̂·mean(g·x̂))/σ̂ per group, fed these x̂ and σ̂."""
    found = fwd.found
    assert found is not None
    if not found.partition:
        return None
    size = len(found.count)
    dx = g
    if how not in ("detached", "no-mean"):
        dx = dx - (_sum(found.compute, g, size) / found.count)[found.compute]
    if how not in ("detached", "no-var"):
        count = found.count - 1 if how == "n-minus-1" else found.count
        dx = dx - xhat * (_sum(found.compute, g * xhat, size) / count)[found.compute]
    return dx / d


def _parameters(
    call: Call,
    affine: str,
    k: Knobs,
    p: str,
    xhat: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    channel: np.ndarray,
) -> dict[str, np.ndarray]:
    """dweight and dbias: the derivative of the forward's affine step, or a backward's mistake."""
    dy = call.dy
    assert dy is not None
    channels = dy.shape[1]

    def total(values: Any) -> np.ndarray:
        return _sum(channel, np.broadcast_to(values, dy.shape), channels)

    d_gamma = {
        "normal": lambda: total(dy * xhat),
        "swapped": lambda: total(dy),
        "beta-scaled": lambda: total(dy * (xhat + beta[channel])),
        "gamma-added": lambda: total(dy),
        "gamma-added-filled": lambda: total(dy),
        "no-weight": lambda: np.zeros(channels),
        "no-bias": lambda: total(dy * xhat),
    }[affine]()
    d_beta = {
        "normal": lambda: total(dy),
        "swapped": lambda: total(dy * xhat),
        "beta-scaled": lambda: total(dy * gamma[channel]),
        "gamma-added": lambda: total(dy),
        "gamma-added-filled": lambda: total(dy),
        "no-weight": lambda: total(dy),
        "no-bias": lambda: np.zeros(channels),
    }[affine]()
    d_gamma = {
        "xhat": lambda: d_gamma,
        "x": lambda: total(dy * call.x),
        "dbeta": lambda: total(dy),
        "gamma": lambda: total(dy * xhat * gamma[channel]),
    }[k.get(p + "dgamma", "xhat")]()
    d_beta = {
        "sum": lambda: d_beta,
        "mean": lambda: total(dy) / (dy.size // channels),
        "xhat": lambda: total(dy * xhat),
    }[k.get(p + "dbeta", "sum")]()
    return {"dweight": d_gamma, "dbias": d_beta}


# --- the catalogue -----------------------------------------------------------------------

FIXED_EPS = (1e-5, 1e-3, 1e-8)  # values a submission may use instead of its eps argument
FIXED_MOMENTA = (0.1, 0.9)  # … and instead of its momentum argument
EPS_MISTAKES = (
    ("eps-outside-sqrt", "outside"),
    ("eps-missing", "missing"),
    ("sqrt-missing", "no-sqrt"),
    ("eps-doubled", "doubled"),
)
AFFINE_MISTAKES = (
    ("gamma-beta-swapped", "swapped"),
    ("beta-scaled-by-gamma", "beta-scaled"),
    ("gamma-added", "gamma-added"),
    ("weight-ignored", "no-weight"),
    ("bias-ignored", "no-bias"),
)


def forward_mistakes(path: str, ranks: tuple[int, ...], flat: bool = True) -> list[Mistake]:
    """What can go wrong in the training ("train") or eval ("eval") forward. `flat`: the
    per-channel arrays come as (C,) (and can be broadcast the wrong way), not (1, C, 1, 1)."""
    p = path + "."
    found = []
    if path == "train":
        found += [
            Mistake("unbiased-variance", path, ((p + "var", "unbiased"),)),
            Mistake("mean-not-subtracted", path, ((p + "center", "none"),)),
            Mistake("train-centers-with-running-mean", path, ((p + "center", "running"),)),
            Mistake("train-centers-with-running-mean", path, ((p + "center", "running-updated"),)),
            Mistake("train-uses-running-stats", path, ((p + "stats", "running"),)),
            Mistake("train-uses-running-stats", path, ((p + "stats", "running-updated"),)),
        ]
        found += axes_mistakes(path, ranks)
    else:
        if max(ranks) > 2 and flat:  # (C,) running statistics, γ and β laid out the wrong way in eval
            found += [
                Mistake("channels-mixed-by-reshape", path, ((p + "axes", "reshape-mixed"),)),
                Mistake("stats-not-reshaped", path, ((p + "axes", "last-axis"),)),
            ]
        found += [
            Mistake("eval-uses-batch-stats", path, ((p + "stats", "batch"),)),
            Mistake("training-ignored", path, ((p + "stats", "batch"), (p + "updates", True))),
            Mistake("eval-updates-running-stats", path, ((p + "updates", True),)),
            Mistake("eval-ignores-running-stats", path, ((p + "stats", "fresh"),)),
            Mistake("mean-not-subtracted", path, ((p + "center", "none"),)),
        ]
    found += [Mistake(name, path, ((p + "eps", rule),)) for name, rule in EPS_MISTAKES]
    found += [Mistake("eps-ignored", path, ((p + "eps_value", value),)) for value in FIXED_EPS]
    found += [Mistake(name, path, ((p + "affine", how),)) for name, how in AFFINE_MISTAKES]
    found.append(Mistake("gamma-added", path, ((p + "affine", "gamma-added-filled"),)))
    return found


def axes_mistakes(path: str, ranks: tuple[int, ...]) -> list[Mistake]:
    """Every wrong set of reduced dimensions: the named ones, then any other subset, used for
    every rank (code with the dimensions written out), then for one rank only (a mistake in the
    branch for that rank, the others right)."""
    key = path + ".axes"
    top = max(ranks)
    found = [
        Mistake("axes-per-sample", path, ((key, "per-sample"),)),
        Mistake("axes-all", path, ((key, "all"),)),
    ]
    if top > 2:
        placed = (path + ".placement", "rule")  # γ, β laid out the same wrong way
        found += [
            Mistake("axes-batch-only", path, ((key, (0,)),)),
            Mistake("channels-mixed-by-reshape", path, ((key, "reshape-mixed"),)),
            Mistake("channels-mixed-by-reshape", path, ((key, "reshape-mixed"), placed)),
            Mistake("stats-not-reshaped", path, ((key, "last-axis"),)),
            Mistake("stats-not-reshaped", path, ((key, "last-axis"), placed)),
            Mistake("stats-not-reshaped", path, ((key, "last-axis-centered"),)),
        ]
    named = {(0,), tuple(range(top)), tuple(range(1, top))}
    for size in range(1, top + 1):
        for reduced in itertools.combinations(range(top), size):
            if reduced in named:
                continue
            shown = next(
                (r for r in sorted(ranks, reverse=True) if max(reduced) < r and reduced != (0, *range(2, r))),
                None,
            )
            if shown is not None:
                found.append(Mistake("axes-other", path, ((key, reduced),), describe_axes(reduced, shown)))
    for rank in ranks:
        correct = (0, *range(2, rank))
        for size in range(1, rank + 1):
            for reduced in itertools.combinations(range(rank), size):
                if reduced == correct:
                    continue
                name = {
                    (0,): "axes-batch-only",
                    tuple(range(rank)): "axes-all",
                    tuple(range(1, rank)): "axes-per-sample",
                }
                mid = name.get(reduced, "axes-other")
                detail = describe_axes(reduced, rank) if mid == "axes-other" else ""
                found.append(Mistake(mid, path, ((key, ("at", rank, reduced)),), detail))
    return found


def running_mistakes(conv: Convention, ranks: tuple[int, ...]) -> list[Mistake]:
    path = "running"
    found = [
        Mistake("momentum-flipped", path, (("running.momentum", "flipped"),)),
        Mistake("running-stats-replaced", path, (("running.momentum", "replace"),)),
        Mistake(
            "running-var-unbiased" if not conv.running_var_unbiased else "running-var-biased",
            path,
            (("running.estimator", "other"),),
        ),
        Mistake("running-var-std", path, (("running.form", "std"),)),
        Mistake("running-var-includes-eps", path, (("running.form", "var+eps"),)),
        Mistake("running-stats-not-updated", path, (("running.update", "none"),)),
    ]
    found += [Mistake("momentum-ignored", path, (("running.momentum_value", m),)) for m in FIXED_MOMENTA]
    if conv.in_place:
        found.append(Mistake("running-stats-rebound", path, (("running.update", "rebound"),)))
    if max(ranks) > 2:  # the variance taken around a mean broadcast against the last axis
        found.append(Mistake("stats-not-reshaped", path, (("running.axes", "last-axis-centered"),)))
    if conv.layout == "keepdim" and max(ranks) > 2:
        found += [
            Mistake("stats-not-reshaped", path, (("running.layout", "squeezed"),)),
            Mistake(
                "stats-not-reshaped",
                path,
                (("running.layout", "squeezed"), ("running.axes", "last-axis-centered")),
            ),
        ]
    other = "squeezed" if conv.layout == "keepdim" else "keepdim"
    for mistake in axes_mistakes(path, ranks):
        if mistake.id == "stats-not-reshaped":
            continue
        found.append(mistake)
        rule = mistake.knobs[0][1]
        if not (isinstance(rule, tuple) and rule[0] == "at"):  # a wrong statistic, kept in either shape
            found.append(replace(mistake, knobs=(*mistake.knobs, ("running.layout", other))))
    return found


def backward_mistakes(path: str, hand_written: bool) -> list[Mistake]:
    """What a backward pass can get wrong; an autograd backward only what detaching does."""
    p = path + "."
    found = [
        Mistake("grad-missing-mean-term", path, ((p + "dx", "no-mean"),)),
        Mistake("grad-missing-variance-term", path, ((p + "dx", "no-var"),)),
        Mistake("stats-detached", path, ((p + "dx", "detached"),)),
    ]
    if not hand_written:
        return found
    found += [
        Mistake("grad-missing-gamma", path, ((p + "dx", "no-gamma"),)),
        Mistake("grad-n-minus-1", path, ((p + "dx", "n-minus-1"),)),
        Mistake("dgamma-uses-x", path, ((p + "dgamma", "x"),)),
        Mistake("dgamma-times-gamma", path, ((p + "dgamma", "gamma"),)),
        Mistake("dbeta-averaged", path, ((p + "dbeta", "mean"),)),
        Mistake("dgamma-dbeta-swapped", path, ((p + "dgamma", "dbeta"), (p + "dbeta", "xhat"))),
    ]
    for xhat in ("recomputed", "cached"):
        found += [
            Mistake(name, path, ((p + "eps", rule), (p + "xhat", xhat)))
            for name, rule in (("eps-missing", "missing"), ("eps-outside-sqrt", "outside"))
        ]
        found += [
            Mistake("eps-ignored", path, ((p + "eps_value", value), (p + "xhat", xhat)))
            for value in FIXED_EPS
        ]
    return found
