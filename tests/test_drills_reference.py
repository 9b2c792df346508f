"""The float64 reference is PyTorch; every knob's gradient is the derivative of its forward; every
catalogued mistake is separated from right by at least 100× the tolerance somewhere in the battery."""

from __future__ import annotations

import numpy as np
import pytest
from drill_fakes import Battery
from hypothesis import given, settings
from hypothesis import strategies as st

from bnquiz.drills import batchnorm, specs
from bnquiz.drills.specs.contract import Convention

torch = pytest.importorskip("torch")
F = torch.nn.functional
PYTORCH = Convention(momentum_weights_new=True, running_var_unbiased=True, layout="squeezed", in_place=True)


def _call(rng, shape, training, eps=0.5, affine=True):
    channels = shape[1]
    return batchnorm.Call(
        3 + 2 * rng.standard_normal(shape),
        rng.uniform(0.5, 2, channels) if affine else None,
        rng.uniform(-1, 1, channels) if affine else None,
        rng.uniform(-1, 1, channels),
        rng.uniform(0.5, 2, channels),
        training,
        0.3,
        eps,
        rng.standard_normal(shape),
    )


@settings(max_examples=40, deadline=None)
@given(
    shape=st.lists(st.integers(2, 5), min_size=2, max_size=5).map(tuple),
    training=st.booleans(),
    eps=st.sampled_from([1e-5, 1e-3, 0.5]),
    momentum=st.sampled_from([0.1, 0.3, 0.9]),
    seed=st.integers(0, 2**16),
)
def test_reference_matches_torch_functional_batch_norm(shape, training, eps, momentum, seed):
    rng = np.random.default_rng(seed)
    call = _call(rng, shape, training, eps)
    call = batchnorm.Call(**{**call.__dict__, "momentum": momentum})
    fwd = batchnorm.forward(call, {}, "train" if training else "eval")
    grads = batchnorm.gradients(call, fwd, {}, "backward")
    formula = batchnorm.gradients(call, fwd, {"backward.mode": "formula"}, "backward")
    xt, wt, bt = (torch.tensor(v, requires_grad=True) for v in (call.x, call.weight, call.bias))
    rmt, rvt = torch.tensor(call.running_mean), torch.tensor(call.running_var)
    y = F.batch_norm(xt, rmt, rvt, wt, bt, training, momentum, eps)
    y.backward(torch.tensor(call.dy))
    running = (
        batchnorm.running(call, PYTORCH, {})
        if training
        else {"running_mean": call.running_mean, "running_var": call.running_var}
    )
    for expected, got in [
        (fwd.y, y),
        (running["running_mean"], rmt),
        (running["running_var"], rvt),
        (grads["dx"], xt.grad),
        (formula["dx"], xt.grad),
        (grads["dweight"], wt.grad),
        (grads["dbias"], bt.grad),
    ]:
        np.testing.assert_allclose(got.detach().numpy(), expected, rtol=1e-9, atol=1e-9)


def _numeric_vjp(call, knobs, path, name):
    """Σ dy·∂y/∂(name) by central differences of the reference's own forward."""
    base = getattr(call, name)
    out = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        total = []
        for step in (1e-6, -1e-6):
            moved = base.copy()
            moved[index] += step
            y = batchnorm.forward(batchnorm.Call(**{**call.__dict__, name: moved}), knobs, path).y
            total.append(float((y * call.dy).sum()))
        out[index] = (total[0] - total[1]) / 2e-6
    return out


FORWARD_VARIANTS = [("correct", "train", ()), ("correct", "eval", ())] + [
    (m.id, m.path, m.knobs)
    for m in batchnorm.forward_mistakes("train", (2, 4)) + batchnorm.forward_mistakes("eval", (2, 4))
]


@pytest.mark.parametrize(
    ("mistake", "path", "knobs"), FORWARD_VARIANTS, ids=[f"{m}-{p}-{k}" for m, p, k in FORWARD_VARIANTS]
)
def test_every_forward_variant_has_its_exact_gradient(mistake, path, knobs):
    """What an autograd submission's backward is: the derivative of its own (wrong) forward."""
    rng = np.random.default_rng(7)
    for shape in [(4, 5), (2, 3, 4, 3)]:
        call = _call(rng, shape, path == "train")
        fwd = batchnorm.forward(call, dict(knobs), path)
        if fwd is None:
            continue
        grads = batchnorm.gradients(call, fwd, dict(knobs), "backward")
        if grads is None:
            assert mistake == "stats-not-reshaped"  # the variance taken around a misplaced mean: not modelled
            continue
        for name, key in (("x", "dx"), ("weight", "dweight"), ("bias", "dbias")):
            numeric = _numeric_vjp(call, dict(knobs), path, name)
            error = np.linalg.norm(numeric - grads[key]) / max(np.linalg.norm(numeric), 1e-12)
            assert error < 1e-6, (mistake, knobs, shape, key, error)


def _deviation(q, expected, got) -> float:
    """How many tolerances apart, by the quantity's own rule."""
    if expected is None or got is None or np.shape(expected) != np.shape(got):
        return np.inf
    if q.rule == "norm":
        return np.linalg.norm(got - expected) / max(np.linalg.norm(expected), 1e-12) / q.tolerance
    if q.rule == "flag":  # a fact: right or wrong, no margin
        return 0.0 if np.array_equal(got, expected) else np.inf
    with np.errstate(invalid="ignore"):
        same = (np.isnan(expected) & np.isnan(got)) | (expected == got)
        ratio = np.where(
            same, 0, np.abs(got - expected) / (q.tolerance * (1 + np.abs(np.nan_to_num(expected))))
        )
    return float(np.nan_to_num(ratio, nan=np.inf).max())


@pytest.mark.slow
@pytest.mark.parametrize("name", specs.BUILT_IN)
def test_every_mistake_is_separated_by_100_tolerances_somewhere(name):
    """No mistake can hide inside the tolerance: each one's best case is ≥ 100× away."""
    battery = Battery(name)
    for mistake in battery.drill.mistakes(battery.edition):
        knobs = dict(mistake.knobs)
        if battery.raises(knobs):
            continue
        best = 0.0
        for scenario, calls in zip(battery.scenarios, battery.inputs, strict=True):
            if scenario.info or scenario.probe:
                continue
            previous = None
            for index in range(len(scenario.steps)):
                quantities = battery.drill.quantities(scenario, index, battery.present)
                names = tuple(q.name for q in quantities)
                wrong = battery.drill.predict(scenario, index, calls, previous, knobs, battery.edition, names)
                right = battery.drill.predict(scenario, index, calls, previous, {}, battery.edition, names)
                best = max([best] + [_deviation(q, right.get(q.name), wrong.get(q.name)) for q in quantities])
                previous = wrong
        assert best >= 100, (mistake, best)


def test_the_float32_probe_separates_the_naive_variance():
    """At |mean|/std = 1000 in float32 the one-pass E[x²] − E[x]² is far outside the probe's
    tolerance while the two-pass variance is well inside it."""
    battery = Battery("forward")
    probe = next(s for s in battery.scenarios if s.probe)
    x = battery.inputs[battery.scenarios.index(probe)][0]["x"][0].astype(np.float32)
    dims = (0, 2, 3)
    exact = batchnorm.forward(
        batchnorm.Call(x.astype(np.float64), None, None, np.zeros(4), np.ones(4), True, 0.1, 1e-5),
        {},
        "train",
    ).y
    mean = x.mean(dims, keepdims=True)
    two_pass = (x - mean) / np.sqrt(((x - mean) ** 2).mean(dims, keepdims=True) + np.float32(1e-5))
    naive = (x - mean) / np.sqrt(
        np.maximum((x * x).mean(dims, keepdims=True) - mean * mean, 0) + np.float32(1e-5)
    )
    tolerance = 5e-3
    assert np.abs(two_pass - exact).max() < tolerance / 5
    assert np.abs(naive - exact).max() > tolerance * 5
