"""The child's entry point: load the drill's caller and the user's file, run every scenario,
write the raw outputs.

Run as `python -I -B -m bnquiz.drills.runner WORKDIR FD FRAMEWORK`. It imports the framework
first (the slow part, overlapping the parent's own work), then reads the manifest from the
control pipe FD, loads the drill's caller (named by import path in the manifest) and only then
the user's code. Each scenario's steps run in order with the caller's state carried between
them; a step that raises ends its scenario. The child computes no verdict: it writes each
step's arrays as raw files plus a JSON status, and the parent judges. Everything it needs from
the standard library is bound before user code runs, so a submission that patches `open`,
`json` or NumPy's savers cannot stop it from reporting (nor fool the parent).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import traceback
from typing import Any, cast

_open, _dumps, _isinstance = open, json.dumps, isinstance
# the dtypes an output may be written in (the parent reads back only these)
DTYPES = {"float64", "float32", "float16", "int64", "int32", "bool"}


class BadReturn(Exception):
    """The submission returned something the contract does not allow: the message says what in
    English; `said`, what it means (an id and its values), for the parent to say in its own."""

    def __init__(self, message: str, said: dict[str, str]) -> None:
        super().__init__(message)
        self.said = said


class Kit:
    """What a drill's caller uses to run one step: tensors on the right device, results turned
    into arrays (or a clear BadReturn), a call that watches local names, autograd."""

    def __init__(self, np: Any, torch: Any, path: str) -> None:
        self.np, self.torch, self.path = np, torch, path

    def tensor(self, array: Any, device: str, grad: bool = False) -> Any:
        tensor = self.torch.from_numpy(array).to(device)
        return tensor.requires_grad_(True) if grad else tensor

    def array(self, value: Any, what: str = "a result") -> Any:
        """A returned tensor or array as a NumPy array; anything else is a BadReturn."""
        torch = self.torch
        if torch is not None and _isinstance(value, torch.Tensor):
            value = value.detach()
            if value.dtype == torch.bfloat16:
                value = value.float()
            return value.to("cpu").numpy()
        if torch is None and _isinstance(value, self.np.ndarray):
            return value
        kind = "a tensor" if torch is not None else "a NumPy array"
        said = {"id": "not-array", "what": what, "type": _type(value), "kind": kind}
        raise BadReturn(f"{what} is {_name(value)}, not {kind}", said)

    def module(self, value: Any, what: str) -> Any:
        """A returned torch.nn.Module; anything else is a BadReturn."""
        if _isinstance(value, self.torch.nn.Module):
            return value
        said = {"id": "not-array", "what": what, "type": _type(value), "kind": "an nn.Module"}
        raise BadReturn(f"{what} is {_name(value)}, not an nn.Module", said)

    def unpack(self, result: Any, count: int, shape: str) -> tuple[Any, ...]:
        if not _isinstance(result, tuple | list) or len(result) != count:
            said = {"id": "not-tuple", "type": _type(result), "shape": shape}
            raise BadReturn(f"it returned {_name(result)}; expected a tuple {shape}", said)
        return tuple(result)

    def call_watching(
        self, function: Any, positions: tuple[int, ...], *args: Any
    ) -> tuple[Any, dict[int, Any]]:
        """Call `function(*args)`; also return the final values of the parameters at these
        positions (to tell a rebound local name from an in-place update)."""
        code = getattr(function, "__code__", None)
        names = code.co_varnames[: code.co_argcount] if code is not None else ()
        seen: dict[int, Any] = {}

        def profile(frame: Any, event: str, arg: Any) -> None:
            if event == "return" and frame.f_code is code:
                for position in positions:
                    if position < len(names) and names[position] in frame.f_locals:
                        seen[position] = frame.f_locals[names[position]]

        sys.setprofile(profile)
        try:
            result = function(*args)
        finally:
            sys.setprofile(None)
        return result, seen

    def backward(self, y: Any, dy: Any, leaves: dict[str, Any]) -> dict[str, Any]:
        """y.backward(dy); the gradient that reached each leaf (absent: none did). A backward
        that raises is reported as each gradient's error: the forward's results still count."""
        torch = self.torch
        if not _isinstance(y, torch.Tensor) or not y.requires_grad:
            return {}
        try:
            # Σ y·dy, not y.backward(dy): the same gradients bit for bit, without the 0.4 s
            # import (sympy) that an explicit gradient tensor costs torch's first backward
            (y * torch.from_numpy(dy).to(y.device).to(y.dtype)).sum().backward()
        except Exception as exc:
            return dict.fromkeys((k for k, t in leaves.items() if t is not None), self.failure(exc))
        return {key: self.array(t.grad) for key, t in leaves.items() if t is not None and t.grad is not None}

    def gradients(self, keys: tuple[str, ...], labels: tuple[str, ...], call: Any) -> dict[str, Any]:
        """The arrays a hand-written backward returns, one per key, or, if it raises or returns
        something else, that failure for every key: the forward's results still count."""
        try:
            values = self.unpack(call(), len(keys), "(" + ", ".join(labels) + ")")
            return {
                key: self.array(value, label) for key, value, label in zip(keys, values, labels, strict=True)
            }
        except Exception as exc:
            return dict.fromkeys(keys, self.failure(exc))

    def where(self, y: Any) -> dict[str, str]:
        """The output's dtype and device, for the parent's check against the input's."""
        if self.torch is not None and _isinstance(y, self.torch.Tensor):
            return {"dtype": str(y.dtype).replace("torch.", ""), "device": y.device.type}
        dtype = getattr(y, "dtype", None)
        return {"dtype": getattr(dtype, "name", str(dtype)), "device": "cpu"}

    def failure(self, exc: BaseException) -> dict[str, Any]:
        """A sub-call that raised, reported as that output's error (its own path)."""
        return {"error": describe(exc, self.path)}


def _type(value: Any) -> str:
    return "None" if value is None else str(type(value).__name__)


def _name(value: Any) -> str:
    if value is None:
        return "None"
    kind = type(value).__name__
    return f"an {kind}" if kind[:1].lower() in "aeiou" else f"a {kind}"


def main(argv: list[str]) -> None:
    workdir, control, framework = argv[1], int(argv[2]), argv[3]
    import numpy as np

    torch = importlib.import_module("torch") if framework == "torch" else None
    with os.fdopen(control, "rb") as pipe:
        manifest = json.loads(pipe.read() or b"{}")
    if not manifest:
        return  # the parent gave up before starting us
    cuda = bool(torch is not None and torch.cuda.is_available())
    _write_json(workdir, "env.json", {"cuda": cuda})
    caller = _caller(manifest["caller"])
    os.chdir(os.path.join(workdir, "scratch"))
    sys.path[:0] = manifest["search_path"]  # the user's own helper modules, as `python file.py` finds them
    module = _load(workdir, manifest)
    if module is None:
        return
    kit = Kit(np, torch, manifest["file"])
    for index, scenario in enumerate(manifest["scenarios"]):
        if scenario["device"] == "cuda" and not cuda:
            _write_json(workdir, f"res-{index}-0.json", {"status": "skipped", "why": "cuda"})
            continue
        state: dict[str, Any] = {}
        for step, spec in enumerate(scenario["steps"]):
            inputs = {name: _read(workdir, array, np) for name, array in spec["inputs"].items()}
            try:
                outputs, notes = caller(module, manifest["form"], scenario, step, inputs, state, kit)
            except BaseException as exc:
                _write_json(
                    workdir,
                    f"res-{index}-{step}.json",
                    {"status": "error", "error": describe(exc, manifest["file"])},
                )
                break
            saved = {
                name: _save(workdir, f"{index}-{step}", name, value, np) for name, value in outputs.items()
            }
            _write_json(
                workdir, f"res-{index}-{step}.json", {"status": "ok", "outputs": saved, "notes": notes}
            )
    _write_json(workdir, "done.json", {})


def _caller(named: dict[str, str]) -> Any:
    """The drill's child-side caller, by import path (or by file, for a drill outside bnquiz)."""
    module_name, _, function = named["import"].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        spec = importlib.util.spec_from_file_location(module_name, named["file"])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return getattr(module, function)


def _load(workdir: str, manifest: dict[str, Any]) -> Any:
    path = manifest["file"]
    try:
        spec = importlib.util.spec_from_file_location("submission", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["submission"] = module
        spec.loader.exec_module(module)
    except BaseException as exc:
        kind = "syntax-error" if _isinstance(exc, SyntaxError) else "import-error"
        _write_json(workdir, "module.json", {"kind": kind, "error": describe(exc, path)})
        return None
    missing = [name for name in manifest["functions"] if not callable(getattr(module, name, None))]
    if missing:
        found = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_"))
        _write_json(workdir, "module.json", {"kind": "missing-function", "missing": missing, "found": found})
        return None
    present = [name for name in manifest["optional"] if callable(getattr(module, name, None))]
    _write_json(workdir, "module.json", {"kind": "ok", "present": present})
    return module


def describe(exc: BaseException, path: str) -> dict[str, Any]:
    """The exception, with only the user's own frames of the traceback."""
    frames = [
        {"line": f.lineno, "function": f.name, "code": (f.line or "").strip()}
        for f in traceback.extract_tb(exc.__traceback__)
        if os.path.abspath(f.filename) == os.path.abspath(path)
    ]
    syntax = cast(SyntaxError, exc) if _isinstance(exc, SyntaxError) else None
    if syntax is not None and syntax.lineno:
        frames.append({"line": syntax.lineno, "function": "", "code": (syntax.text or "").strip()})
    kind = "bad return" if _isinstance(exc, BadReturn) else type(exc).__name__
    message = str(exc)
    # what the message means, for the parent to say in its own language (`verdict.message`)
    said = cast(BadReturn, exc).said if _isinstance(exc, BadReturn) else None
    if _isinstance(exc, SystemExit):
        message = f"exit status {cast(SystemExit, exc).code!r}"
        said = {"id": "exit-status", "code": repr(cast(SystemExit, exc).code)}
    described = {"type": kind, "message": message[:2000], "frames": frames[-8:]}
    return {**described, "said": said} if said else described


def _write_json(workdir: str, name: str, data: dict[str, Any]) -> None:
    with _open(os.path.join(workdir, name), "w", encoding="utf-8") as handle:
        handle.write(_dumps(data))


def _read(workdir: str, spec: dict[str, Any], np: Any) -> Any:
    with _open(os.path.join(workdir, spec["file"]), "rb") as handle:
        data = handle.read()
    return np.frombuffer(data, dtype=spec["dtype"]).reshape(spec["shape"]).copy()


def _save(workdir: str, tag: str, name: str, value: Any, np: Any) -> dict[str, Any]:
    """Raw bytes plus dtype and shape: nothing a submission can patch, nothing to unpickle."""
    if _isinstance(value, dict):  # a sub-call's error, reported as this output
        return cast(dict[str, Any], value)
    array = np.ascontiguousarray(value)
    if array.dtype.name not in DTYPES:
        return {"type": f"an array of {array.dtype.name}"}
    file = f"out-{tag}-{name}.bin"
    with _open(os.path.join(workdir, file), "wb") as handle:
        handle.write(array.tobytes())
    return {"file": file, "dtype": array.dtype.name, "shape": list(array.shape)}


if __name__ == "__main__":
    main(sys.argv)
