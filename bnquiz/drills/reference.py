"""Float64 NumPy reference for batch norm, with knobs: each named mistake is one knob turned.

`Knobs()` is the correct implementation under a drill's `Convention`; `MISTAKES` maps every
catalogued mistake to the knob setting that reproduces it. The judge runs the reference with
candidate settings and keeps those that reproduce what the submission did.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Convention:
    momentum_weights_new: bool  # PyTorch: True; d2l and CS231n: False (momentum on the old value)
    running_var_unbiased: bool  # PyTorch: True; d2l and CS231n: False


PYTORCH = Convention(momentum_weights_new=True, running_var_unbiased=True)
COURSE = Convention(momentum_weights_new=False, running_var_unbiased=False)


@dataclass(frozen=True)
class Knobs:
    norm_var: str = "biased"  # "unbiased": normalizes with var·n/(n−1)
    eps: str = "inside"  # "outside": √var + ε; "missing": √var; "no-sqrt": var + ε
    axes: str = "channel"  # "batch-only", "per-sample", "all", "reshape-mixed", "last-axis"
    affine: str = "normal"  # "swapped": β·x̂ + γ
    eval_stats: str = "running"  # "batch": eval normalizes with the batch's statistics
    momentum: str = "drill"  # "flipped": the other framework's momentum convention
    running_var: str = "drill"  # "other": the other estimator (biased ↔ unbiased); "std"
    update: str = "yes"  # "none": caller's running stats unchanged; "rebound": only a local copy
    eval_updates: bool = False  # eval mode also moves the running statistics
    grad: str = "full"  # "detached", "no-mean", "no-var", "no-gamma"

    @property
    def forward_only(self) -> bool:
        """True when the output is wrong in a way whose gradient we do not model."""
        return (self.eps, self.axes, self.affine) != ("inside", "channel", "normal")


CORRECT = Knobs()

# mistake id → the one knob that produces it (see bn-semantics §5 for the catalogue); an id
# with a suffix after a known id ("stats-not-reshaped-centered") is another way to make it
MISTAKES: dict[str, Knobs] = {
    "unbiased-variance": Knobs(norm_var="unbiased"),
    "eps-outside-sqrt": Knobs(eps="outside"),
    "eps-missing": Knobs(eps="missing"),
    "sqrt-missing": Knobs(eps="no-sqrt"),
    "axes-batch-only": Knobs(axes="batch-only"),
    "axes-per-sample": Knobs(axes="per-sample"),
    "axes-all": Knobs(axes="all"),
    "channels-mixed-by-reshape": Knobs(axes="reshape-mixed"),
    "stats-not-reshaped": Knobs(axes="last-axis"),
    "stats-not-reshaped-centered": Knobs(axes="last-axis-centered"),
    "gamma-beta-swapped": Knobs(affine="swapped"),
    "eval-uses-batch-stats": Knobs(eval_stats="batch"),
    "momentum-flipped": Knobs(momentum="flipped"),
    "running-var-other": Knobs(running_var="other"),
    "running-var-std": Knobs(running_var="std"),
    "running-stats-not-updated": Knobs(update="none"),
    "running-stats-rebound": Knobs(update="rebound"),
    "eval-updates-running-stats": Knobs(eval_updates=True),
    "stats-detached": Knobs(grad="detached"),
    "grad-missing-mean-term": Knobs(grad="no-mean"),
    "grad-missing-variance-term": Knobs(grad="no-var"),
    "grad-missing-gamma": Knobs(grad="no-gamma"),
}


def combine(a: Knobs, b: Knobs) -> Knobs | None:
    """The setting with both mistakes, or None when they turn the same knob."""
    changes_a = {k: v for k, v in vars(a).items() if v != getattr(CORRECT, k)}
    changes_b = {k: v for k, v in vars(b).items() if v != getattr(CORRECT, k)}
    if set(changes_a) & set(changes_b):
        return None
    return replace(a, **changes_b)


@dataclass(frozen=True)
class Inputs:
    """One case's inputs in float64 (already rounded to the dtype the submission received)."""

    x: np.ndarray
    weight: np.ndarray | None
    bias: np.ndarray | None
    running_mean: np.ndarray
    running_var: np.ndarray
    training: bool
    momentum: float
    eps: float
    dy: np.ndarray | None = None


def _view(v: Any, ndim: int, axis: int = 1) -> Any:
    shape = [1] * ndim
    shape[axis] = -1
    return np.reshape(v, shape)


def _layout(x: np.ndarray, axes: str) -> tuple[np.ndarray, np.ndarray, int, Any, Any] | None:
    """Batch mean and biased variance over the knob's axes, the count per statistic, and two
    functions: `place(stat)` puts a batch statistic where it broadcasts against `x` (the way
    the mistake does), `place_c(v)` does the same for a (C,) running statistic, γ and β."""
    n_dim, channels = x.ndim, x.shape[1]
    spatial = (0, *range(2, n_dim))

    def per_channel(v: Any) -> Any:
        return _view(v, n_dim)

    if axes == "channel" or (axes in ("last-axis", "last-axis-centered", "reshape-mixed") and n_dim == 2):
        return x.mean(spatial), x.var(spatial), x.size // channels, per_channel, per_channel
    if axes == "batch-only":
        return x.mean(0), x.var(0), x.shape[0], lambda v: v[None], per_channel
    if axes == "per-sample":
        dims = tuple(range(1, n_dim))
        return x.mean(dims), x.var(dims), x.size // x.shape[0], lambda v: _view(v, n_dim, 0), per_channel
    if axes == "all":
        return np.asarray(x.mean()), np.asarray(x.var()), x.size, lambda v: v, per_channel
    if axes in ("last-axis", "last-axis-centered") and n_dim > 2 and x.shape[-1] == channels:

        def last(v: Any) -> Any:
            return _view(v, n_dim, -1)

        mean = x.mean(spatial)
        # "-centered": the variance itself was taken around the misplaced mean
        var = ((x - last(mean)) ** 2).mean(spatial) if axes == "last-axis-centered" else x.var(spatial)
        return mean, var, x.size // channels, last, per_channel
    if axes == "reshape-mixed" and n_dim > 2:
        flat = x.reshape(-1, channels)  # the bug: rows mix channels unless C is moved last

        def rows(v: Any) -> Any:  # broadcast along the rows of the flat view
            return np.broadcast_to(v, flat.shape).reshape(x.shape)

        return flat.mean(0), flat.var(0), flat.shape[0], rows, rows
    return None


def forward(inp: Inputs, conv: Convention, k: Knobs = CORRECT) -> dict[str, np.ndarray] | None:
    """Output, running statistics and (for cases with dy) gradients; None if not applicable."""
    use_batch = inp.training or k.eval_stats == "batch"
    found = _layout(inp.x, k.axes)
    if found is None:  # a mistake this input's shape would have raised on, if it computed stats
        if use_batch or k.eval_updates:
            return None
        found = _layout(inp.x, "channel")
    assert found is not None
    mean, var, n, place, place_c = found
    channels = inp.x.shape[1]
    layouts = [(mean, var, n, place)]
    if k.axes != "channel":  # the running statistics may still be per channel, done right
        layouts.append((*_layout(inp.x, "channel")[:3], place_c))  # type: ignore[index]
    if use_batch:
        center = inp.x - place(mean)
        denom = _denominator(place(var * n / (n - 1) if k.norm_var == "unbiased" else var), inp.eps, k.eps)
    else:
        center = inp.x - place_c(inp.running_mean)
        denom = _denominator(place_c(inp.running_var), inp.eps, k.eps)
    with np.errstate(divide="ignore", invalid="ignore"):
        xhat = center / denom
    gamma = np.ones(channels) if inp.weight is None else inp.weight
    beta = np.zeros(channels) if inp.bias is None else inp.bias
    if k.affine == "swapped":
        gamma, beta = beta, gamma
    out = {"y": xhat * place_c(gamma) + place_c(beta)}
    out["running"] = _running(inp, conv, k, layouts)
    if inp.dy is not None and not k.forward_only:
        out.update(_gradients(inp, k, xhat, denom, use_batch, n))
    return out


def _denominator(v: Any, eps: float, how: str) -> Any:
    with np.errstate(divide="ignore", invalid="ignore"):
        if how == "outside":
            return np.sqrt(v) + eps
        if how == "missing":
            return np.sqrt(v)
        if how == "no-sqrt":
            return v + eps
        return np.sqrt(v + eps)


def _running(
    inp: Inputs, conv: Convention, k: Knobs, layouts: list[tuple[Any, Any, int, Any]]
) -> list[dict[str, np.ndarray]]:
    """The running statistics after the call, in every layout a submission may produce.

    A (C,) buffer updated with a (C,) statistic stays (C,); d2l's (1, C, 1, 1) moving statistics
    broadcast against a statistic placed like the input, so a mistake in the axes changes their
    shape. The judge picks the alternative whose shape matches what came back.
    """
    rm, rv = inp.running_mean, inp.running_var
    if not (inp.training or k.eval_updates):
        return [{"running_mean": rm, "running_var": rv}]
    unbiased = conv.running_var_unbiased != (k.running_var == "other")
    new_weighted = conv.momentum_weights_new != (k.momentum == "flipped")
    w_new = inp.momentum if new_weighted else 1 - inp.momentum
    n_dim = inp.x.ndim
    found = []
    for mean, var, n, place in layouts:
        stat_var = var * n / (n - 1) if unbiased else var
        if k.running_var == "std":
            stat_var = np.sqrt(stat_var)
        for old_m, old_v, new_m, new_v in (
            (rm, rv, mean, stat_var),
            (_view(rm, n_dim), _view(rv, n_dim), place(mean), place(stat_var)),
        ):
            try:
                moved = {
                    "running_mean": (1 - w_new) * old_m + w_new * new_m,
                    "running_var": (1 - w_new) * old_v + w_new * new_v,
                }
            except ValueError:  # shapes that do not broadcast: the submission would have raised
                continue
            if k.update == "none":
                found.append({"running_mean": rm, "running_var": rv})
            elif k.update == "rebound":
                found.append(
                    {
                        "running_mean": rm,
                        "running_var": rv,
                        "local_mean": moved["running_mean"],
                        "local_var": moved["running_var"],
                    }
                )
            else:
                found.append(moved)
    return found


def _gradients(
    inp: Inputs, k: Knobs, xhat: np.ndarray, denom: np.ndarray, use_batch: bool, n: int
) -> dict[str, np.ndarray]:
    """dx, dweight, dbias by the staged chain rule, with the knob's terms dropped."""
    x, dy, n_dim = inp.x, inp.dy, inp.x.ndim
    channels = x.shape[1]
    dims = (0, *range(2, n_dim))
    gamma = np.ones(channels) if inp.weight is None else inp.weight
    dxhat = dy if k.grad == "no-gamma" else dy * _view(gamma, n_dim)
    grads = {"dweight": (dy * xhat).sum(dims), "dbias": dy.sum(dims)}
    if not use_batch:
        grads["dx"] = dxhat / denom
        return grads
    scale = n / (n - 1) if k.norm_var == "unbiased" else 1.0  # normalized with scale·var_biased
    centered = xhat * denom
    dvar = (dxhat * centered).sum(dims, keepdims=True) * -0.5 * denom**-3 * scale
    dmu = (-dxhat / denom).sum(dims, keepdims=True)
    if k.grad in ("detached", "no-var"):
        dvar = 0 * dvar
    if k.grad in ("detached", "no-mean"):
        dmu = 0 * dmu
    grads["dx"] = dxhat / denom + dvar * 2 * centered / n + dmu / n
    return grads
