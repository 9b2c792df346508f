"""The child's entry point: load the user's file, call it on every case, write the raw outputs.

Run as `python -I -B -m bnquiz.drills.runner WORKDIR FD FRAMEWORK`. It imports the framework
first (the slow part, overlapping the parent's own work), then reads the manifest from the
control pipe FD, and only then imports the user's code. It computes no verdict: it writes each
case's arrays as raw little files plus a JSON status, and the parent judges. Everything it needs
from the standard library is bound before user code runs, so a submission that patches `open`,
`json` or NumPy's savers cannot stop it from reporting (nor fool the parent).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import traceback
from typing import Any

_open, _dumps = open, json.dumps
_DTYPES = {"float64", "float32", "float16", "int64", "int32", "bool"}


def main(argv: list[str]) -> None:
    workdir, control, framework = argv[1], int(argv[2]), argv[3]
    import numpy as np

    torch = None
    if framework == "torch":
        import torch  # type: ignore[no-redef]
    with os.fdopen(control, "rb") as pipe:
        manifest = json.loads(pipe.read() or b"{}")
    if not manifest:
        return  # the parent gave up before starting us
    env = {"cuda": bool(torch is not None and torch.cuda.is_available())}
    _write_json(workdir, "env.json", env)
    os.chdir(os.path.join(workdir, "scratch"))
    module = _load(workdir, manifest)
    if module is None:
        return
    for index, case in enumerate(manifest["cases"]):
        if case["device"] == "cuda" and not env["cuda"]:
            _write_json(workdir, f"res-{index}.json", {"status": "skipped"})
            continue
        _write_json(workdir, f"started-{index}.json", {})
        inputs = {name: _read(workdir, spec, np) for name, spec in case["inputs"].items()}
        try:
            outputs, notes = CALLERS[manifest["drill"]](module, manifest, case, inputs, np, torch)
        except BaseException as exc:
            _write_json(
                workdir, f"res-{index}.json", {"status": "error", "error": _describe(exc, manifest["file"])}
            )
            continue
        saved = {name: _save(workdir, index, name, value, np) for name, value in outputs.items()}
        _write_json(workdir, f"res-{index}.json", {"status": "ok", "outputs": saved, "notes": notes})
    _write_json(workdir, "done.json", {})


def _load(workdir: str, manifest: dict[str, Any]) -> Any:
    path = manifest["file"]
    try:
        spec = importlib.util.spec_from_file_location("submission", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["submission"] = module
        spec.loader.exec_module(module)
    except BaseException as exc:
        kind = "syntax-error" if isinstance(exc, SyntaxError) else "import-error"
        _write_json(workdir, "module.json", {"kind": kind, "error": _describe(exc, path)})
        return None
    missing = [name for name in manifest["functions"] if not callable(getattr(module, name, None))]
    if missing:
        found = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_"))
        _write_json(workdir, "module.json", {"kind": "missing-function", "missing": missing, "found": found})
        return None
    return module


def _describe(exc: BaseException, path: str) -> dict[str, Any]:
    """The exception, with only the user's own frames of the traceback."""
    frames = [
        {"line": f.lineno, "function": f.name, "code": (f.line or "").strip()}
        for f in traceback.extract_tb(exc.__traceback__)
        if os.path.abspath(f.filename) == os.path.abspath(path)
    ]
    if isinstance(exc, SyntaxError) and exc.lineno:
        frames.append({"line": exc.lineno, "function": "", "code": (exc.text or "").strip()})
    code = exc.code if isinstance(exc, SystemExit) else None
    return {"type": type(exc).__name__, "message": str(exc)[:2000], "frames": frames[-8:], "code": repr(code)}


def _write_json(workdir: str, name: str, data: dict[str, Any]) -> None:
    with _open(os.path.join(workdir, name), "w", encoding="utf-8") as handle:
        handle.write(_dumps(data))


def _read(workdir: str, spec: dict[str, Any], np: Any) -> Any:
    with _open(os.path.join(workdir, spec["file"]), "rb") as handle:
        data = handle.read()
    return np.frombuffer(data, dtype=spec["dtype"]).reshape(spec["shape"]).copy()


def _save(workdir: str, index: int, name: str, value: Any, np: Any) -> dict[str, Any]:
    """Raw bytes plus dtype and shape: nothing a submission can patch, nothing to unpickle."""
    array = np.ascontiguousarray(value)
    if array.dtype.name not in _DTYPES:
        return {"type": f"array of {array.dtype.name}"}
    file = f"out-{index}-{name}.bin"
    with _open(os.path.join(workdir, file), "wb") as handle:
        handle.write(array.tobytes())
    return {"file": file, "dtype": array.dtype.name, "shape": list(array.shape)}


def _as_numpy(value: Any, torch: Any, np: Any) -> Any:
    """A returned tensor as a NumPy array, or a description of what came back instead."""
    if torch is not None and isinstance(value, torch.Tensor):
        return (
            value.detach().to("cpu").numpy()
            if value.dtype != torch.bfloat16
            else value.detach().float().cpu().numpy()
        )
    if torch is None and isinstance(value, np.ndarray):
        return value
    raise _BadReturn(type(value).__name__)


class _BadReturn(Exception):
    """The submission returned something of the wrong type (its name is the message)."""


def _tensors(case: dict[str, Any], inputs: dict[str, Any], torch: Any) -> dict[str, Any]:
    device = case["device"]
    grad = case["grad"]
    out = {}
    for name, array in inputs.items():
        if name == "dy":
            continue
        tensor = torch.from_numpy(array).to(device)
        if grad and name in ("x", "weight", "bias"):
            tensor.requires_grad_(True)
        out[name] = tensor
    return out


def _capture_locals(function: Any, names: tuple[str, ...]) -> tuple[dict[str, Any], Any]:
    """Record the final values of some parameters' names when `function` returns."""
    seen: dict[str, Any] = {}
    code = function.__code__

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "return" and frame.f_code is code:
            for name in names:
                if name in frame.f_locals:
                    seen[name] = frame.f_locals[name]

    return seen, profile


def _call_forward(module, manifest, case, inputs, np, torch):  # type: ignore[no-untyped-def]
    """F.batch_norm's contract: y back, running statistics updated in the caller's tensors."""
    t = _tensors(case, inputs, torch)
    function = module.batch_norm
    params = function.__code__.co_varnames[: function.__code__.co_argcount]
    watched = params[1:3] if len(params) >= 3 else ()
    seen, profile = _capture_locals(function, watched)
    sys.setprofile(profile)
    try:
        y = function(
            t["x"],
            t["running_mean"],
            t["running_var"],
            t.get("weight"),
            t.get("bias"),
            case["training"],
            case["momentum"],
            case["eps"],
        )
    finally:
        sys.setprofile(None)
    outputs = {
        "y": _as_numpy(y, torch, np),
        "running_mean": _as_numpy(t["running_mean"], torch, np),
        "running_var": _as_numpy(t["running_var"], torch, np),
        "x_after": _as_numpy(t["x"], torch, np),
    }
    for key, name in zip(("local_mean", "local_var"), watched, strict=False):
        value = seen.get(name)
        original = t["running_mean" if key == "local_mean" else "running_var"]
        if isinstance(value, torch.Tensor) and value is not original:
            outputs[key] = _as_numpy(value, torch, np)
    notes = {"dtype": str(y.dtype).replace("torch.", ""), "device": y.device.type}
    if case["grad"]:
        y.backward(torch.from_numpy(inputs["dy"]).to(case["device"]).to(y.dtype))
        for name, key in (("x", "dx"), ("weight", "dweight"), ("bias", "dbias")):
            tensor = t.get(name)
            if tensor is not None and tensor.grad is not None:
                outputs[key] = _as_numpy(tensor.grad, torch, np)
    return outputs, notes


def _call_d2l(module, manifest, case, inputs, np, torch):  # type: ignore[no-untyped-def]
    """d2l's contract: (Y, moving_mean, moving_var) back; the mode from is_grad_enabled()."""
    t = _tensors(case, inputs, torch)
    shape = (1, -1) + (1,) * (t["x"].dim() - 2)
    gamma, beta = t["weight"].reshape(shape), t["bias"].reshape(shape)
    if case["grad"]:
        gamma.retain_grad()
        beta.retain_grad()
    moving_mean, moving_var = (
        t["running_mean"].reshape(shape).clone(),
        t["running_var"].reshape(shape).clone(),
    )
    args = (t["x"], gamma, beta, moving_mean, moving_var, case["eps"], case["momentum"])
    mode = torch.enable_grad() if case["training"] else torch.no_grad()
    with mode:
        if manifest["form"] == "is-training":
            result = module.batch_norm(case["training"], *args)
        else:
            result = module.batch_norm(*args)
    if not isinstance(result, tuple | list) or len(result) != 3:
        raise _BadReturn(f"{type(result).__name__} (expected a tuple (Y, moving_mean, moving_var))")
    y, new_mean, new_var = result
    outputs = {
        "y": _as_numpy(y, torch, np),
        "running_mean": _as_numpy(new_mean, torch, np),
        "running_var": _as_numpy(new_var, torch, np),
        "x_after": _as_numpy(t["x"], torch, np),
    }
    notes = {"dtype": str(y.dtype).replace("torch.", ""), "device": y.device.type}
    if case["grad"]:
        y.backward(torch.from_numpy(inputs["dy"]).to(case["device"]).to(y.dtype))
        for tensor, key in ((t["x"], "dx"), (gamma, "dweight"), (beta, "dbias")):
            if tensor.grad is not None:
                outputs[key] = _as_numpy(tensor.grad, torch, np)
    return outputs, notes


def _call_cs231n(module, manifest, case, inputs, np, torch):  # type: ignore[no-untyped-def]
    """CS231n's contract: (out, cache) back, running statistics written into bn_param."""
    x = inputs["x"].copy()
    bn_param = {
        "mode": "train" if case["training"] else "test",
        "eps": case["eps"],
        "momentum": case["momentum"],
        "running_mean": inputs["running_mean"].copy(),
        "running_var": inputs["running_var"].copy(),
    }
    result = module.batchnorm_forward(x, inputs["weight"].copy(), inputs["bias"].copy(), bn_param)
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise _BadReturn(f"{type(result).__name__} (expected a tuple (out, cache))")
    out, cache = result
    outputs = {
        "y": _as_numpy(out, None, np),
        "x_after": x,
        "running_mean": _as_numpy(bn_param.get("running_mean"), None, np),
        "running_var": _as_numpy(bn_param.get("running_var"), None, np),
    }
    notes = {"dtype": out.dtype.name, "device": "cpu"}
    if case["grad"]:
        grads = module.batchnorm_backward(inputs["dy"].copy(), cache)
        if not isinstance(grads, tuple | list) or len(grads) != 3:
            raise _BadReturn(f"{type(grads).__name__} (expected a tuple (dx, dgamma, dbeta))")
        for key, value in zip(("dx", "dweight", "dbias"), grads, strict=True):
            outputs[key] = _as_numpy(value, None, np)
    return outputs, notes


CALLERS = {"forward": _call_forward, "d2l": _call_d2l, "cs231n": _call_cs231n}

if __name__ == "__main__":
    main(sys.argv)
