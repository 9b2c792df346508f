"""What each call of a batch-norm battery is judged on, and the tolerances it is judged with."""

from __future__ import annotations

from bnquiz.drills.spec import Quantity, Scenario
from bnquiz.drills.specs.contract import Names

# |got − expected| ≤ tol + tol·|expected|; float32 holds for correct code at |mean|/std ≤ 30
TOLERANCE = {"float64": 1e-6, "float32": 1e-4, "float16": 1e-2}
PROBE_TOLERANCE = 5e-3  # float32 at |mean|/std = 1000: correct ≤ 9e-4, naive ≥ 4e-2
GRAD_TOLERANCE = {"float64": 1e-8, "float32": 1e-4, "float16": 5e-2}  # normwise relative


def quantities(s: Scenario, index: int, names: Names, alt: str = "") -> list[Quantity]:
    """What one call is judged on. `alt`: the label of a second backward to grade ("" if none)."""
    step = s.steps[index]
    tol = PROBE_TOLERANCE if s.probe else TOLERANCE[s.dtype]
    training = step.args["training"]
    mode = "train" if training else "eval"
    stats_path = "running" if training else "eval"
    found = [
        Quantity("y", "output", mode, names.y, "close", tol),
        Quantity("running_mean", "running", stats_path, names.running_mean, "close", tol),
        Quantity("running_var", "running", stats_path, names.running_var, "close", tol),
        Quantity("x_after", "input", "input", names.x, "same"),
    ]
    affine = s.params["affine"]
    if affine:
        found += [
            Quantity("weight_after", "input", "input", names.weight, "same"),
            Quantity("bias_after", "input", "input", names.bias, "same"),
        ]
    if step.args["backward"]:
        found += _gradients(s, names, affine, alt)
    return found


def _gradients(s: Scenario, names: Names, affine: bool, alt: str) -> list[Quantity]:
    """The gradients of a call with a backward pass, and those of the second backward, if any."""
    grad_tol = GRAD_TOLERANCE[s.dtype]
    grads = [("dx", names.dx)] + ([("dweight", names.dweight), ("dbias", names.dbias)] if affine else [])
    found = [Quantity(key, "grads", "backward", label, "norm", grad_tol) for key, label in grads]
    if alt:
        found += [
            Quantity("alt_" + key, "grads-alt", "backward-alt", f"{label} ({alt})", "norm", grad_tol)
            for key, label in grads
        ]
    return found
