"""In the child: the `autograd` drill's caller. BatchNormFunction.apply, then autograd runs the
user's backward for an upstream gradient (watched for calls into autograd), or gradcheck.

Runs in the sandboxed child beside the user's code: it imports nothing but the standard library
and bnquiz's own pure-Python parts (NumPy and torch come through the kit).
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
) -> tuple[dict[str, Any], dict[str, str]]:
    """In the child: BatchNormFunction.apply, then autograd runs the user's backward for an
    upstream gradient dy (watching it for calls into autograd); or gradcheck, in float64."""
    torch, step = kit.torch, scenario["steps"][index]
    function, eps, device = module.BatchNormFunction, step["args"]["eps"], scenario["device"]
    calls = _watch(torch, function)
    x, weight, bias = (kit.tensor(inputs[name], device, grad=True) for name in ("x", "weight", "bias"))
    if step["kind"] == "gradcheck":
        try:
            # clones: a forward that writes into its input must not skew the finite differences
            # (that is the inputs' finding, not the backward's)
            passed = torch.autograd.gradcheck(
                lambda *args: function.apply(*(a.clone() for a in args), eps),
                (x, weight, bias),
                raise_exception=False,
            )
            return {"gradcheck": kit.np.array([bool(passed)])}, {}
        except Exception as exc:
            return {"gradcheck": kit.failure(exc)}, {}
    y = function.apply(x, weight, bias, eps)
    outputs: dict[str, Any] = {"y": kit.array(y, N_("BatchNormFunction.apply's result"))}
    outputs.update(x_after=kit.array(x), weight_after=kit.array(weight), bias_after=kit.array(bias))
    outputs.update(kit.backward(y, inputs["dy"], {"dx": x, "dweight": weight, "dbias": bias}))
    outputs["autograd"] = kit.np.array([bool(calls)])
    return outputs, kit.where(y)


def _watch(torch: Any, function: Any) -> list[str]:
    """Wrap the class's backward (once per run) so that every call into autograd made inside it
    is recorded; the record starts empty at each step."""
    calls: list[str] = function.__dict__.get("_bnquiz_calls", [])
    calls.clear()
    if "_bnquiz_calls" in function.__dict__ or "backward" not in function.__dict__:
        return calls  # watched already, or no backward of its own (autograd.Function's raises)
    user = function.backward

    def watched(ctx: Any, *grads: Any) -> Any:
        saved = torch.autograd.grad, torch.autograd.backward

        def spy(real: Any, name: str) -> Any:
            def called(*args: Any, **kwargs: Any) -> Any:
                calls.append(name)
                return real(*args, **kwargs)

            return called

        torch.autograd.grad, torch.autograd.backward = spy(saved[0], "grad"), spy(saved[1], "backward")
        try:
            return user(ctx, *grads)
        finally:
            torch.autograd.grad, torch.autograd.backward = saved

    function.backward = staticmethod(watched)
    function._bnquiz_calls = calls
    return calls
