"""Statistics over groups of the input: which values each mean and variance is taken over.

An axes rule names the groups: the correct one (per channel), any wrong set of reduced
dimensions, a reshape that mixes channels, or per-channel statistics broadcast against the last
axis. Every forward, update and gradient of the reference is written over these groups, so one
formula serves every rule.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from bnquiz.drills.catalog import join
from bnquiz.drills.spec import Array, Knob
from bnquiz.language import _

DIMS = {2: "NC", 3: "NCL", 4: "NCHW", 5: "NCDHW"}  # the letters a shape's dimensions go by


@dataclass(frozen=True)
class Groups:
    """Which statistic each value's statistics are computed into (`compute`) and which one it
    is normalized with (`apply`); the two differ only for a statistic placed on the wrong axis."""

    compute: Array  # int label per value
    apply: Array
    count: Array  # values per group
    shape: tuple[int, ...]  # the statistic's shape when the reduced dimensions are dropped
    keepdim: tuple[int, ...]  # … and when they are kept
    partition: bool  # compute == apply


@functools.cache
def groups(shape: tuple[int, ...], rule: Knob) -> Groups | None:
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


def _reduced(ndim: int, rule: Knob) -> tuple[int, ...] | None:
    if isinstance(rule, tuple) and rule and rule[0] == "at":  # ("at", rank, dims): one rank's branch
        rank, dims = rule[1:]
        return tuple(dims) if ndim == rank else _reduced(ndim, "channel")
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
def _labels(shape: tuple[int, ...], kept: tuple[int, ...]) -> Array:
    sizes = [shape[d] if d in kept else 1 for d in range(len(shape))]
    return np.broadcast_to(np.arange(int(np.prod(sizes))).reshape(sizes), shape)


def total(labels: Array, values: Array, size: int) -> Array:
    """The sum of the values in each group."""
    return np.bincount(labels.ravel(), weights=values.ravel(), minlength=size)


def channels(shape: tuple[int, ...]) -> Array:
    """Each value's channel."""
    return _labels(shape, (1,))


def describe_axes(reduced: tuple[int, ...], ndim: int) -> str:
    """ "on (N, C, H, W) input you reduced over N and C; BN reduces over N, H and W" """
    letters = DIMS[ndim]
    correct = [letters[d] for d in range(ndim) if d != 1]
    comma, last = _(", "), _(" and ")
    return _("on ({dims}) input you reduced over {reduced}; BN reduces over {correct}").format(
        dims=", ".join(letters),
        reduced=join([letters[d] for d in reduced], comma, last),
        correct=join(correct, comma, last),
    )
