"""What the per-sample norm drills (layernorm, groupnorm, rmsnorm) share: a spec declares its
kind and battery in a `SampleNorm`, whose methods are its drill's scenarios, inputs,
quantities, reference, mistakes (`normmistakes`) and note; `normcall` is their child-side caller.

These norms keep no running statistics: every call is one forward (and its autograd backward)
judged on its own, so a battery has no state and the report no running-statistics column.
Cheap to import: NumPy and the numerics (`normalizing`) load only when a battery is built or
judged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bnquiz.drills.spec import Arrays, Edition, Knobs, Mistake, Prediction, Quantity, Scenario, Step
from bnquiz.drills.specs.normmistakes import FINFO_EPS, mistakes
from bnquiz.drills.specs.quantities import GRAD_TOLERANCE, TOLERANCE
from bnquiz.language import _

if TYPE_CHECKING:
    from bnquiz.drills.results import Outputs, StepResult
    from bnquiz.drills.specs.normalizing import Call

_SHORT = {"float64": "f64", "float32": "f32", "float16": "f16"}
# a float64 output further than this from the reference was computed in a lower precision
FLOAT64_PRECISION = 1e-12
FLOAT32_PRECISION = 1e-6  # … and one within this was computed in float32
# normwise; float64 at float32's margin: code that computes float64 input in float32 is named by
# the precision probe alone, not by every gradient (correct float64 code is right to 1e-15)
GRADIENTS = {**GRAD_TOLERANCE, "float64": 1e-6}


def case(
    id: str,
    shape: tuple[int, ...],
    size: int,
    *,
    eps: float | None = 1e-5,
    grad: bool = False,
    affine: str = "both",
    dtype: str = "float64",
    device: str = "cpu",
    mean: float = 3.0,
    std: float = 2.0,
    flat: str = "",
    option: str = "",
    info: bool = False,
    probe: str = "",
) -> Scenario:
    """One call: `size` is len(normalized_shape) or num_groups; `affine` "both", "weight" or
    "none"; `flat` "constant" (a group with no spread) or "zero" (a group of zeros)."""
    args = {"size": size, "eps": eps, "backward": grad, "affine": affine}
    params = {"mean": mean, "std": std, "flat": flat, "affine": affine}
    return Scenario(id, shape, (Step("forward", args),), dtype, device, params, "", probe, info, option)


def precision_probe(shape: tuple[int, ...], size: int) -> Scenario:
    """Float64 input at |mean|/std = 10⁴: computed in float64 the output is right to 1e-9;
    computed in float32 x itself loses 1e-4 of its spread."""
    return case("probe-float64", shape, size, mean=100.0, std=0.01, probe="float64-in-float32")


@dataclass(frozen=True)
class SampleNorm:
    """A per-sample norm spec's battery and judging: `Drill(..., **norm.callables())`."""

    kind: str  # "layer", "group" or "rms"
    cases: Callable[[tuple[str, ...]], list[Scenario]]
    tolerance: dict[str, float] | None = None  # per dtype, where the usual ones do not fit
    grad_tolerance: dict[str, float] | None = None

    def callables(self) -> dict[str, Any]:
        return {
            "scenarios": self.scenarios,
            "inputs": self.inputs,
            "quantities": self.quantities,
            "predict": self.predict,
            "mistakes": self.mistakes,
            "note": self.note,
        }

    def scenarios(self, devices: tuple[str, ...], edition: Edition) -> list[Scenario]:
        found = []
        for index, s in enumerate(self.cases(devices)):
            steps = tuple(replace(step, args={**step.args, "kind": self.kind}) for step in s.steps)
            s = replace(s, steps=steps, params={**s.params, "seed": 2000 + index})
            found.append(replace(s, about=self._about(s)))
        return found

    def _about(self, s: Scenario) -> str:
        """ "(3, 4, 5) normalized_shape=(4, 5) f64 eps=0.5 + backward"."""
        args = s.steps[0].args
        size = args["size"]
        parts = [str(s.shape)]
        if self.kind == "group":
            parts.append(f"G={size}")
        else:
            parts.append(f"normalized_shape={s.shape[len(s.shape) - size :]}")
        parts.append(_SHORT[s.dtype])
        if s.device != "cpu":
            parts.append(s.device)
        if args["eps"] != 1e-5:
            parts.append("eps=None" if args["eps"] is None else f"eps={args['eps']:g}")
        if s.params["std"] < 0.01 or s.probe:
            parts.append(f"std={s.params['std']:g}")
        if s.probe:
            parts.append(f"mean={s.params['mean']:g}")
        if s.params["flat"]:
            parts.append(
                _("one statistic over equal values")
                if s.params["flat"] == "constant"
                else _("one statistic over zeros")
            )
        parts += {"none": ["weight=None"], "weight": ["bias=None"]}.get(args["affine"], [])
        if self.kind != "rms" and args["affine"] == "none":
            parts[-1] = "weight=bias=None"
        if args["backward"]:
            parts.append(_("+ backward"))
        return " ".join(parts)

    def inputs(self, s: Scenario, edition: Edition | None = None) -> list[Arrays]:
        """The call's arrays, drawn in float64 from the scenario's seed and rounded through the
        dtype the submission receives."""
        import numpy as np

        rng = np.random.default_rng(s.params["seed"])
        args, dtype = s.steps[0].args, s.dtype
        x = s.params["mean"] + s.params["std"] * rng.standard_normal(s.shape)
        flat = s.params["flat"]
        if flat:  # the first sample's first group (or row) without any spread
            if self.kind == "group":
                per = s.shape[1] // args["size"]
                x[0, :per] = 0.0 if flat == "zero" else s.params["mean"] + 0.5
            else:
                x[0] = 0.0 if flat == "zero" else s.params["mean"] + 0.5
        shape = (s.shape[1],) if self.kind == "group" else s.shape[len(s.shape) - args["size"] :]
        arrays = {"x": x}
        if args["affine"] in ("both", "weight"):
            arrays["weight"] = rng.uniform(0.5, 2.0, shape)
        if args["affine"] == "both" and self.kind != "rms":
            arrays["bias"] = rng.uniform(-1.0, 1.0, shape)
        if args["backward"]:
            arrays["dy"] = rng.standard_normal(s.shape)
        return [{name: (value.astype(dtype).astype(np.float64), dtype) for name, value in arrays.items()}]

    def tolerances(self, dtype: str) -> tuple[float, float]:
        return (self.tolerance or TOLERANCE)[dtype], (self.grad_tolerance or GRADIENTS)[dtype]

    def quantities(self, s: Scenario, index: int, present: frozenset[str]) -> list[Quantity]:
        """The output and the inputs as the call left them; with a backward, the gradients."""
        tol, grad_tol = self.tolerances(s.dtype)
        given = ["x", *(["weight"] if s.params["affine"] != "none" else [])]
        given += ["bias"] if s.params["affine"] == "both" and self.kind != "rms" else []
        found = [Quantity("y", "output", "forward", "y", "close", tol)]
        found += [Quantity(f"{name}_after", "input", "input", name, "same") for name in given]
        if s.steps[0].args["backward"]:
            found += [
                Quantity("d" + name, "grads", "backward", f"{name}.grad", "norm", grad_tol) for name in given
            ]
        return found

    def call_of(self, s: Scenario, calls: list[Arrays]) -> Call:
        """The call in float64, eps=None read as the dtype's machine epsilon."""
        from bnquiz.drills.specs.normalizing import Call

        arrays = {name: value for name, (value, _) in calls[0].items()}
        eps = s.steps[0].args["eps"]
        return Call(
            self.kind,
            arrays["x"],
            s.steps[0].args["size"],
            arrays.get("weight"),
            arrays.get("bias"),
            FINFO_EPS[s.dtype] if eps is None else eps,
            arrays.get("dy"),
            eps_none=eps is None,
        )

    def predict(
        self,
        s: Scenario,
        index: int,
        calls: list[Arrays],
        previous: Outputs | None,
        knobs: Knobs,
        edition: Edition,
        names: tuple[str, ...],
    ) -> Prediction | None:
        """The reference under the knobs (None: such code would have raised here)."""
        from bnquiz.drills.specs.normalizing import forward, gradients

        call = self.call_of(s, calls)
        fwd = forward(call, knobs)
        if fwd is None:
            return None
        out: Prediction = {"y": fwd.y}
        out.update(
            {f"{name}_after": calls[0][name][0] for name in ("x", "weight", "bias") if name in calls[0]}
        )
        if s.steps[0].args["backward"]:
            out.update(gradients(call, fwd, knobs))
        return out

    def mistakes(self, edition: Edition) -> tuple[Mistake, ...]:
        return mistakes(self.kind)

    def note(self, s: Scenario, result: StepResult | None) -> str:
        """The precision a float64 call lost (reported, never failed: computing in float32 and
        casting back is right for float32 and half input)."""
        import numpy as np

        if result is None or result["status"] != "ok":
            return ""
        y = result["outputs"].get("y")
        expected = self.predict(s, 0, self.inputs(s), None, {}, Edition("", "", (), "", ""), ("y",))
        if not isinstance(y, np.ndarray) or expected is None or y.shape != expected["y"].shape:
            return ""
        error = float(np.max(np.abs(y.astype(np.float64) - expected["y"]) / (1 + np.abs(expected["y"]))))
        if not FLOAT64_PRECISION < error <= FLOAT32_PRECISION:  # (beyond it: a finding's, not a note's)
            return ""
        said = _(
            "Your result on float64 input is {error:.0e} from the exact one, where computing in "
            "float64 gives about 1e-16: your code computes in a lower precision. That is right for "
            "float32 and half input (LLaMA's RMSNorm computes in float32 and casts back), but "
            "F.rms_norm keeps float64 input in float64."
        )
        return said.format(error=error)


def form_for(function: str) -> Callable[[Any], str | None]:
    """The calling form of a drill whose one function is `function`."""

    def form(signatures: Any) -> str | None:
        return "plain" if function in signatures else None

    return form
