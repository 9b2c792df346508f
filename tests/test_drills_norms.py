"""The per-sample norms' float64 reference: PyTorch's own functions, and for every knob setting
the closed-form gradient against finite differences (and, for the detached statistics, against
autograd through the same code with .detach())."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bnquiz.drills.specs import normalizing as nz
from bnquiz.drills.specs.normmistakes import mistakes

torch = pytest.importorskip("torch")
F = torch.nn.functional

# kind, shape, len(normalized_shape) or num_groups
CALLS = [
    ("layer", (4, 6), 1),
    ("layer", (3, 4, 5), 2),
    ("layer", (2, 3, 2, 3), 3),
    ("group", (2, 6, 3, 4), 2),
    ("group", (3, 6, 5), 3),
    ("group", (4, 6), 2),
    ("group", (2, 6, 3), 6),
    ("rms", (3, 4, 5), 2),
    ("rms", (2, 3, 4, 5), 1),
]


def _call(kind: str, shape: tuple[int, ...], size: int, seed: int = 0, affine: str = "both") -> nz.Call:
    rng = np.random.default_rng(seed)
    own = (shape[1],) if kind == "group" else shape[len(shape) - size :]
    weight = rng.uniform(0.5, 2.0, own) if affine != "none" else None
    bias = rng.uniform(-1.0, 1.0, own) if affine == "both" and kind != "rms" else None
    return nz.Call(kind, rng.normal(2.0, 1.5, shape), size, weight, bias, 0.3, rng.normal(size=shape))


def _torch(call: nz.Call) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """PyTorch's function on the call's arrays, and the leaves autograd reaches."""
    leaves = {
        name: torch.tensor(value, requires_grad=True)
        for name, value in (("x", call.x), ("weight", call.weight), ("bias", call.bias))
        if value is not None
    }
    x, w, b = leaves["x"], leaves.get("weight"), leaves.get("bias")
    shape = call.x.shape[len(call.x.shape) - call.size :]
    if call.kind == "layer":
        return F.layer_norm(x, shape, w, b, call.eps), leaves
    if call.kind == "group":
        return F.group_norm(x, call.size, w, b, call.eps), leaves
    return F.rms_norm(x, shape, w, call.eps), leaves


@pytest.mark.parametrize("affine", ["both", "none"])
@pytest.mark.parametrize(("kind", "shape", "size"), CALLS)
def test_the_reference_is_pytorchs_function_and_its_gradient(kind, shape, size, affine):
    call = _call(kind, shape, size, affine=affine)
    fwd = nz.forward(call, {})
    y, leaves = _torch(call)
    assert np.abs(fwd.y - y.detach().numpy()).max() < 1e-12
    (y * torch.tensor(call.dy)).sum().backward()
    grads = nz.gradients(call, fwd, {})
    assert set(grads) == {"d" + name for name in leaves}
    for name, leaf in leaves.items():
        assert np.abs(grads["d" + name] - leaf.grad.numpy()).max() < 1e-10, name


def test_eps_none_is_the_dtypes_machine_epsilon():
    x = np.random.default_rng(1).normal(0.0, 1e-4, (4, 6)).astype(np.float32)
    expected = F.rms_norm(torch.from_numpy(x), (6,)).double().numpy()
    call = nz.Call("rms", x.astype(np.float64), 1, None, None, float(np.finfo(np.float32).eps), eps_none=True)
    assert np.abs(nz.forward(call, {}).y - expected).max() < 1e-5
    fixed = nz.forward(call, {"forward.eps_default": 1e-6}).y
    assert np.abs(fixed - expected).max() > 0.1  # a fixed 1e-6 is far from it at this scale


@pytest.mark.parametrize("how", ["detached", "no-mean", "no-var"])
def test_detached_statistics_are_autograd_through_detach(how):
    call = _call("layer", (3, 4, 5), 2)
    x = torch.tensor(call.x, requires_grad=True)
    w, b = torch.tensor(call.weight), torch.tensor(call.bias)
    dims = (-2, -1)
    mean = x.mean(dims, keepdim=True)
    var = ((x - mean) ** 2).mean(dims, keepdim=True)
    mean = mean.detach() if how in ("detached", "no-mean") else mean
    var = var.detach() if how in ("detached", "no-var") else var
    y = (x - mean) / torch.sqrt(var + call.eps) * w + b
    (y * torch.tensor(call.dy)).sum().backward()
    knobs = {"backward.dx": how}
    ours = nz.gradients(call, nz.forward(call, knobs), knobs)["dx"]
    assert np.abs(ours - x.grad.numpy()).max() < 1e-10


def _numeric(call: nz.Call, knobs: dict, name: str) -> np.ndarray:
    """∂(Σ y·dy)/∂name by central differences."""
    base, out, h = getattr(call, name), None, 1e-6
    out = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        sums = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * h
            sums.append(float((nz.forward(replace(call, **{name: moved}), knobs).y * call.dy).sum()))
        out[index] = (sums[0] - sums[1]) / (2 * h)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "shape", "size"), CALLS)
def test_every_forward_mistake_has_its_exact_gradient(kind, shape, size):
    """What an autograd submission's backward is: the derivative of its own (wrong) forward."""
    call = _call(kind, shape, size)
    for mistake in mistakes(kind):
        knobs = dict(mistake.knobs)
        fwd = nz.forward(call, knobs) if mistake.path == "forward" else None
        if fwd is None or not np.all(np.isfinite(fwd.y)):  # (n − 1 = 0 on a group of one value)
            continue
        grads = nz.gradients(call, fwd, knobs)
        for name in ("x", "weight", "bias"):
            if getattr(call, name) is None:
                continue
            numeric = _numeric(call, knobs, name)
            error = np.linalg.norm(numeric - grads["d" + name]) / max(np.linalg.norm(numeric), 1e-12)
            assert error < 1e-6, (mistake, name, error)
