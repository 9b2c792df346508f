"""Grading one file: start the sandboxed child, build the battery, hand it over, judge the outputs.

The child is started first so that it imports torch while the parent imports NumPy and builds
the inputs; the parent never imports the user's code. Generic: the drill's spec says what to
build, what to call and how to judge it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from bnquiz.drills import catalog
from bnquiz.drills.sandbox import Child, Ending
from bnquiz.drills.spec import Drill, Edition, Scenario
from bnquiz.drills.verdict import Finding, Verdict
from bnquiz.errors import BnquizError, UsageError

DEVICES = ("cpu", "cuda", "all")
_DTYPES = {"float64", "float32", "float16", "int64", "int32", "bool"}


def grade(
    path: Path,
    drill: Drill,
    form: str,
    device: str | None = None,
    timeout: float = 30.0,
    edition: str | None = None,
    edition_source: str = "",
    search_path: tuple[str, ...] = (),
    name: str | None = None,
) -> Verdict:
    """Run the drill's battery on the file at `path` and return the Verdict.

    `device`: "cpu", "cuda", "all", or None for every device present (CUDA checks show as
    skipped where there is none); "cuda" without CUDA is a UsageError. `edition`: grade by this
    edition (`edition_source` says who chose it); None with several editions: the one the
    code's behaviour follows. `search_path`: folders the user's imports may come from.
    """
    if device not in (None, *DEVICES):
        raise UsageError(f"unknown device {device!r}; choose cpu, cuda or all")
    if timeout <= 0:
        raise UsageError("--timeout must be positive")
    from bnquiz.drills.specs import edition as named

    first = named(drill, edition)
    _require(drill.framework)
    devices = ("cpu", "cuda") if device in (None, "cuda", "all") else ("cpu",)
    child = Child(drill.framework, timeout)
    try:
        scenarios = [s for s in drill.scenarios(devices, first) if device != "cuda" or s.device == "cuda"]
        inputs = [drill.inputs(s, first) for s in scenarios]
        child.go(_manifest(child.workdir, drill, form, path, scenarios, inputs, search_path))
        ending = child.wait()
        env = _read_json(child.workdir / "env.json")
        if env is None:  # the child died before it could run any user code: not the user's fault
            raise BnquizError(_startup_failure(drill, ending))
        if device == "cuda" and not env.get("cuda", False):
            raise UsageError("--device cuda: no CUDA device is available here")
        results = [_results(child.workdir, i, s) for i, s in enumerate(scenarios)]
        module = _read_json(child.workdir / "module.json") or {"kind": "ok", "present": []}
        done = (child.workdir / "done.json").exists()
    finally:
        child.cleanup()
    shown = name or str(path)
    if module.get("kind") != "ok":
        return _broken_module(drill, first, shown, module, ending)
    present = frozenset(str(p) for p in module.get("present", []) if p in drill.optional)
    editions = [first] if edition is not None or len(drill.editions) == 1 else list(drill.editions)
    verdicts = [
        _verdict(drill, e, shown, scenarios, inputs, results, present, ending, done) for e in editions
    ]
    best = min(verdicts, key=lambda v: (not v.passed, len(v.findings), -v.counts[0]))
    chosen = editions[verdicts.index(best)]
    if chosen.name:
        note = (
            catalog.NOTES["edition-given"].format(
                label=chosen.label, source=edition_source or "the edition asked for"
            )
            if edition is not None
            else catalog.NOTES["edition-inferred"].format(label=chosen.label)
        )
        best = _with(best, edition=chosen.name, notes=(note, *best.notes))
    return best


def _verdict(
    drill: Drill,
    edition: Edition,
    name: str,
    scenarios: list[Scenario],
    inputs: list[Any],
    results: list[list[dict[str, Any] | None]],
    present: frozenset[str],
    ending: Ending,
    done: bool,
) -> Verdict:
    from bnquiz.drills.judge import Judge

    checks, findings, notes, paths = Judge(drill, edition, scenarios, inputs, present).judge(results)
    findings = _ending_findings(ending, scenarios, results, done) + findings
    broken_kinds = {f.id for f in findings} & set(catalog.BROKEN) - {
        "unrecognised",
        "nan",
        "wrong-dtype",
        "left-running",
    }
    ended_badly = (
        ending.timed_out
        or ending.memory_exceeded
        or ending.flooded
        or bool(ending.too_many)
        or ending.signal_name is not None
    )
    if not checks and not findings:
        findings = [_finding("exception", why="No case could be run.")]
    if ended_badly or (broken_kinds and not any(c.status == "pass" for c in checks)):
        status = "broken"
    elif findings or any(c.status not in ("pass", "skip") for c in checks):
        status = "failed"
    else:
        status = "passed"
    return Verdict(
        drill.name,
        name,
        status,
        tuple(checks),
        tuple(findings),
        tuple(paths),
        tuple(notes),
        ending.stdout,
        ending.seconds,
        edition.conventions,
        edition.pytorch_differs,
    )


def _broken_module(
    drill: Drill, edition: Edition, name: str, module: dict[str, Any], ending: Ending
) -> Verdict:
    kind = module.get("kind", "import-error")
    error = module.get("error")
    if kind == "missing-function":
        found = ", ".join(module.get("found") or []) or "none"
        error = {
            "type": "",
            "message": f"missing: {', '.join(module['missing'])} (found: {found})",
            "frames": [],
        }
    if kind not in catalog.BROKEN:
        kind = "import-error"
    return Verdict(
        drill.name,
        name,
        "broken",
        (),
        (_finding(kind, error=error),),
        (),
        (),
        ending.stdout,
        ending.seconds,
        edition.conventions,
        edition.pytorch_differs,
    )


def _finding(kind: str, why: str = "", error: dict[str, Any] | None = None) -> Finding:
    text = catalog.text(kind)
    return Finding(kind, catalog.title(kind, [], []), why or text.why, text.fix, error=error)


def _ending_findings(
    ending: Ending, scenarios: list[Scenario], results: list[list[dict[str, Any] | None]], done: bool
) -> list[Finding]:
    """Timeouts, crashes, caps and exits: the process itself ended badly."""
    running = next(
        (
            s
            for s, steps in zip(scenarios, results, strict=True)
            for k, r in enumerate(steps)
            if r is None and not any(e and e["status"] == "error" for e in steps[:k])
        ),
        None,
    )
    where = f" while running case {running.id} ({running.about})" if running else ""
    if ending.timed_out:
        return [_finding("timeout", why=f"Stopped after {ending.seconds:.0f} s{where}.")]
    if ending.too_many:
        return [_finding("processes", why=f"Stopped{where}: it passed the {ending.too_many} cap.")]
    if ending.memory_exceeded:
        return [
            _finding(
                "memory", why=f"Stopped{where}: its processes' resident memory passed the sandbox's cap."
            )
        ]
    if ending.flooded:
        return [_finding("output-flood", why=f"Stopped{where}: it printed more than the sandbox keeps.")]
    if ending.signal_name:
        return [_finding("crashed", why=f"Killed by {ending.signal_name}{where}.")]
    found = []
    if not done:
        found.append(_finding("exited", why=f"The process exited with status {ending.returncode}{where}."))
    if ending.left_running:
        count = ending.left_running
        plural = count != 1
        why = f"{count} process{'es' * plural} still running when your code was done; "
        why += f"bnquiz killed {'them' if plural else 'it'}."
        found.append(_finding("left-running", why=why))
    return found


def _with(verdict: Verdict, **changes: Any) -> Verdict:
    from dataclasses import replace

    return replace(verdict, **changes)


def _startup_failure(drill: Drill, ending: Ending) -> str:
    if ending.timed_out:
        return f"timed out before your code ran (is importing {drill.framework} slow here?); raise --timeout"
    lines = [line for line in ending.stderr.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else "no message"
    return f"the grader's child process failed before running your code: {last}"


def _require(framework: str) -> None:
    if importlib.util.find_spec(framework) is None:
        raise UsageError(f"this drill needs {framework}, which is not installed: pip install {framework}")
    if importlib.util.find_spec("numpy") is None:
        raise UsageError("the drills need numpy, which is not installed: pip install numpy")


def _manifest(
    workdir: Path,
    drill: Drill,
    form: str,
    path: Path,
    scenarios: list[Scenario],
    inputs: list[list[dict[str, tuple[Any, str]]]],
    search_path: tuple[str, ...],
) -> bytes:
    """Write every step's input arrays as raw files; return the JSON manifest that names them."""
    described = []
    for index, (scenario, calls) in enumerate(zip(scenarios, inputs, strict=True)):
        steps = []
        for step_index, (step, arrays) in enumerate(zip(scenario.steps, calls, strict=True)):
            specs = {}
            for key, (array, dtype) in arrays.items():
                file = f"in-{index}-{step_index}-{key}.bin"
                (workdir / file).write_bytes(array.astype(dtype).tobytes())
                specs[key] = {"file": file, "dtype": dtype, "shape": list(array.shape)}
            steps.append({"kind": step.kind, "args": dict(step.args), "inputs": specs})
        described.append(
            {"id": scenario.id, "device": scenario.device, "dtype": scenario.dtype, "steps": steps}
        )
    module, _, _ = drill.caller.partition(":")
    found = importlib.util.find_spec(module)
    manifest = {
        "drill": drill.name,
        "caller": {"import": drill.caller, "file": found.origin if found else ""},
        "form": form,
        "file": str(path.resolve()),
        "search_path": [*search_path, str(path.resolve().parent)],
        "functions": list(drill.functions),
        "optional": list(drill.optional),
        "scenarios": described,
    }
    return json.dumps(manifest).encode()


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _results(workdir: Path, index: int, scenario: Scenario) -> list[dict[str, Any] | None]:
    """Each step's status and arrays, read defensively: the child's files are untrusted."""
    first = _read_json(workdir / f"res-{index}-0.json")
    if first is not None and first.get("status") == "skipped":
        return [{"status": "skipped", "why": str(first.get("why", ""))} for _ in scenario.steps]
    return [_result(workdir, f"res-{index}-{step}.json") for step in range(len(scenario.steps))]


def _result(workdir: Path, name: str) -> dict[str, Any] | None:
    import numpy as np

    data = _read_json(workdir / name)
    if data is None or data.get("status") not in ("ok", "error"):
        return None
    if data["status"] == "error":
        error = data.get("error") if isinstance(data.get("error"), dict) else {}
        return {"status": "error", "error": error}
    outputs: dict[str, Any] = {}
    for key, spec in (data.get("outputs") or {}).items():
        if not isinstance(spec, dict):
            continue
        if "error" in spec and isinstance(spec["error"], dict):
            outputs[key] = {"error": spec["error"]}
            continue
        if "file" not in spec:
            outputs[key] = {"type": str(spec.get("type", "something else"))}
            continue
        try:
            dtype, shape = str(spec["dtype"]), tuple(int(d) for d in spec["shape"])
            if dtype not in _DTYPES or "/" in str(spec["file"]):
                raise ValueError(dtype)
            outputs[key] = np.fromfile(workdir / str(spec["file"]), dtype=dtype).reshape(shape)
        except (OSError, ValueError, TypeError, KeyError):
            outputs[key] = {"type": "unreadable"}
    notes = data.get("notes") if isinstance(data.get("notes"), dict) else {}
    return {"status": "ok", "outputs": outputs, "notes": notes}
