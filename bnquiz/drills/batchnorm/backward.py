"""The backward pass under the knobs: the exact derivative of the forward, the textbook formula
fed the forward's x̂ and σ̂, or a backward's own mistakes (a missing term, another eps, dgamma and
dbeta computed wrong)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bnquiz.drills.batchnorm.call import Call
from bnquiz.drills.batchnorm.grouping import total
from bnquiz.drills.batchnorm.knobs import number, word
from bnquiz.drills.batchnorm.normalization import Forward, affine, denominator, slope
from bnquiz.drills.spec import Array, Knobs, Prediction


def gradients(call: Call, fwd: Forward, k: Knobs, prefix: str) -> Prediction | None:
    """dx, dweight and dbias for the upstream gradient `call.dy`, under the `prefix` knobs."""
    assert call.dy is not None
    p = prefix + "."
    mode = word(k, p + "mode", "exact")
    how = word(k, p + "dx", "full")
    eps_rule = word(k, p + "eps", fwd.eps_rule)
    eps = number(k, p + "eps_value", fwd.eps)
    d = _denominator(fwd, eps, eps_rule)
    if d is None:
        return None
    cached = word(k, p + "xhat", "cached" if mode == "formula" else "recomputed") == "cached"
    gamma, beta = affine(call, "normal")
    g = call.dy if how == "no-gamma" else call.dy * (gamma[fwd.channel] if mode == "formula" else fwd.a)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        xhat = fwd.xhat if cached else fwd.u / d
        dx = _dx(fwd, g, d, xhat, how, mode, eps, eps_rule)
        if dx is None:
            return None
        grads = {"dx": dx}
        if call.weight is not None:
            forward_affine = "normal" if mode == "formula" else word(k, fwd.path + ".affine", "normal")
            grads.update(_parameters(call, forward_affine, k, p, xhat, gamma, beta, fwd.channel))
    return grads


def _denominator(fwd: Forward, eps: float, eps_rule: str) -> Array | None:
    """σ̂ as the backward divides by: the forward's own, or recomputed with another eps. None: an
    eval gradient has no σ̂ of its own to recompute, and some forwards have no gradient modelled
    (see `Forward.differentiable`)."""
    batch = fwd.stats == "batch"
    own_eps = (eps_rule, eps) == (fwd.eps_rule, fwd.eps)
    if (not own_eps and not batch) or (batch and not fwd.differentiable):
        return None
    if own_eps:
        return fwd.d
    assert fwd.batch is not None
    return denominator(fwd.batch.var[fwd.batch.found.apply], eps, eps_rule)


def _dx(
    fwd: Forward, g: Array, d: Array, xhat: Array, how: str, mode: str, eps: float, eps_rule: str
) -> Array | None:
    if fwd.stats != "batch":
        return g / d
    if mode == "formula":
        return _formula(fwd, g, d, xhat, how)
    return _exact(fwd, g, d, how, eps, eps_rule)


def _exact(fwd: Forward, g: Array, d: Array, how: str, eps: float, rule: str) -> Array:
    """The derivative of a forward whose statistics come from groups of the input."""
    stats = fwd.batch
    assert stats is not None
    found = stats.found
    size = len(found.count)
    dx = g / d
    if how not in ("detached", "no-var"):
        d_var = -total(found.apply, g * fwd.u / d**2, size) * slope(stats.var, eps, rule)
        factor = 2 * stats.correction / found.count  # ∂var/∂x = correction·2(x − mean)/n
        if how == "n-minus-1":
            factor = factor * found.count / (found.count - 1)
        dx = dx + (d_var * factor)[found.compute] * stats.own
    if how not in ("detached", "no-mean") and fwd.center == "batch":
        d_mean = -total(found.apply, g / d, size)
        dx = dx + (d_mean / found.count)[found.compute]
    return dx


def _formula(fwd: Forward, g: Array, d: Array, xhat: Array, how: str) -> Array | None:
    """The textbook dx = (g − mean(g) − x̂·mean(g·x̂))/σ̂ per group, fed these x̂ and σ̂."""
    assert fwd.batch is not None
    found = fwd.batch.found
    if not found.partition:
        return None
    size = len(found.count)
    dx = g
    if how not in ("detached", "no-mean"):
        dx = dx - (total(found.compute, g, size) / found.count)[found.compute]
    if how not in ("detached", "no-var"):
        count = found.count - 1 if how == "n-minus-1" else found.count
        dx = dx - xhat * (total(found.compute, g * xhat, size) / count)[found.compute]
    return dx / d


def _parameters(
    call: Call, how: str, k: Knobs, p: str, xhat: Array, gamma: Array, beta: Array, channel: Array
) -> Prediction:
    """dweight and dbias: the derivative of the forward's affine step `how`, unless the backward
    computes one of them wrong itself. Each candidate is a function: only those used are computed."""
    dy = call.dy
    assert dy is not None
    count = dy.shape[1]

    def summed(values: Array) -> Array:
        return total(channel, np.broadcast_to(values, dy.shape), count)

    def by_dy() -> Array:
        return summed(dy)

    def by_xhat() -> Array:
        return summed(dy * xhat)

    def zeros() -> Array:
        return np.zeros(count)

    steps: dict[str, tuple[Callable[[], Array], Callable[[], Array]]] = {  # (dweight, dbias)
        "normal": (by_xhat, by_dy),
        "swapped": (by_dy, by_xhat),
        "beta-scaled": (lambda: summed(dy * (xhat + beta[channel])), lambda: summed(dy * gamma[channel])),
        "gamma-added": (by_dy, by_dy),
        "gamma-added-filled": (by_dy, by_dy),
        "no-weight": (zeros, by_dy),
        "no-bias": (by_xhat, zeros),
    }
    d_weight, d_bias = steps[how]
    weights: dict[str, Callable[[], Array]] = {
        "xhat": d_weight,
        "x": lambda: summed(dy * call.x),
        "dbeta": by_dy,
        "gamma": lambda: summed(dy * xhat * gamma[channel]),
    }
    biases: dict[str, Callable[[], Array]] = {
        "sum": d_bias,
        "mean": lambda: summed(dy) / (dy.size // count),
        "xhat": by_xhat,
    }
    return {
        "dweight": weights[word(k, p + "dgamma", "xhat")](),
        "dbias": biases[word(k, p + "dbeta", "sum")](),
    }
