"""The `fold` drill's reference, in float64 NumPy: the folded weight and bias (with knobs that
reproduce each catalogued mistake), the convolution the folded layer computes, and `predict`,
which the judge calls for every case under every mistake."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bnquiz.drills.spec import Arrays, Edition, Knobs, Prediction, Scenario

if TYPE_CHECKING:
    from bnquiz.drills.results import Outputs

CANNOT_RUN = "the folded weight does not fit the layer"  # what a misshapen fold's layer raises


def fold(
    weight: Any, bias: Any, gamma: Any, beta: Any, mean: Any, var: Any, eps: float, knobs: Knobs
) -> tuple[Any, Any] | None:
    """The folded weight and bias, float64; a knob reproduces one mistake."""
    import numpy as np

    std = {"": np.sqrt(var + eps), "missing": np.sqrt(var), "variance": var + eps}[
        str(knobs.get("fold.eps", ""))
    ]
    scale = gamma / std
    if knobs.get("fold.axis") == "input":
        if weight.shape[1] not in (1, weight.shape[0]):
            return None  # a (C_out,) scale does not broadcast along these input channels: it raises
        new_weight = weight * scale.reshape(1, -1, *[1] * (weight.ndim - 2))  # depthwise: it grows
    else:
        new_weight = weight * scale.reshape(-1, *[1] * (weight.ndim - 1))
    own = np.zeros_like(gamma) if bias is None or knobs.get("fold.bias") == "dropped" else bias
    mean = np.zeros_like(mean) if knobs.get("fold.mean") == "ignored" else mean
    if knobs.get("fold.bias") == "unscaled":
        new_bias = own - mean * scale + beta
    else:
        new_bias = (own - mean) * scale + (0 if knobs.get("fold.beta") == "dropped" else beta)
    return new_weight, new_bias


def conv2d(x: Any, weight: Any, bias: Any, groups: int) -> Any:
    """A 3×3 (or k×k) convolution with padding k // 2, stride 1, in float64 NumPy."""
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    k = weight.shape[-1]
    padded = np.pad(x, ((0, 0), (0, 0), (k // 2, k // 2), (k // 2, k // 2)))
    windows = sliding_window_view(padded, (k, k), axis=(2, 3))  # N, C, H, W, k, k
    per_in, per_out = weight.shape[1], weight.shape[0] // groups
    parts = [
        np.einsum(
            "nchwij,ocij->nohw",
            windows[:, g * per_in : (g + 1) * per_in],
            weight[g * per_out : (g + 1) * per_out],
        )
        for g in range(groups)
    ]
    return np.concatenate(parts, axis=1) + bias.reshape(1, -1, 1, 1)


GIVEN = ("weight", "bn_weight", "bn_bias", "running_mean", "running_var")


def predict(
    scenario: Scenario,
    index: int,
    calls: list[Arrays],
    previous: Outputs | None,
    knobs: Knobs,
    edition: Edition,
    names: tuple[str, ...],
) -> Prediction | None:
    """The fold (and the folded layer's output on `x`) under the knobs; None where a mistake
    could not run at all (scaling a non-square weight along its input channels)."""
    import numpy as np

    a = {name: value for name, (value, _dtype) in calls[index].items()}
    folded = fold(
        a["weight"],
        a.get("bias"),
        a["bn_weight"],
        a["bn_bias"],
        a["running_mean"],
        a["running_var"],
        scenario.params["eps"],
        knobs,
    )
    if folded is None:
        return None
    weight, bias = folded
    found: Prediction = {"weight": weight, "bias": bias, **{f"{name}_after": a[name] for name in GIVEN}}
    if weight.shape != a["weight"].shape:  # the layer cannot run: its output is the error it raises
        found["y"] = {"error": {"type": "RuntimeError", "message": CANNOT_RUN, "frames": []}}  # type: ignore[assignment]
        return {name: found[name] for name in names if name in found}
    if scenario.params["layer"] == "conv":
        y = conv2d(a["x"], weight, bias, scenario.params["groups"])
    else:
        y = a["x"] @ weight.T + bias
    found["y"] = y
    return {name: np.asarray(found[name]) for name in names if name in found}
