"""The battery: deterministic inputs that make every catalogued mistake visible.

Each case fixes a shape, dtype, device and mode; `make_inputs` draws its arrays from a seeded
generator in float64 and rounds them to the case's dtype, so the reference sees exactly what the
submission receives. Random γ and β, non-zero means and non-trivial running statistics
everywhere (research/bn-semantics.md §6–8): typical inputs hide most mistakes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bnquiz.drills.reference import Inputs

# |a − b| ≤ tol + tol·|b|; float32 holds for correct code at |mean|/std ≤ 30 (bn-semantics §7)
TOLERANCE = {"float64": 1e-6, "float32": 1e-4, "float16": 1e-2}
PROBE_TOLERANCE = 5e-3  # float32 at |mean|/std = 1000: correct ≤ 9e-4, naive ≥ 4e-2
GRAD_TOLERANCE = {"float64": 1e-8, "float32": 1e-4, "float16": 5e-2}  # normwise relative


@dataclass(frozen=True)
class Case:
    id: str
    shape: tuple[int, ...]
    training: bool = True
    dtype: str = "float64"
    device: str = "cpu"
    momentum: float = 0.1
    eps: float = 1e-5
    affine: bool = True
    grad: bool = False
    mean: float = 3.0
    std: float = 2.0
    constant_channel: bool = False
    probe: bool = False  # the float32 stability probe: judged only for the naive variance
    info: bool = False  # reported, never failed (a batch of one value per channel)
    seed: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def tolerance(self) -> float:
        return PROBE_TOLERANCE if self.probe else TOLERANCE[self.dtype]

    @property
    def grad_tolerance(self) -> float:
        return GRAD_TOLERANCE[self.dtype]

    def describe(self) -> str:
        """Short enough for a table column: "(3, 4, 5, 6) train f32 eps=0.5"."""
        parts = [
            str(self.shape),
            "train" if self.training else "eval",
            "f" + self.dtype.removeprefix("float"),
        ]
        if self.device != "cpu":
            parts.append(self.device)
        if self.eps != 1e-5:
            parts.append(f"eps={self.eps:g}")
        if self.std < 0.01:
            parts.append(f"std={self.std:g}")
        if self.probe:
            parts.append(f"mean/std={self.mean / self.std:g}")
        if self.constant_channel:
            parts.append("a constant channel")
        if self.momentum not in (0.1, 0.9):
            parts.append(f"momentum={self.momentum:g}")
        if self.grad:
            parts.append("+ backward")
        if not self.affine:
            parts.append("weight=bias=None")
        return " ".join([*parts, *self.notes])


def battery(drill: str, momentum: float, devices: tuple[str, ...]) -> list[Case]:
    """The default battery of a drill; `momentum` is the drill's usual value."""
    m = momentum
    if drill == "cs231n":
        cases = [
            Case("train-2d", (8, 5), momentum=m),
            Case("train-large-eps", (6, 5), momentum=m, eps=0.5),
            Case("train-tiny-variance", (6, 5), momentum=m, std=1e-3),
            Case("train-momentum", (7, 4), momentum=0.5),
            Case("train-constant-column", (6, 5), momentum=m, constant_channel=True),
            Case("eval-2d", (8, 5), training=False, momentum=m),
            Case("grad-2d", (6, 4), momentum=m, grad=True),
            Case("grad-tall", (20, 3), momentum=m, grad=True, mean=-4.0, std=3.0),
            Case("probe-float32", (256, 16), momentum=m, dtype="float32", mean=1000.0, std=1.0, probe=True),
        ]
        return [replace_seed(c, i) for i, c in enumerate(cases)]
    four_d = (3, 4, 5, 6)  # every dimension distinct
    cases = [
        Case("train-2d", (4, 5), momentum=m),
        Case("train-large-eps", (6, 5), momentum=m, eps=0.5),
        Case("train-tiny-variance", (6, 5), momentum=m, std=1e-3),
        Case("train-4d", four_d, momentum=m),
        Case("train-4d-w-equals-c", (2, 3, 4, 3), momentum=m),
        Case("train-4d-momentum", four_d, momentum=0.3 if drill == "forward" else 0.5),
        Case("train-4d-constant-channel", four_d, momentum=m, constant_channel=True),
        Case("eval-2d", (4, 5), training=False, momentum=m),
        Case("eval-4d", four_d, training=False, momentum=m),
        Case("grad-2d", (5, 4), momentum=m, grad=True),
        Case("grad-4d", four_d, momentum=m, grad=True),
        Case("grad-eval-4d", four_d, training=False, momentum=m, grad=True),
        Case("train-4d-float32", four_d, momentum=m, dtype="float32", mean=10.0),
        Case("probe-float32", (16, 4, 8, 8), momentum=m, dtype="float32", mean=1000.0, std=1.0, probe=True),
    ]
    if drill == "d2l":  # prediction mode runs under torch.no_grad(): nothing to differentiate
        cases = [c for c in cases if not (c.grad and not c.training)]
    if drill == "forward":
        cases[4:4] = [
            Case("train-3d", (4, 3, 7), momentum=m),
            Case("train-5d", (2, 3, 2, 3, 4), momentum=m),
            Case("train-3d-no-affine", (4, 3, 5), momentum=m, affine=False),
            Case("eval-3d", (4, 3, 7), training=False, momentum=m),
        ]
        cases.append(Case("batch-of-one", (1, 5), momentum=m, info=True))
    if "cuda" in devices:
        cases += [
            Case("cuda-train-4d", four_d, momentum=m, dtype="float32", device="cuda"),
            Case("cuda-eval-4d", four_d, training=False, momentum=m, dtype="float32", device="cuda"),
            Case(
                "cuda-grad-4d",
                four_d,
                momentum=m,
                dtype="float32",
                device="cuda",
                grad=True,
                mean=1.0,
                std=1.0,
            ),
            Case(
                "cuda-train-4d-float16", four_d, momentum=m, dtype="float16", device="cuda", mean=1.0, std=1.0
            ),
            Case(
                "cuda-eval-4d-float16",
                four_d,
                training=False,
                momentum=m,
                dtype="float16",
                device="cuda",
                mean=1.0,
                std=1.0,
            ),
        ]
    return [replace_seed(c, i) for i, c in enumerate(cases)]


def replace_seed(case: Case, index: int) -> Case:
    from dataclasses import replace

    return replace(case, seed=1000 + index)


def make_inputs(case: Case) -> Inputs:
    """The case's arrays: in float64, rounded through the dtype the submission receives."""
    rng = np.random.default_rng(case.seed)
    channels = case.shape[1]
    x = case.mean + case.std * rng.standard_normal(case.shape)
    if case.constant_channel:
        x[:, 1] = case.mean + 0.5  # a dead ReLU map: zero variance, so ε alone keeps x̂ finite
    weight = rng.uniform(0.5, 2.0, channels)
    bias = rng.uniform(-1.0, 1.0, channels)
    running_mean = case.mean + rng.uniform(-1.0, 1.0, channels) * max(case.std, 1.0)
    running_var = case.std**2 * rng.uniform(0.5, 2.0, channels)
    dy = rng.standard_normal(case.shape) if case.grad else None
    x = _round(x, case.dtype)
    weight, bias, running_mean, running_var = (
        _round(v, params_dtype(case)) for v in (weight, bias, running_mean, running_var)
    )
    return Inputs(
        x=x,
        weight=weight if case.affine else None,
        bias=bias if case.affine else None,
        running_mean=running_mean,
        running_var=running_var,
        training=case.training,
        momentum=case.momentum,
        eps=case.eps,
        dy=None if dy is None else _round(dy, case.dtype),
    )


def _round(v: np.ndarray, dtype: str) -> np.ndarray:
    return v.astype(dtype).astype(np.float64)


def params_dtype(case: Case) -> str:
    """γ, β and the running statistics stay float32 under float16 input: the AMP layout."""
    return "float32" if case.dtype == "float16" else case.dtype
