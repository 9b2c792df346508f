"""The running-statistics update of a training call, under the knobs: the statistics it averages
in, the momentum rule, what is stored (var, std, var + eps) and in which shape, and whether the
caller's buffers change at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bnquiz.drills.batchnorm.call import Call
from bnquiz.drills.batchnorm.grouping import Groups, groups, total
from bnquiz.drills.batchnorm.knobs import axes, number, word
from bnquiz.drills.spec import Array, Knobs, Prediction

if TYPE_CHECKING:
    from bnquiz.drills.specs.contract import Convention


def running(call: Call, conv: Convention, k: Knobs) -> Prediction | None:
    """The running statistics after a training call (None: the update would have raised)."""
    found = groups(call.x.shape, axes(k, "running.axes"))
    if found is None:
        return None
    mean, var = _statistics(call, conv, k, found)
    how = word(k, "running.momentum", "drill")
    momentum = number(k, "running.momentum_value", call.momentum)
    weights_new = conv.momentum_weights_new != (how == "flipped")
    new = 1.0 if how == "replace" else momentum if weights_new else 1 - momentum
    placed = found.keepdim if word(k, "running.layout", conv.layout) == "keepdim" else found.shape
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
    return _kept(call, moved, word(k, "running.update", "yes"))


def _statistics(call: Call, conv: Convention, k: Knobs, found: Groups) -> tuple[Array, Array]:
    """The batch mean, and the variance in the form the update stores."""
    size = len(found.count)
    mean = total(found.compute, call.x, size) / found.count
    centered = axes(k, "running.axes") == "last-axis-centered"
    around = mean[found.apply] if centered else mean[found.compute]
    var = total(found.compute, (call.x - around) ** 2, size) / found.count
    with np.errstate(divide="ignore", invalid="ignore"):
        if conv.running_var_unbiased != (k.get("running.estimator") == "other"):
            var = var * found.count / (found.count - 1)
    form = word(k, "running.form", "var")
    if form == "std":
        var = np.sqrt(var)
    elif form == "var+eps":
        var = var + call.eps
    return mean, var


def _kept(call: Call, moved: Prediction, update: str) -> Prediction:
    """What the caller sees: the update, no update at all, or (a name rebound to a new array) the
    buffers unchanged beside the local copy that was updated."""
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
