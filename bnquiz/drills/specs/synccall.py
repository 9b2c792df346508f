"""In the child: the `syncbn` drill's caller, on every rank. The rank's shard of the call's
global batch goes to the user's sync_batch_norm with the group of the ranks taking part (None,
the default group, when all do); the running statistics are the rank's own buffers, carried
from call to call; autograd then runs the backward for the rank's upstream gradient.

Runs in the sandboxed child beside the user's code: standard library and bnquiz's pure-Python
parts only (NumPy, torch and the ranks come through the kit).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from bnquiz.language import N_

if TYPE_CHECKING:
    from bnquiz.drills.runner import Kit


def call(
    module: ModuleType,
    form: str,
    scenario: dict[str, Any],
    index: int,
    inputs: dict[str, Any],
    state: dict[str, Any],
    kit: Kit,
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """One call of the contract on this rank (None: the rank takes no part in this case)."""
    args, device = scenario["steps"][index]["args"], scenario["device"]
    members = tuple(range(args["ranks"]))
    group = kit.ranks.group(members)  # every rank makes every group, in the same order
    rank = kit.ranks.rank
    if rank not in members:
        return None, {}
    if index == 0:
        state["running_mean"] = kit.tensor(inputs["running_mean"], device)
        state["running_var"] = kit.tensor(inputs["running_var"], device)
    grad = args["backward"]
    x = kit.tensor(inputs[f"x@{rank}"], device, grad)
    weight = kit.tensor(inputs["weight"], device, grad) if "weight" in inputs else None
    bias = kit.tensor(inputs["bias"], device, grad) if "bias" in inputs else None
    rm, rv = state["running_mean"], state["running_var"]
    y = module.sync_batch_norm(
        x, rm, rv, weight, bias, args["training"], args["momentum"], args["eps"], group
    )
    outputs = {
        f"y@{rank}": kit.array(y, N_("sync_batch_norm's result")),
        f"running_mean@{rank}": kit.array(rm),
        f"running_var@{rank}": kit.array(rv),
        f"x_after@{rank}": kit.array(x),
        # the default group as the call left it (bnquiz makes it again for the next call)
        f"destroyed@{rank}": kit.np.array([not kit.torch.distributed.is_initialized()]),
    }
    if grad:
        leaves = {f"dx@{rank}": x, f"dweight@{rank}": weight, f"dbias@{rank}": bias}
        outputs.update(
            kit.backward(y, inputs[f"dy@{rank}"], {k: v for k, v in leaves.items() if v is not None})
        )
    return outputs, kit.where(y)
