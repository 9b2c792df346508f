"""Float64 SyncBN with knobs: each rank's output, running statistics and gradients, for shards
of one global batch, under every named mistake.

The forward is written once over a leading probe axis, so that one vectorized evaluation in
complex arithmetic gives every gradient exactly (the complex step: ∂f/∂v = Im f(v + ih)/h): a
rank's dx is the derivative of every rank's loss (the collectives' backward sums them), or of its
own loss only where the code's collectives are not differentiable. Knobs:

  train.sync      "global"; "local" (no synchronisation); "var-averaged" (the global mean, the
                  ranks' variances averaged by count, their means' spread left out);
                  "var-averaged-plain" (… averaged with equal weights); "mean-unweighted" (the
                  ranks' means averaged with equal weights)
  train.var       "biased"; "unbiased" (n − 1 over the global count)
  <mode>.eps      "inside", "outside", "missing"; <mode>.affine "normal", "no-weight", "no-bias"
  eval.stats      "running"; "batch" (eval normalizes with the batch's statistics)
  running.stats   "global", "local" (each rank's own shard), or a train.sync rule's statistics
                  (code that updates with what it normalized with); running.count "global", "local"
                  (n/(n − 1) with the shard's count); running.var "unbiased", "biased";
                  running.momentum "new", "flipped"; running.update "yes", "none"
  backward.sync   "all", "none" (each rank differentiates its own loss only); backward.detach
                  (the statistics treated as constants)

NumPy only, loaded to judge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bnquiz.drills.batchnorm.knobs import word
from bnquiz.drills.batchnorm.normalization import denominator
from bnquiz.drills.spec import Array, Knobs

_H = 1e-20  # the complex step


@dataclass(frozen=True)
class Shards:
    """One call on every rank taking part: the shards (float64), the shared parameters, each
    rank's running statistics as it starts the call, and the upstream gradients."""

    xs: list[Array]  # (n_r, C, *spatial) per rank
    weight: Array | None
    bias: Array | None
    running: list[tuple[Array, Array]]  # (mean, var) per rank
    training: bool
    momentum: float
    eps: float
    dys: list[Array] | None = None


def _axes(ndim: int) -> tuple[int, ...]:
    """Every axis but the probe axis (0) and the channel axis (2)."""
    return (1, *range(3, ndim))


def _count(x: Array) -> int:
    """Values per channel in one probe of a shard (P, n, C, *spatial)."""
    return int(x.size // (x.shape[0] * x.shape[2]))


def _per_channel(values: Array, ndim: int) -> Array:
    """(P, C) statistics placed to broadcast against (P, n, C, *spatial)."""
    return values.reshape(values.shape[0], 1, values.shape[1], *[1] * (ndim - 3))


def batch_statistics(xs: list[Array], k: Knobs) -> list[tuple[Array, Array, float]]:
    """Per rank: the mean and variance it normalizes with, each (P, C), and the count its
    running variance's correction uses (under the knobs' sync rule)."""
    ndim = xs[0].ndim
    counts = [_count(x) for x in xs]
    total = sum(counts)
    means = [x.mean(axis=_axes(ndim)) for x in xs]
    variances = [
        ((x - _per_channel(m, ndim)) ** 2).mean(axis=_axes(ndim)) for x, m in zip(xs, means, strict=True)
    ]
    rule = k.get("train.sync", "global")
    if rule == "local":
        found = [(m, v, float(n)) for m, v, n in zip(means, variances, counts, strict=True)]
    else:
        if rule == "mean-unweighted":
            mean = sum(means) / len(means)
        else:
            mean = sum(n * m for n, m in zip(counts, means, strict=True)) / total
        if rule == "var-averaged":
            var = sum(n * v for n, v in zip(counts, variances, strict=True)) / total
        elif rule == "var-averaged-plain":
            var = sum(variances) / len(variances)
        else:  # pooled around the mean used: each rank's variance plus its mean's offset
            var = (
                sum(n * (v + (m - mean) ** 2) for n, v, m in zip(counts, variances, means, strict=True))
                / total
            )
        found = [(mean, var, float(total)) for _ in xs]
    if k.get("train.var") == "unbiased":
        found = [(m, v * n / (n - 1), n) for m, v, n in found]
    return found


def _normalize(
    x: Array, mean: Array, var: Array, eps: float, weight: Array, bias: Array, k: Knobs, mode: str
) -> Array:
    ndim = x.ndim
    d = denominator(var, eps, word(k, f"{mode}.eps", "inside"))  # the batch-norm drills' rules
    with np.errstate(divide="ignore", invalid="ignore"):
        xhat = (x - _per_channel(mean, ndim)) / _per_channel(d, ndim)
    how = k.get(f"{mode}.affine", "normal")
    a = weight if how != "no-weight" else np.ones_like(weight)
    b = bias if how != "no-bias" else np.zeros_like(bias)
    return xhat * _per_channel(a, ndim) + _per_channel(b, ndim)


def outputs(call: Shards, k: Knobs, probe: tuple[list[Array], Array, Array] | None = None) -> list[Array]:
    """Each rank's y, over the probe axis: (P, n_r, C, *spatial)."""
    xs, weight, bias = probe if probe is not None else _plain(call)
    if call.training:
        stats = batch_statistics(xs, k)
        if k.get("backward.detach"):  # constants to the derivative (their real part)
            stats = [(m.real, v.real, n) for m, v, n in stats]
        mode = "train"
    elif k.get("eval.stats") == "batch":
        stats, mode = batch_statistics(xs, {}), "eval"
    else:
        mode = "eval"
        stats = [
            (np.broadcast_to(m, (x.shape[0], m.size)), np.broadcast_to(v, (x.shape[0], v.size)), 0.0)
            for x, (m, v) in zip(xs, call.running, strict=True)
        ]
    return [
        _normalize(x, m, v, call.eps, weight, bias, k, mode) for x, (m, v, _) in zip(xs, stats, strict=True)
    ]


def _plain(call: Shards) -> tuple[list[Array], Array, Array]:
    channels = call.xs[0].shape[1]
    weight = call.weight if call.weight is not None else np.ones(channels)
    bias = call.bias if call.bias is not None else np.zeros(channels)
    return [x[None] for x in call.xs], weight[None], bias[None]


def running(call: Shards, k: Knobs) -> list[tuple[Array, Array]]:
    """Each rank's running statistics after the call."""
    if not call.training or k.get("running.update") == "none":
        return list(call.running)
    xs = [x[None] for x in call.xs]
    stats = batch_statistics(xs, {"train.sync": k.get("running.stats", "global")})
    m = call.momentum if k.get("running.momentum") != "flipped" else 1 - call.momentum
    found = []
    for x, (mean, var, n), (old_mean, old_var) in zip(xs, stats, call.running, strict=True):
        if k.get("running.count") == "local":
            n = float(_count(x))
        unbiased = var[0] * n / (n - 1) if k.get("running.var") != "biased" else var[0]
        found.append(((1 - m) * old_mean + m * mean[0], (1 - m) * old_var + m * unbiased))
    return found


def gradients(call: Shards, k: Knobs) -> list[dict[str, Array]]:
    """Per rank: dx, and dweight and dbias where given, by the complex step over every input at once."""
    assert call.dys is not None
    sizes = [x.size for x in call.xs]
    channels = call.xs[0].shape[1]
    count = sum(sizes) + 2 * channels
    xs, weight, bias = _plain(call)
    probes = [np.repeat(x.astype(complex), count, axis=0) for x in xs]
    w, b = np.repeat(weight.astype(complex), count, axis=0), np.repeat(bias.astype(complex), count, axis=0)
    start = 0
    for probe, size in zip(probes, sizes, strict=True):
        flat = probe.reshape(count, -1)
        flat[np.arange(start, start + size), np.arange(size)] += 1j * _H
        start += size
    w[np.arange(start, start + channels), np.arange(channels)] += 1j * _H
    b[np.arange(start + channels, count), np.arange(channels)] += 1j * _H
    ys = outputs(call, k, (probes, w, b))
    # each rank's loss Σ y·dy, per probe: how it moved with each input
    losses = [
        (y * dy[None]).reshape(count, -1).sum(axis=1).imag / _H for y, dy in zip(ys, call.dys, strict=True)
    ]
    total = sum(losses)
    found = []
    start = 0
    for rank, size in enumerate(sizes):
        moved = total if k.get("backward.sync", "all") == "all" else losses[rank]
        grads = {"dx": moved[start : start + size].reshape(call.xs[rank].shape)}
        end = sum(sizes)
        if call.weight is not None:
            grads["dweight"] = losses[rank][end : end + channels]
        if call.bias is not None:
            grads["dbias"] = losses[rank][end + channels :]
        found.append(grads)
        start += size
    return found
