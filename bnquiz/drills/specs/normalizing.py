"""Float64 LayerNorm, GroupNorm and RMSNorm with knobs: every named mistake of the per-sample
norms is knobs turned on their one forward and its autograd backward.

All three standardize x over groups of its values and apply a per-element affine:
y = (x − c·μ_g)/D(σ²_g) · A + B, where g is a value's group, c is 1 (LayerNorm, GroupNorm) or 0
(RMSNorm), σ²_g is the mean square around μ_g (or around 0, RMSNorm) and D = √(σ² + ε). The
knobs, under "forward." (the forward) and "backward." (what autograd differentiates):

  axes      which values a statistic covers: "right", ("trailing", k) the last k dimensions,
            "per-sample" (every dimension but 0), "batch" (dimension 0 only), "batch-channel"
            (every dimension but 1, as BatchNorm), "all", "leading" (the first len(shape) ones),
            and for GroupNorm "interleaved" (channel c in group c mod G), "size-swapped" (groups
            of G channels: c // G), "one-group", "per-channel", "batch-group" (a group over the
            batch too)
  center    "mean" or "none": what is subtracted from x
  spread    "mean" or "zero": what the variance is taken around
  var       "biased", "unbiased" (n − 1), "sum" (no division: the L2 norm)
  eps       "inside", "outside", "missing", "no-sqrt", "doubled", "over-n" (added to the sum of
            squares, so divided by n), "clamp" (√max(σ², ε)); eps_value a fixed number;
            eps_default what eps=None is read as
  affine    "normal", "swapped", "beta-scaled", "no-weight", "no-bias", "per-group" (entry g of
            γ and β for group g), "per-group-first" (the entry of the group's first channel),
            "one-plus" (x̂·(1 + γ), Gemma's convention)
  backward.dx  "full", "detached" (statistics detached), "no-mean", "no-var"

NumPy only, loaded with the spec's judging; `None` means "this setting would have raised".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bnquiz.drills.batchnorm.knobs import number, word
from bnquiz.drills.batchnorm.normalization import denominator, slope
from bnquiz.drills.spec import Array, Knobs
from bnquiz.drills.specs.normgroups import groups

KINDS = ("layer", "group", "rms")


@dataclass(frozen=True)
class Call:
    """One call of a per-sample norm, in float64."""

    kind: str  # "layer", "group" or "rms"
    x: Array
    size: int  # len(normalized_shape), or num_groups
    weight: Array | None
    bias: Array | None
    eps: float  # F.rms_norm's eps=None already read as the dtype's machine epsilon
    dy: Array | None = None
    eps_none: bool = False  # eps was None


@dataclass(frozen=True)
class Forward:
    y: Array
    xhat: Array
    labels: Array  # each value's group
    count: Array  # values per group
    spread: Array  # what the variance was taken over: x minus μ_g, or x
    u: Array  # the centred input
    d: Array  # the denominator per group
    var: Array  # per group
    divisor: Array  # what each group's sum of squares was divided by: n, n − 1 or 1
    a: Array  # per value: what x̂ was multiplied by
    centred: bool
    eps: float | Array  # per group where it was divided by the group's size
    eps_rule: str
    how: str  # the affine step as applied (a mistake in it shows only where γ or β is given)


def defaults(kind: str) -> tuple[str, str]:
    """(center, spread) of the right forward."""
    return ("none", "zero") if kind == "rms" else ("mean", "mean")


def forward(call: Call, k: Knobs) -> Forward | None:
    """The forward under the knobs (None: such code would raise on this input)."""
    labels = groups(call.x.shape, call.kind, call.size, k.get("forward.axes", "right"))
    if labels is None:
        return None
    center, spread = defaults(call.kind)
    center, spread = word(k, "forward.center", center), word(k, "forward.spread", spread)
    count = np.bincount(labels.ravel())
    size = len(count)
    mean = np.bincount(labels.ravel(), call.x.ravel(), size) / count
    around = call.x - mean[labels] if spread == "mean" else call.x
    how = word(k, "forward.var", "biased")
    with np.errstate(divide="ignore", invalid="ignore"):
        divisor = {"biased": count, "unbiased": count - 1.0, "sum": np.ones(size)}[how]
        var = np.bincount(labels.ravel(), (around**2).ravel(), size) / divisor
    u = call.x - mean[labels] if center == "mean" else call.x
    eps_rule = word(k, "forward.eps", "inside")
    eps = number(k, "forward.eps_value", call.eps)
    if call.eps_none:  # eps=None read as a number of the code's own instead of finfo(dtype).eps
        eps = number(k, "forward.eps_default", eps)
    added: float | Array = eps
    if eps_rule == "over-n":  # √((Σx² + ε)/n): ε/n inside the root
        added, eps_rule = eps / count, "inside"
    # √(max(σ², ε)) for a clamp
    d = np.sqrt(np.maximum(var, eps)) if eps_rule == "clamp" else denominator(var, added, eps_rule)  # type: ignore[arg-type]
    with np.errstate(divide="ignore", invalid="ignore"):
        xhat = u / d[labels]
    rule = _affine_rule(call, word(k, "forward.affine", "normal"))
    if rule is None:
        return None
    a, b = affine(call, rule)
    return Forward(
        xhat * a + b,
        xhat,
        labels,
        count,
        around,
        u,
        d,
        var,
        divisor,
        a,
        center == "mean",
        added,
        eps_rule,
        rule,
    )


def _affine_rule(call: Call, how: str) -> str | None:
    """The affine mistake as it shows on this call: none without γ and β (code that skips the
    step for None), None where it would raise (a swap with one of them None). A "-filled" rule
    fills None in as 1 and 0 first; "swapped-guarded" tests each for None on its own."""
    if how in ("swapped-filled", "swapped-guarded"):
        return how
    if how == "beta-scaled-filled":
        return "beta-scaled"
    if call.weight is None and call.bias is None:
        return "normal"
    if how in ("swapped", "beta-scaled") and (call.weight is None or call.bias is None):
        return None
    if how.startswith("per-group") and call.kind != "group":
        return None
    return how


def affine(call: Call, how: str) -> tuple[Array, Array]:
    """What x̂ is multiplied by and what is added, per value."""
    shape = call.x.shape
    weight = _per_value(call, call.weight, 1.0)
    bias = _per_value(call, call.bias, 0.0)
    if how.startswith("per-group"):  # γ and β indexed by the group, not the channel
        index = _group_entry(call, how)
        channels = shape[1]
        at = np.broadcast_to(index.reshape(1, channels, *[1] * (len(shape) - 2)), shape)
        weight = call.weight[at] if call.weight is not None else weight
        bias = call.bias[at] if call.bias is not None else bias
    return {
        "normal": (weight, bias),
        "per-group": (weight, bias),
        "per-group-first": (weight, bias),
        "one-plus": (1.0 + weight, bias),
        "swapped": (bias, weight),
        "swapped-filled": (bias, weight),  # (1 and 0 filled in: x̂·0 + 1 without either)
        "swapped-guarded": (
            _per_value(call, call.bias, 1.0),
            _per_value(call, call.weight, 0.0),
        ),
        "beta-scaled": (weight, weight * bias),
        "no-weight": (np.ones(shape), bias),
        "no-bias": (weight, np.zeros(shape)),
    }[how]


def _group_entry(call: Call, how: str) -> Array:
    """Per channel, the entry of γ and β that an affine applied per group gives it: the
    group's index, or ("per-group-first") the group's first channel."""
    channels, g = call.x.shape[1], call.size
    group = np.arange(channels) // (channels // g)
    entry: Array = group * (channels // g) if how == "per-group-first" else group
    return entry


def _per_value(call: Call, given: Array | None, fill: float) -> Array:
    """γ or β broadcast to every value: over the trailing dimensions (LayerNorm, RMSNorm), or
    per channel (GroupNorm)."""
    shape = call.x.shape
    if given is None:
        return np.full(shape, fill)
    if call.kind == "group":
        return np.broadcast_to(given.reshape(1, -1, *[1] * (len(shape) - 2)), shape)
    return np.broadcast_to(given, shape)


def gradients(call: Call, fwd: Forward, k: Knobs) -> dict[str, Array]:
    """What autograd gives for Σ y·dy through this forward: dx, and dweight and dbias where given."""
    assert call.dy is not None
    dy, labels, size = call.dy, fwd.labels.ravel(), len(fwd.count)
    how = word(k, "backward.dx", "full")
    with np.errstate(divide="ignore", invalid="ignore"):
        g = dy * fwd.a / fwd.d[fwd.labels]
        dx = g.copy()
        if fwd.centred and how not in ("detached", "no-mean"):
            dx -= (np.bincount(labels, g.ravel(), size) / fwd.count)[fwd.labels]
        if how not in ("detached", "no-var"):
            dd = -np.bincount(labels, (dy * fwd.a * fwd.u).ravel(), size) / fwd.d**2
            if fwd.eps_rule == "clamp":  # no gradient reaches a variance clamped at ε
                dvar = dd * np.where(fwd.var > fwd.eps, 0.5 / np.sqrt(fwd.var), 0.0)
            else:
                dvar = dd * slope(fwd.var, fwd.eps, fwd.eps_rule)  # type: ignore[arg-type]
            dx += (dvar * 2 / fwd.divisor)[fwd.labels] * fwd.spread
    found = {"dx": dx}
    for name, given in (("dweight", call.weight), ("dbias", call.bias)):
        if given is not None:
            found[name] = _affine_gradient(call, fwd, name, fwd.how)
    return found


def _affine_gradient(call: Call, fwd: Forward, name: str, how: str) -> Array:
    """dweight or dbias: each value's share summed into the parameter entry it came from."""
    assert call.dy is not None
    dy, xhat = call.dy, fwd.xhat
    share = {
        ("dweight", "normal"): dy * xhat,
        ("dweight", "per-group"): dy * xhat,
        ("dweight", "per-group-first"): dy * xhat,
        ("dweight", "one-plus"): dy * xhat,
        ("dweight", "swapped"): dy,
        ("dweight", "swapped-filled"): dy,
        ("dweight", "swapped-guarded"): dy,
        ("dweight", "beta-scaled"): dy * xhat + dy * _per_value(call, call.bias, 0.0),
        ("dweight", "no-weight"): np.zeros_like(dy),
        ("dweight", "no-bias"): dy * xhat,
        ("dbias", "normal"): dy,
        ("dbias", "per-group"): dy,
        ("dbias", "per-group-first"): dy,
        ("dbias", "one-plus"): dy,
        ("dbias", "swapped"): dy * xhat,
        ("dbias", "swapped-filled"): dy * xhat,
        ("dbias", "swapped-guarded"): dy * xhat,
        ("dbias", "beta-scaled"): dy * _per_value(call, call.weight, 1.0),
        ("dbias", "no-weight"): dy,
        ("dbias", "no-bias"): np.zeros_like(dy),
    }[(name, how)]
    given = call.weight if name == "dweight" else call.bias
    assert given is not None
    if how.startswith("per-group"):
        return _per_group_sum(call, share, given.shape, _group_entry(call, how))
    if call.kind == "group":
        summed: Array = share.sum(axis=(0, *range(2, share.ndim)))
        return summed
    summed = share.sum(axis=tuple(range(share.ndim - given.ndim)))
    return summed


def _per_group_sum(call: Call, share: Array, shape: tuple[int, ...], entry: Array) -> Array:
    """Into each group's entry of γ (or β): what every channel of the group contributed; the
    other entries get none."""
    per_channel = share.sum(axis=(0, *range(2, share.ndim)))
    out = np.zeros(shape)
    np.add.at(out, entry, per_channel)
    return out
