"""Compares a submission's raw outputs with the float64 references, and names the mistakes.

Every case yields checks (output, running statistics, input untouched, gradients). When any
fails, the judge looks for the catalogued mistakes, alone and then in pairs, that reproduce
everything the submission returned on every case; what reproduces it is what gets named, so two
independent mistakes are both named. What nothing reproduces is an "unrecognised mismatch",
shown with the smallest failing case, the worst index, the value expected and the value got.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bnquiz.drills import mistakes
from bnquiz.drills.cases import Case
from bnquiz.drills.contracts import Drill
from bnquiz.drills.reference import MISTAKES, Convention, Inputs, Knobs, combine, forward
from bnquiz.drills.sandbox import Ending


@dataclass(frozen=True)
class Check:
    case: str
    about: str
    what: str  # "output", "running stats", "input untouched", "gradients", "run"
    status: str  # "pass", "fail", "skip", "error", "not run"
    error: float | None = None
    tolerance: float | None = None
    detail: str = ""
    where: tuple[int, ...] | None = None  # worst index
    expected: float | None = None
    got: float | None = None
    size: int = 0  # values in the case, to pick the smallest as evidence


@dataclass(frozen=True)
class Finding:
    id: str  # a mistake id, or a broken kind such as "timeout"
    title: str
    why: str
    fix: str
    evidence: Check | None = None
    error: dict[str, Any] | None = None  # the exception, with the user's own frames


@dataclass(frozen=True)
class Verdict:
    drill: str
    file: str
    status: str  # "passed", "failed", "broken"
    checks: tuple[Check, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()
    stdout: str = ""
    seconds: float = 0.0
    conventions: tuple[str, ...] = field(default=())
    pytorch_differs: str = ""


# which family of checks each mistake shows in
_FAMILY = {
    "stats-detached": "gradients",
    "grad-missing-mean-term": "gradients",
    "grad-missing-variance-term": "gradients",
    "grad-missing-gamma": "gradients",
    "running-var-other": "running stats",
    "running-var-std": "running stats",
    "momentum-flipped": "running stats",
    "running-stats-not-updated": "running stats",
    "running-stats-rebound": "running stats",
    "eval-updates-running-stats": "running stats",
}
_NOT_FOR = {  # mistakes a drill's calling convention makes impossible to observe or commit
    "forward": {"grad-missing-gamma"},
    "d2l": {"grad-missing-gamma", "running-stats-rebound"},
    "cs231n": {
        "running-stats-rebound",
        "axes-batch-only",
        "channels-mixed-by-reshape",
        "stats-not-reshaped",
        "stats-not-reshaped-centered",
    },
}
_BROADCAST = re.compile(r"must match the size|could not be broadcast|doesn't match the broadcast shape")


def judge(
    drill: Drill,
    file: str,
    conv: Convention,
    cases: list[Case],
    inputs: list[Inputs],
    refs: list[dict[str, Any] | None],
    results: list[dict[str, Any] | None],
    module: dict[str, Any] | None,
    ending: Ending,
) -> Verdict:
    """The verdict on one run; `refs[i]` is case i's correct float64 result, `results[i]` its
    status and arrays as the submission returned them (None: never ran)."""

    def verdict(status: str, checks: list[Check], findings: list[Finding], notes: list[str]) -> Verdict:
        return Verdict(
            drill.name,
            file,
            status,
            tuple(checks),
            tuple(findings),
            tuple(notes),
            ending.stdout,
            ending.seconds,
            drill.conventions,
            drill.pytorch_differs,
        )

    if module is not None:
        kind = module["kind"]
        error = module.get("error")
        if kind == "missing-function":
            found = ", ".join(module.get("found") or []) or "none"
            error = {
                "type": "",
                "message": f"missing: {', '.join(module['missing'])} (found: {found})",
                "frames": [],
            }
        return verdict("broken", [], [_broken(kind, error=error)], [])
    checks: list[Check] = []
    notes: list[str] = []
    ran: dict[int, dict[str, Any]] = {}
    errors: list[tuple[Case, dict[str, Any]]] = []
    for index, (case, inp, ref, result) in enumerate(zip(cases, inputs, refs, results, strict=True)):
        if case.info:
            notes.append(_batch_of_one(result))
            continue
        if result is None:
            checks.append(Check(case.id, case.describe(), "run", "not run"))
        elif result["status"] == "skipped":
            checks.append(Check(case.id, case.describe(), "run", "skip", detail="no CUDA device here"))
        elif result["status"] == "error":
            errors.append((case, result["error"]))
            checks.append(Check(case.id, case.describe(), "run", "error", detail=_one_line(result["error"])))
        else:
            ran[index] = result["outputs"]
            checks += _compare(case, inp, ref, result["outputs"], result.get("notes", {}))
    if any(c.status == "skip" for c in checks):
        notes.append("CUDA checks skipped: no CUDA device here (they run where torch.cuda.is_available()).")
    findings = _ending_findings(ending, cases, results)
    findings += _error_findings(errors)
    failing = [c for c in checks if c.status == "fail"]
    if failing:
        findings += _diagnose(drill, conv, cases, inputs, ran, failing, errors)
    if findings:
        broken = {f.id for f in findings} & set(mistakes.BROKEN) - {"unrecognised", "nan", "wrong-dtype"}
        status = (
            "broken"
            if (broken and not any(c.status == "pass" for c in checks)) or _ended_badly(ending)
            else "failed"
        )
        findings = _dedupe(findings)
        return verdict(status, checks, findings, notes)
    if not ran:
        return verdict("broken", checks, [_broken("exception")], notes)
    return verdict("passed", checks, [], notes)


# --- comparing one case ------------------------------------------------------------------


def _compare(
    case: Case, inp: Inputs, ref: dict[str, Any], got: dict[str, Any], notes: dict[str, Any]
) -> list[Check]:
    about, size = case.describe(), inp.x.size
    out = []

    def add(what: str, ok: bool, **kw: Any) -> None:
        out.append(Check(case.id, about, what, "pass" if ok else "fail", size=size, **kw))

    y = got.get("y")
    if not isinstance(y, np.ndarray):
        add("output", False, detail=f"returned {y['type'] if isinstance(y, dict) else 'nothing'}")
        return out
    if y.shape != inp.x.shape:
        add("output", False, detail=f"shape {tuple(y.shape)}, expected {inp.x.shape}")
        return out
    if notes.get("dtype", case.dtype) != case.dtype or notes.get("device", case.device) != case.device:
        came = f"{notes.get('dtype')} on {notes.get('device')}"
        add("output", False, detail=f"dtype {came}, expected {case.dtype} on {case.device}")
        return out
    ok, kw = _close(ref["y"], y, case.tolerance)
    add("output", ok, **kw)
    running = _pick(ref["running"], got)
    worst = 0.0
    for name in ("running_mean", "running_var"):
        value = got.get(name)
        if not isinstance(value, np.ndarray) or value.size != running[name].size:
            shape = tuple(value.shape) if isinstance(value, np.ndarray) else "none"
            add("running stats", False, detail=f"{name} has shape {shape}, expected {inp.running_mean.shape}")
            break
        ok, kw = _close(running[name], value.reshape(running[name].shape), case.tolerance)
        if not ok:
            add("running stats", False, detail=name, **kw)
            break
        worst = max(worst, kw["error"])
    else:
        add("running stats", True, error=worst, tolerance=case.tolerance)
    x_after = got.get("x_after")
    untouched = isinstance(x_after, np.ndarray) and np.array_equal(
        x_after.astype(np.float64), inp.x, equal_nan=True
    )
    add("input untouched", untouched, detail="" if untouched else "x changed during the call")
    if case.grad:
        out.append(_gradient_check(case, inp, ref, got, about, size))
    return out


def _gradient_check(
    case: Case, inp: Inputs, ref: dict[str, Any], got: dict[str, Any], about: str, size: int
) -> Check:
    worst = 0.0
    for key in ("dx", "dweight", "dbias"):
        if key not in ref or (key != "dx" and inp.weight is None):
            continue
        value = got.get(key)
        if not isinstance(value, np.ndarray) or value.size != ref[key].size:
            detail = f"no gradient for {key[1:]}" if value is None else f"{key} has the wrong shape"
            return Check(case.id, about, "gradients", "fail", detail=detail, size=size)
        error = _relative(ref[key], value.reshape(ref[key].shape))
        worst = max(worst, error)
        if error > case.grad_tolerance:
            where = np.unravel_index(
                int(np.argmax(np.abs(value.reshape(ref[key].shape) - ref[key]))), ref[key].shape
            )
            return Check(
                case.id,
                about,
                "gradients",
                "fail",
                error,
                case.grad_tolerance,
                key,
                tuple(int(i) for i in where),
                float(ref[key][where]),
                float(value.reshape(ref[key].shape)[where]),
                size,
            )
    return Check(case.id, about, "gradients", "pass", worst, case.grad_tolerance, size=size)


def _relative(expected: np.ndarray, got: np.ndarray) -> float:
    """Normwise relative error; NaN or infinity anywhere counts as total failure."""
    got = got.astype(np.float64)
    if not np.all(np.isfinite(got)):
        return float("inf")
    scale = max(float(np.linalg.norm(expected)), 1e-12)
    return float(np.linalg.norm(got - expected)) / scale


def _close(expected: np.ndarray, got: np.ndarray, tol: float) -> tuple[bool, dict[str, Any]]:
    """|got − expected| ≤ tol + tol·|expected| everywhere (NaN where the reference has NaN)."""
    got = got.astype(np.float64)
    both_nan = np.isnan(expected) & np.isnan(got)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.where(both_nan, 0.0, np.abs(got - expected))
        bad = ~(diff <= tol + tol * np.abs(np.nan_to_num(expected)))
    if not bad.any():
        return True, {"error": float(diff.max()) if diff.size else 0.0, "tolerance": tol}
    score = np.where(bad, np.nan_to_num(diff, nan=np.inf, posinf=np.inf), -1.0)
    where = np.unravel_index(int(np.argmax(score)), expected.shape)
    return False, {
        "error": float(diff[where]),
        "tolerance": tol,
        "where": tuple(int(i) for i in where),
        "expected": float(expected[where]),
        "got": float(got[where]),
    }


def _pick(alternatives: list[dict[str, np.ndarray]], got: dict[str, Any]) -> dict[str, np.ndarray]:
    """The running-statistics layout whose shape matches what came back (else the first)."""
    value = got.get("running_mean")
    shape = value.shape if isinstance(value, np.ndarray) else None
    for alt in alternatives:
        if alt["running_mean"].shape == shape:
            return alt
    for alt in alternatives:
        if shape is not None and alt["running_mean"].size == value.size:
            return alt
    return alternatives[0]


# --- naming the mistake ------------------------------------------------------------------


def _explains(
    k: Knobs, conv: Convention, cases: list[Case], inputs: list[Inputs], ran: dict[int, dict[str, Any]]
) -> bool:
    """Whether the reference with these knobs reproduces every output that came back."""
    for index, got in ran.items():
        case, inp = cases[index], inputs[index]
        if case.probe:
            continue
        pred = forward(inp, conv, k)
        y = got.get("y")
        if pred is None or not isinstance(y, np.ndarray) or y.shape != pred["y"].shape:
            return False
        if not _close(pred["y"], y, case.tolerance)[0]:
            return False
        if not any(_running_matches(alt, got, case.tolerance) for alt in pred["running"]):
            return False
        if case.grad and not k.forward_only:
            for key in ("dx", "dweight", "dbias"):
                value = got.get(key)
                comparable = key in pred and isinstance(value, np.ndarray) and value.size == pred[key].size
                if comparable and _relative(pred[key], value.reshape(pred[key].shape)) > case.grad_tolerance:
                    return False
    return True


def _running_matches(alt: dict[str, np.ndarray], got: dict[str, Any], tol: float) -> bool:
    for name in alt:
        value = got.get(name)
        if not isinstance(value, np.ndarray) or value.size != alt[name].size:
            return False
        if not _close(alt[name], value.reshape(alt[name].shape), tol)[0]:
            return False
    return True


def _diagnose(
    drill: Drill,
    conv: Convention,
    cases: list[Case],
    inputs: list[Inputs],
    ran: dict[int, dict[str, Any]],
    failing: list[Check],
    errors: list[tuple[Case, dict[str, Any]]],
) -> list[Finding]:
    findings = []
    if any(c.what == "input untouched" for c in failing):
        findings.append(_mistake("input-modified", drill, _evidence(failing, "input untouched")))
    shape_fail = [c for c in failing if c.what == "output" and c.detail.startswith(("shape", "returned"))]
    if shape_fail:
        kind = "wrong-shape" if shape_fail[0].detail.startswith("shape") else "bad-return"
        return [*findings, _broken(kind, evidence=shape_fail[0])]
    dtype_fail = [c for c in failing if c.detail.startswith("dtype")]
    if dtype_fail:
        findings.append(_broken("wrong-dtype", evidence=dtype_fail[0]))
    numeric = [
        c
        for c in failing
        if c.what in ("output", "running stats", "gradients") and not c.detail.startswith("dtype")
    ]
    if not numeric:
        return findings
    # the float32 probe is judged apart: only an unstable variance formula fails it alone
    probe = [c for c in numeric if _is_probe(cases, c) and c.what == "output"]
    numeric = [c for c in numeric if not _is_probe(cases, c)]
    if not numeric:
        return [*findings, _mistake("naive-variance", drill, probe[0])] if probe else findings
    if any(c.detail.startswith("no gradient") for c in numeric):
        findings.append(_broken("no-gradient", evidence=_evidence(numeric, "gradients")))
    names = [n for n in MISTAKES if n not in _NOT_FOR[drill.name]]
    found = [n for n in names if _explains(MISTAKES[n], conv, cases, inputs, ran)]
    if not found:
        for a, b in itertools.combinations(names, 2):
            both = combine(MISTAKES[a], MISTAKES[b])
            if both is not None and _explains(both, conv, cases, inputs, ran):
                found = [a, b]
                break
    found = list(dict.fromkeys(_base(name) for name in found))
    if "running-stats-rebound" in found and "running-stats-not-updated" in found:
        found.remove("running-stats-not-updated")
    if not found:
        nan = next((c for c in numeric if c.got is not None and not np.isfinite(c.got)), None)
        return [*findings, _broken("nan" if nan else "unrecognised", evidence=nan or _smallest(numeric))]
    for name in found:
        family = _FAMILY.get(name, "output")
        findings.append(_mistake(name, drill, _evidence(numeric, family) or _smallest(numeric)))
    if probe and not _explains_probe(found):
        findings.append(_mistake("naive-variance", drill, probe[0]))
    return findings


def _base(name: str) -> str:
    """The mistake a variant belongs to: "stats-not-reshaped-centered" → "stats-not-reshaped"."""
    return next((known for known in mistakes.MISTAKES if name.startswith(known + "-")), name)


def _explains_probe(found: list[str]) -> bool:
    """Output mistakes already make the probe fail; only then is the probe not extra evidence."""
    return any(_FAMILY.get(name, "output") == "output" for name in found)


def _is_probe(cases: list[Case], check: Check) -> bool:
    return any(c.id == check.case and c.probe for c in cases)


def _evidence(checks: list[Check], what: str) -> Check | None:
    relevant = [c for c in checks if c.what == what]
    return _smallest(relevant) if relevant else None


def _smallest(checks: list[Check]) -> Check:
    return min(checks, key=lambda c: c.size)  # ties: the first in battery order


def _mistake(name: str, drill: Drill, evidence: Check | None) -> Finding:
    if name == "running-var-other":
        name = "running-var-biased" if drill.name == "forward" else "running-var-unbiased"
    text = mistakes.MISTAKES[name]
    return Finding(name, text.title, text.why, text.fix, evidence)


def _broken(
    kind: str, evidence: Check | None = None, error: dict[str, Any] | None = None, why: str = ""
) -> Finding:
    text = mistakes.BROKEN[kind]
    return Finding(kind, text.title, why or text.why, text.fix, evidence, error)


def _one_line(error: dict[str, Any]) -> str:
    message = error.get("message", "").strip().splitlines()
    return f"{error.get('type', '')}: {message[0] if message else ''}".strip(": ")


def _error_findings(errors: list[tuple[Case, dict[str, Any]]]) -> list[Finding]:
    """One finding per kind of exception, shown with its first occurrence."""
    seen: dict[str, Finding] = {}
    for case, error in errors:
        kind = _error_kind(error)
        if kind not in seen:
            why = f"In case {case.id} ({case.describe()})."
            seen[kind] = _broken(kind, error=error, why=why)
    return list(seen.values())


def _error_kind(error: dict[str, Any]) -> str:
    kind = {
        "_BadReturn": "bad-return",
        "SystemExit": "exited",
        "KeyboardInterrupt": "interrupt",
        "MemoryError": "memory",
    }.get(error.get("type", ""), "exception")
    if kind == "exception" and "File too large" in error.get("message", ""):
        kind = "output-flood"
    return kind


def _ended_badly(ending: Ending) -> bool:
    return ending.timed_out or ending.memory_exceeded or ending.flooded or ending.signal_name is not None


def _ending_findings(
    ending: Ending, cases: list[Case], results: list[dict[str, Any] | None]
) -> list[Finding]:
    """Timeouts, crashes and exits: the process itself ended badly."""
    running = next((c for c, r in zip(cases, results, strict=True) if r is None), None)
    where = f" while running case {running.id} ({running.describe()})" if running else ""
    if ending.timed_out:
        return [_broken("timeout", why=f"Stopped after {ending.seconds:.0f} s{where}.")]
    if ending.memory_exceeded:
        return [_broken("memory", why=f"Stopped{where}: resident memory passed the sandbox's cap.")]
    if ending.flooded:
        return [_broken("output-flood", why=f"Stopped{where}: it printed more than the sandbox keeps.")]
    if ending.signal_name:
        return [_broken("crashed", why=f"Killed by {ending.signal_name}{where}.")]
    if running is not None and ending.returncode is not None:
        return [_broken("exited", why=f"The process exited with status {ending.returncode}{where}.")]
    return []


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per id; a named broadcast mistake absorbs its size-mismatch exceptions."""
    ids = {f.id for f in findings}
    kept: dict[str, Finding] = {}
    for finding in findings:
        if (
            finding.id == "exception"
            and ids & {"wrong-shape", "bad-return"}
            and not (finding.error or {}).get("frames")
        ):
            continue  # the grader's own use of a misshapen result failed: a consequence, not news
        if (
            finding.id == "exception"
            and "stats-not-reshaped" in ids
            and finding.error
            and _BROADCAST.search(finding.error.get("message", ""))
        ):
            continue
        kept.setdefault(finding.id, finding)
    return list(kept.values())


def _batch_of_one(result: dict[str, Any] | None) -> str:
    pytorch = "PyTorch raises ValueError: Expected more than 1 value per channel when training."
    if result is None or result["status"] == "skipped":
        return f"Batch of one value per channel (training): not run. {pytorch}"
    if result["status"] == "error":
        return (
            f"Batch of one value per channel (training): yours raised {_one_line(result['error'])}. {pytorch}"
        )
    y = result["outputs"].get("y")
    finite = isinstance(y, np.ndarray) and bool(np.all(np.isfinite(y.astype(np.float64))))
    shown = "an output" + ("" if finite else " with NaN or infinity")
    return (
        f"Batch of one value per channel (training): yours returned {shown}; the output is β for "
        f"every input and γ gets no gradient. {pytorch}"
    )
