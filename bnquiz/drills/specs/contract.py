"""What a batch-norm drill's contract fixes beside its signature: the convention its running
statistics follow, and its own names for what a call takes and returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Convention:
    """The rules a batch-norm drill grades its running statistics by."""

    momentum_weights_new: bool  # PyTorch and the current d2l: True; CS231n and the classic d2l: False
    running_var_unbiased: bool  # PyTorch: True; CS231n and d2l: False
    layout: str  # the running statistics' shape: "squeezed" (C,) or "keepdim" (1, C, 1, 1)
    in_place: bool  # the running statistics are the caller's buffers (their shape cannot change)


@dataclass(frozen=True)
class Names:
    """The drill's own names for what a call returns (for the report)."""

    y: str
    running_mean: str
    running_var: str
    x: str
    weight: str
    bias: str
    dx: str
    dweight: str
    dbias: str
    eval_mode: str = "eval"  # what the drill calls eval mode ("test" for CS231n)
