"""In the child: what the batch-norm specs' callers share. The tensors a call gets (the running
statistics made at its first call, carried in the caller's state), the outputs reported back
under the drill's own names, and the gradients autograd gives.

Runs in the sandboxed child beside the user's code: it imports nothing beyond the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bnquiz.drills.runner import Kit


@dataclass(frozen=True)
class Given:
    """One call's tensors on the scenario's device (weight and bias None where the call has
    none), requiring gradients when the call has a backward pass, and its arguments."""

    x: Any
    weight: Any
    bias: Any
    training: bool
    momentum: float
    eps: float
    backward: bool

    @property
    def leaves(self) -> tuple[Any, Any, Any]:
        return self.x, self.weight, self.bias


def tensors(
    kit: Kit, scenario: dict[str, Any], index: int, inputs: dict[str, Any], state: dict[str, Any]
) -> Given:
    """The call's tensors; at the first call also the running statistics, into `state`."""
    args, device = scenario["steps"][index]["args"], scenario["device"]
    grad = args["backward"]
    if index == 0:
        state["running_mean"] = kit.tensor(inputs["running_mean"], device)
        state["running_var"] = kit.tensor(inputs["running_var"], device)

    def leaf(name: str) -> Any:
        return kit.tensor(inputs[name], device, grad) if name in inputs else None

    return Given(
        leaf("x"), leaf("weight"), leaf("bias"), args["training"], args["momentum"], args["eps"], grad
    )


def outputs(
    kit: Kit, returned: tuple[Any, Any, Any], labels: tuple[str, str, str], given: tuple[Any, Any, Any]
) -> dict[str, Any]:
    """What a call reports: its result and running statistics (`returned`, called `labels` when
    one is not an array), then the inputs `given` (x, weight, bias) as the call left them."""
    x, weight, bias = given
    found = {
        "y": kit.array(returned[0], labels[0]),
        "running_mean": kit.array(returned[1], labels[1]),
        "running_var": kit.array(returned[2], labels[2]),
        "x_after": kit.array(x),
    }
    if weight is not None:
        found.update(weight_after=kit.array(weight), bias_after=kit.array(bias))
    return found


def finish(
    kit: Kit, y: Any, found: dict[str, Any], inputs: dict[str, Any], given: Given
) -> tuple[dict[str, Any], dict[str, str]]:
    """The outputs with autograd's gradients for a call with a backward pass, and where y is."""
    if given.backward:
        found.update(
            kit.backward(y, inputs["dy"], dict(zip(("dx", "dweight", "dbias"), given.leaves, strict=True)))
        )
    return found, kit.where(y)
