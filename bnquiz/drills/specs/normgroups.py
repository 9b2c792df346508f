"""Which values each statistic of a per-sample norm covers, under an axes rule: the right
groups (the trailing dimensions, or GroupNorm's runs of consecutive channels per sample) or a
mistake's."""

from __future__ import annotations

import functools

import numpy as np

from bnquiz.drills.spec import Array, Knob


@functools.cache
def groups(shape: tuple[int, ...], kind: str, size: int, rule: Knob) -> Array | None:
    """Each value's group under an axes rule (see the module's docstring); None where such code
    would raise on this shape."""
    ndim = len(shape)
    if rule == "right":
        rule = ("trailing", size) if kind != "group" else "grouped"
    reduced: tuple[int, ...] | None
    if isinstance(rule, tuple) and rule[0] == "trailing":
        if rule[1] > ndim:
            return None
        reduced = tuple(range(ndim - rule[1], ndim))
    elif rule == "leading":
        reduced = tuple(range(size)) if size <= ndim else None
    else:
        reduced = {
            "per-sample": tuple(range(1, ndim)),
            "batch": (0,),
            "batch-channel": (0, *range(2, ndim)),
            "all": tuple(range(ndim)),
        }.get(str(rule))
    if reduced is not None:
        return _labels(shape, tuple(d for d in range(ndim) if d not in reduced))
    if kind != "group":
        return None
    return _channel_groups(shape, size, str(rule))


def _channel_groups(shape: tuple[int, ...], g: int, rule: str) -> Array | None:
    """GroupNorm's groups of channels, per sample (or over the batch too, "batch-group")."""
    channels = shape[1]
    if channels % g:
        return None
    c = np.arange(channels)
    of = {
        "grouped": c // (channels // g),
        "interleaved": c % g,
        "size-swapped": c // g,
        "one-group": np.zeros(channels, dtype=int),
        "per-channel": c,
        "batch-group": c // (channels // g),
    }.get(rule)
    if of is None:
        return None
    placed = np.broadcast_to(of.reshape(1, channels, *[1] * (len(shape) - 2)), shape)
    sample = np.broadcast_to(np.arange(shape[0]).reshape(-1, *[1] * (len(shape) - 1)), shape)
    per = int(of.max()) + 1
    labels = placed if rule == "batch-group" else sample * per + placed
    return np.unique(labels, return_inverse=True)[1].reshape(shape)


def _labels(shape: tuple[int, ...], kept: tuple[int, ...]) -> Array:
    """One label per combination of the kept dimensions' indices."""
    if not kept:
        return np.zeros(shape, dtype=int)
    grids = np.indices(shape)
    kept_sizes = [shape[d] for d in kept]
    labels: Array = np.ravel_multi_index(tuple(grids[d] for d in kept), kept_sizes)
    return labels
