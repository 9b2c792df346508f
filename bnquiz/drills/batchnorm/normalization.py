"""The forward pass under the knobs, in training ("train") or eval ("eval") mode, with what its
derivative needs: the statistics it normalized with, the centering, the denominator, the affine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bnquiz.drills.batchnorm.call import Call
from bnquiz.drills.batchnorm.grouping import Groups, channels, groups, total
from bnquiz.drills.batchnorm.knobs import axes, number, word
from bnquiz.drills.spec import Array, Knob, Knobs


@dataclass(frozen=True)
class BatchStatistics:
    """What statistics taken from the batch leave for the derivative."""

    found: Groups  # their groups
    own: Array  # x minus its own group's mean
    var: Array  # the variance per group as normalized with
    correction: Array  # n/(n−1) or 1 per group


@dataclass(frozen=True)
class Forward:
    """A forward pass and what its derivative needs."""

    y: Array
    u: Array  # the centered input: x minus whatever it was centered with
    d: Array  # the denominator each value was divided by
    xhat: Array
    a: Array  # per value: what x̂ was multiplied by
    channel: Array  # per value: the index into γ, β and the running statistics it was given
    path: str
    stats: str  # "batch", "running" or "fresh"
    center: str
    eps_rule: str
    eps: float
    batch: BatchStatistics | None = None  # batch statistics only
    differentiable: bool = True


@dataclass(frozen=True)
class _Scale:
    """What a forward normalizes with: the variance per value, and the offsets it may center by."""

    variance: Array
    offsets: dict[str, Array | float]
    batch: BatchStatistics | None = None


def forward(call: Call, k: Knobs, path: str) -> Forward | None:
    """The training ("train") or eval ("eval") forward under the knobs (None: it would raise)."""
    p = path + "."
    stats = word(k, p + "stats", "batch" if path == "train" else "running")
    rule = axes(k, p + "axes")
    channel = _placement(call.x.shape, rule, stats, word(k, p + "placement", "channel"))
    if channel is None:
        return None
    center = word(k, p + "center", "batch" if stats == "batch" else "running")
    eps_rule = word(k, p + "eps", "inside")
    eps = number(k, p + "eps_value", call.eps)
    scale = _scale(call, k, p, stats, rule, channel, center)
    if scale is None or center not in scale.offsets:
        return None
    u = call.x - scale.offsets[center]
    d = denominator(scale.variance, eps, eps_rule)
    with np.errstate(divide="ignore", invalid="ignore"):
        xhat = u / d
    a, b = affine(call, word(k, p + "affine", "normal"))
    # the variance taken around a misplaced mean: no gradient modelled (it raises on most shapes)
    differentiable = rule != "last-axis-centered" or (scale.batch is not None and scale.batch.found.partition)
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
        batch=scale.batch,
        differentiable=differentiable,
    )


def _scale(
    call: Call, k: Knobs, p: str, stats: str, rule: Knob, channel: Array, center: str
) -> _Scale | None:
    """What the forward normalizes with: the batch's statistics, the running ones (as passed in,
    or as its own update left them), or, "fresh", those of a model never trained (0 and 1)."""
    if stats == "batch":
        return _batch_scale(call, k, p, rule, channel, center)
    if stats in ("running", "running-updated"):
        used = _running_used(call, stats)
        if used is None:
            return None
        return _Scale(
            _per_channel(used[1])[channel], {"running": _per_channel(used[0])[channel], "none": 0.0}
        )
    return _Scale(np.ones(call.x.shape), {"running": 0.0, "none": 0.0})


def _batch_scale(call: Call, k: Knobs, p: str, rule: Knob, channel: Array, center: str) -> _Scale | None:
    """Statistics of the batch, over the groups the axes rule gives."""
    x = call.x
    found = groups(x.shape, rule)
    if found is None:
        return None
    size = len(found.count)
    mean = total(found.compute, x, size) / found.count
    around = mean[found.apply] if rule == "last-axis-centered" else mean[found.compute]
    with np.errstate(divide="ignore", invalid="ignore"):
        unbiased = k.get(p + "var") == "unbiased"
        correction = found.count / (found.count - 1) if unbiased else np.ones(size)
        var = total(found.compute, (x - around) ** 2, size) / found.count * correction
    offsets: dict[str, Array | float] = {
        "batch": mean[found.apply],
        "running": _per_channel(call.running_mean)[channel],
        "none": 0.0,
    }
    if center == "running-updated":
        used = _running_used(call, center)
        if used is None:
            return None
        offsets[center] = _per_channel(used[0])[channel]
    return _Scale(var[found.apply], offsets, BatchStatistics(found, x - mean[found.compute], var, correction))


def _running_used(call: Call, how: str) -> tuple[Array, Array] | None:
    """The running statistics a forward normalizes with: as passed in, or as its own update left
    them ("running-updated": code that updates first, then uses them; None: that update raised)."""
    if how == "running-updated":
        return call.updated
    return call.running_mean, call.running_var


def _placement(shape: tuple[int, ...], rule: Knob, stats: str, placement: str) -> Array | None:
    """Which entry of γ, β and the running statistics each value gets: its channel, or, for a
    layout mistake ("reshape-mixed", "last-axis") made with the parameters too, the mistaken one."""
    if rule == "channel" or (placement == "channel" and stats == "batch") or len(shape) == 2:
        return channels(shape)  # (on 2-D input every layout mistake is the right layout)
    if rule not in ("reshape-mixed", "last-axis", "last-axis-centered"):
        return None if stats != "batch" else channels(shape)
    found = groups(shape, rule)
    return None if found is None else found.apply


def _per_channel(stat: Array) -> Array:
    return stat.reshape(-1)


def affine(call: Call, how: str) -> tuple[Array, Array]:
    """What x̂ is multiplied by and what is added, per channel: γ and β, or a mistake's."""
    count = call.x.shape[1]
    gamma = np.ones(count) if call.weight is None else call.weight.reshape(-1)
    beta = np.zeros(count) if call.bias is None else call.bias.reshape(-1)
    return {
        "normal": (gamma, beta),
        "swapped": (beta, gamma),
        "beta-scaled": (gamma, gamma * beta),
        "gamma-added": (np.ones(count), (0.0 if call.weight is None else gamma) + beta),
        "gamma-added-filled": (np.ones(count), gamma + beta),  # None filled in as ones first
        "no-weight": (np.ones(count), beta),
        "no-bias": (gamma, np.zeros(count)),
    }[how]


def denominator(var: Array, eps: float, rule: str) -> Array:
    """What x − μ is divided by: √(σ² + ε), or a mistake's."""
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


def slope(var: Array, eps: float, rule: str) -> Array:
    """d(denominator)/d(variance)."""
    if rule == "no-sqrt":
        return np.ones_like(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 0.5 / np.sqrt(var + eps if rule in ("inside", "doubled") else var)
