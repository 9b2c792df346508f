"""The `fold` drill's reference, in float64 NumPy: the folded weight and bias (with knobs that
reproduce each catalogued mistake), the convolution the folded layer computes, and `predict`,
which the judge calls for every case under every mistake."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bnquiz.drills.spec import Arrays, Edition, Knobs, Prediction, Scenario

if TYPE_CHECKING:
    from bnquiz.drills.results import Outputs

# what a layer whose weight does not fit its input raises (as PyTorch words it)
CANNOT_RUN = "the weight does not fit: expected input[N, C, H, W] to have 1 channels"
LAYOUT = ("stride", "padding", "dilation", "groups")  # a convolution's attributes a rebuild may lose
DEFAULTS = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1}  # nn.Conv2d's


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
    if knobs.get("fold.bias") == "none" and bias is None:  # a copy of a layer that had no bias
        return new_weight, np.zeros_like(gamma)
    if knobs.get("fold.bias") == "unscaled":
        new_bias = own - mean * scale + beta
    else:
        new_bias = (own - mean) * scale + (0 if knobs.get("fold.beta") == "dropped" else beta)
    return new_weight, new_bias


def conv2d(x: Any, weight: Any, bias: Any, layer: Mapping[str, int]) -> Any:
    """A convolution with the layer's stride, padding, dilation and groups, in float64 NumPy;
    None where PyTorch's would raise (a weight that does not fit the input's channels)."""
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    groups, stride, pad, dilation = (layer[key] for key in ("groups", "stride", "padding", "dilation"))
    per_in, per_out = weight.shape[1], weight.shape[0] // groups
    k = weight.shape[-1]
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    span = dilation * (k - 1) + 1
    if per_in * groups != x.shape[1] or span > min(padded.shape[2:]):
        return None
    windows = sliding_window_view(padded, (span, span), axis=(2, 3))[..., ::dilation, ::dilation]
    windows = windows[:, :, ::stride, ::stride]  # N, C, H_out, W_out, k, k
    parts = [
        np.einsum(
            "nchwij,ocij->nohw",
            windows[:, g * per_in : (g + 1) * per_in],
            weight[g * per_out : (g + 1) * per_out],
        )
        for g in range(groups)
    ]
    return np.concatenate(parts, axis=1) + bias.reshape(1, -1, 1, 1)


def rebuilt(layer: Mapping[str, int], knobs: Knobs) -> dict[str, int]:
    """The layer's attributes as a fused layer rebuilt with the knobs has them: one left at
    nn.Conv2d's default when the rebuild lost it."""
    lost = knobs.get("fold.lost")
    return {key: DEFAULTS[key] if key == lost else int(value) for key, value in layer.items()}


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
    p = scenario.params
    if knobs.get("fold.bias_in") not in (None, p["layer"]):
        knobs = {k: v for k, v in knobs.items() if k != "fold.bias"}  # the mistake is in the other function
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
    if (
        knobs.get("fold.copy") == "broadcast" and knobs.get("fold.lost") == "groups" and p["groups"] > 1
    ):  # copied into a groups=1 layer
        if weight.shape[1] != 1:
            return None  # copy_ raises: the sizes cannot broadcast
        weight = np.broadcast_to(weight, (weight.shape[0], p["groups"], *weight.shape[2:]))
    found: Prediction = {"weight": weight, "bias": bias, **{f"{name}_after": a[name] for name in GIVEN}}
    layer = rebuilt({key: p[key] for key in LAYOUT}, knobs) if p["layer"] == "conv" else {}
    if layer:
        found["layout"] = np.array([layer[key] == p[key] for key in LAYOUT])
    y = conv2d(a["x"], weight, bias, layer) if layer else a["x"] @ weight.T + bias
    if y is None:  # the layer cannot run: its output is the error it raises
        found["y"] = {"error": {"type": "RuntimeError", "message": CANNOT_RUN, "frames": []}}  # type: ignore[assignment]
        return {name: found[name] for name in names if name in found}
    found["y"] = y
    return {name: np.asarray(found[name]) for name in names if name in found}
