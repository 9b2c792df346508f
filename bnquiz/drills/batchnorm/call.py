"""One call's inputs, as the reference computes with them."""

from __future__ import annotations

from dataclasses import dataclass

from bnquiz.drills.spec import Array


@dataclass(frozen=True)
class Call:
    """One call's inputs in float64, rounded through the dtype the submission received."""

    x: Array
    weight: Array | None
    bias: Array | None
    running_mean: Array  # in the drill's layout
    running_var: Array
    training: bool
    momentum: float
    eps: float
    dy: Array | None = None
    updated: tuple[Array, Array] | None = None  # the running statistics after this call's update
