"""The float64 reference is PyTorch, and every mistake knob really changes what it computes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bnquiz.drills.cases import battery, make_inputs
from bnquiz.drills.reference import COURSE, MISTAKES, PYTORCH, Inputs, forward

torch = pytest.importorskip("torch")
F = torch.nn.functional


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
    channels = shape[1]
    x = 3 + 2 * rng.standard_normal(shape)
    w, b = rng.uniform(0.5, 2, channels), rng.uniform(-1, 1, channels)
    rm, rv = rng.uniform(-1, 1, channels), rng.uniform(0.5, 2, channels)
    dy = rng.standard_normal(shape)
    ref = forward(Inputs(x, w, b, rm, rv, training, momentum, eps, dy), PYTORCH)
    xt, wt, bt = (torch.tensor(v, requires_grad=True) for v in (x, w, b))
    rmt, rvt = torch.tensor(rm), torch.tensor(rv)
    y = F.batch_norm(xt, rmt, rvt, wt, bt, training, momentum, eps)
    y.backward(torch.tensor(dy))
    (running,) = [r for r in ref["running"] if r["running_mean"].shape == (channels,)][:1]
    for expected, got in [
        (ref["y"], y),
        (running["running_mean"], rmt),
        (running["running_var"], rvt),
        (ref["dx"], xt.grad),
        (ref["dweight"], wt.grad),
        (ref["dbias"], bt.grad),
    ]:
        np.testing.assert_allclose(got.detach().numpy(), expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("drill", ["forward", "d2l", "cs231n"])
def test_every_mistake_shows_somewhere_in_the_battery(drill):
    """A mistake the battery cannot see could never be named."""
    conv = PYTORCH if drill == "forward" else COURSE
    cases = [c for c in battery(drill, 0.1 if drill == "forward" else 0.9, ("cpu",)) if not c.info]
    inputs = [make_inputs(c) for c in cases]
    correct = [forward(i, conv) for i in inputs]
    for name, knobs in MISTAKES.items():
        if drill == "cs231n" and name.startswith(("stats-not-reshaped", "channels-mixed", "axes-batch-only")):
            continue  # 2-D input: these mistakes cannot happen
        visible = False
        for inp, ref in zip(inputs, correct, strict=True):
            pred = forward(inp, conv, knobs)
            if pred is None:
                visible = True  # the shape would have raised: visible as an error
                continue
            differs = any(
                k in pred
                and k in ref
                and not np.allclose(pred[k], ref[k], rtol=1e-6, atol=1e-6, equal_nan=True)
                for k in ("y", "dx", "dweight", "dbias")
            )
            differs |= not any(_same_running(alt, ref["running"][0]) for alt in pred["running"])
            visible |= differs
        assert visible, name


def _close(a, b):
    return np.allclose(a, b, rtol=1e-6, atol=1e-6, equal_nan=True)


def _same_running(alt, correct):
    keys = ("running_mean", "running_var")
    return all(alt[k].shape == correct[k].shape and _close(alt[k], correct[k]) for k in keys)
