"""Grading one file: start the sandboxed child, build the battery, hand it over, judge the outputs.

The child is started first so that it imports torch while the parent imports NumPy, builds the
inputs and computes the references; the parent never imports the user's code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bnquiz.drills.contracts import Drill
from bnquiz.drills.sandbox import Child
from bnquiz.errors import BnquizError, UsageError

DEVICES = ("cpu", "cuda", "all")


def grade(path: Path, drill: Drill, form: str, device: str | None = None, timeout: float = 30.0) -> Any:
    """Run the drill's battery on `path` and return the judge's Verdict.

    `device`: "cpu", "cuda", "all", or None for every device present (CUDA checks show as
    skipped where there is none). "cuda" on a machine without CUDA is a UsageError.
    """
    if device not in (None, *DEVICES):
        raise UsageError(f"unknown device {device!r}; choose cpu, cuda or all")
    if timeout <= 0:
        raise UsageError("--timeout must be positive")
    _require(drill.framework)
    wants_cuda = device in (None, "cuda", "all")
    child = Child(drill.framework, timeout)
    try:
        from bnquiz.drills import cases as battery
        from bnquiz.drills.judge import judge
        from bnquiz.drills.reference import COURSE, PYTORCH, forward

        conv = PYTORCH if drill.name == "forward" else COURSE
        momentum = 0.1 if drill.name == "forward" else 0.9
        cases = battery.battery(drill.name, momentum, ("cpu", "cuda") if wants_cuda else ("cpu",))
        if device == "cuda":
            cases = [c for c in cases if c.device == "cuda"]
        inputs = [battery.make_inputs(c) for c in cases]
        child.go(_manifest(child.workdir, drill, form, path, cases, inputs))
        # while the child runs the submission; a batch of one is reported, never compared
        refs = [None if case.info else forward(inp, conv) for case, inp in zip(cases, inputs, strict=True)]
        ending = child.wait()
        env = _read_json(child.workdir / "env.json")
        if env is None:  # the child died before it could run any user code: not the user's fault
            raise BnquizError(_startup_failure(drill, ending))
        if device == "cuda" and not env.get("cuda", False):
            raise UsageError("--device cuda: no CUDA device is available here")
        results = [_result(child.workdir, i) for i in range(len(cases))]
        module = _read_json(child.workdir / "module.json")
        return judge(drill, str(path), conv, cases, inputs, refs, results, module, ending)
    finally:
        child.cleanup()


def _startup_failure(drill: Drill, ending: Any) -> str:
    if ending.timed_out:
        return f"timed out before your code ran (is importing {drill.framework} slow here?); raise --timeout"
    lines = [line for line in ending.stderr.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else "no message"
    return f"the grader's child process failed before running your code: {last}"


def _require(framework: str) -> None:
    from importlib.util import find_spec

    if find_spec(framework) is None:
        package = "torch" if framework == "torch" else "numpy"
        raise UsageError(f"this drill needs {package}, which is not installed: pip install {package}")
    if find_spec("numpy") is None:
        raise UsageError("the drills need numpy, which is not installed: pip install numpy")


def _manifest(
    workdir: Path, drill: Drill, form: str, path: Path, cases: list[Any], inputs: list[Any]
) -> bytes:
    """Write every case's input arrays as raw files; return the JSON manifest that names them."""
    from bnquiz.drills.cases import params_dtype

    described = []
    for index, (case, inp) in enumerate(zip(cases, inputs, strict=True)):
        arrays = {
            "x": (inp.x, case.dtype),
            "running_mean": (inp.running_mean, params_dtype(case)),
            "running_var": (inp.running_var, params_dtype(case)),
        }
        if inp.weight is not None:
            arrays["weight"] = (inp.weight, params_dtype(case))
            arrays["bias"] = (inp.bias, params_dtype(case))
        if inp.dy is not None:
            arrays["dy"] = (inp.dy, case.dtype)
        specs = {}
        for name, (array, dtype) in arrays.items():
            file = f"in-{index}-{name}.bin"
            (workdir / file).write_bytes(array.astype(dtype).tobytes())
            specs[name] = {"file": file, "dtype": dtype, "shape": list(array.shape)}
        described.append(
            {
                "id": case.id,
                "device": case.device,
                "training": case.training,
                "momentum": case.momentum,
                "eps": case.eps,
                "grad": case.grad,
                "inputs": specs,
            }
        )
    manifest = {
        "drill": drill.name,
        "form": form,
        "file": str(path.resolve()),
        "functions": list(drill.functions),
        "cases": described,
    }
    return json.dumps(manifest).encode()


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


_DTYPES = {"float64", "float32", "float16", "int64", "int32", "bool"}


def _result(workdir: Path, index: int) -> dict[str, Any] | None:
    """Case `index`'s status and arrays, read defensively: the child's files are untrusted."""
    import numpy as np

    data = _read_json(workdir / f"res-{index}.json")
    if data is None or data.get("status") not in ("ok", "error", "skipped"):
        return None
    if data["status"] != "ok":
        error = data.get("error") if isinstance(data.get("error"), dict) else {}
        return {"status": data["status"], "error": error}
    outputs: dict[str, Any] = {}
    for name, spec in (data.get("outputs") or {}).items():
        if not isinstance(spec, dict):
            continue
        if "file" not in spec:
            outputs[name] = {"type": str(spec.get("type", "something else"))}
            continue
        try:
            dtype, shape = str(spec["dtype"]), tuple(int(d) for d in spec["shape"])
            if dtype not in _DTYPES or "/" in str(spec["file"]):
                raise ValueError(dtype)
            array = np.fromfile(workdir / str(spec["file"]), dtype=dtype)
            outputs[name] = array.reshape(shape)
        except (OSError, ValueError, TypeError, KeyError):
            outputs[name] = {"type": "unreadable"}
    notes = data.get("notes") if isinstance(data.get("notes"), dict) else {}
    return {"status": "ok", "outputs": outputs, "notes": notes}
