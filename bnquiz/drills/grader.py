"""Grading one file: start the sandboxed child, build the battery, hand it over, judge the outputs.

The child is started first so that it imports torch while the parent imports NumPy and builds
the inputs; the parent never imports the user's code. Generic: the drill's spec says what to
build, what to call and how to judge it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bnquiz.drills.catalog import BROKEN, NOTES, finding
from bnquiz.drills.endings import ending_findings
from bnquiz.drills.manifest import manifest
from bnquiz.drills.results import StepResult, read_json, read_results
from bnquiz.drills.sandbox import Child, Ending
from bnquiz.drills.spec import Arrays, Drill, Edition, Scenario
from bnquiz.drills.verdict import Check, CheckStatus, Finding, Verdict
from bnquiz.errors import BnquizError, UsageError
from bnquiz.language import _
from bnquiz.outcome import Status

if TYPE_CHECKING:
    from bnquiz.drills.forkserver import ForkServer

DEVICES = ("cpu", "cuda", "all")
# findings that do not make a run broken: it ran through, and the checks say how it went
_NOT_BROKEN = {"unrecognised", "nan", "wrong-dtype", "left-running"}


@dataclass(frozen=True)
class _Run:
    """What one run of the child left: the battery, how the process ended, what it reported."""

    scenarios: list[Scenario]
    inputs: list[list[Arrays]]
    ending: Ending
    results: list[list[StepResult | None]]
    module: dict[str, Any]  # whether the user's file loaded, and which optional functions it has
    done: bool  # every scenario was run


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
    warm: ForkServer | None = None,
) -> Verdict:
    """Run the drill's battery on the file at `path` and return the Verdict.

    `device`: "cpu", "cuda", "all", or None for every device present (CUDA checks show as
    skipped where there is none); "cuda" without CUDA is a UsageError. `edition`: grade by this
    edition (`edition_source` says who chose it); None with several editions: the one the
    code's behaviour follows. `search_path`: folders the user's imports may come from.
    `warm`: a warm process to fork the child from (a `ForkServer`), else a new interpreter.
    """
    if device not in (None, *DEVICES):
        raise UsageError(_("unknown device {device}; choose cpu, cuda or all").format(device=repr(device)))
    if timeout <= 0:
        raise UsageError(_("--timeout must be positive"))
    from bnquiz.drills.specs import edition as named

    first = named(drill, edition)
    _require(drill.framework)
    run = _run(path, drill, form, device, timeout, first, search_path, warm)
    shown = name or str(path)
    if run.module.get("kind") != "ok":
        return _broken_module(drill, first, shown, run.module, run.ending)
    # the drill's functions the file defines: its optional ones, and those its calling form requires
    optional = frozenset(str(p) for p in run.module.get("present", []) if p in drill.optional)
    present = optional | frozenset(drill.required(form))
    editions = [first] if edition is not None or len(drill.editions) == 1 else list(drill.editions)
    verdicts = [_verdict(drill, e, shown, run, present) for e in editions]
    best = min(verdicts, key=lambda v: (not v.passed, len(v.findings), -v.counts[0]))
    return _graded_by(best, editions[verdicts.index(best)], edition is not None, edition_source)


def _run(
    path: Path,
    drill: Drill,
    form: str,
    device: str | None,
    timeout: float,
    edition: Edition,
    search_path: tuple[str, ...],
    warm: ForkServer | None = None,
) -> _Run:
    """Start the child, build the battery while it imports its framework, hand the battery over
    and read back what the child wrote."""
    devices = ("cpu", "cuda") if device in (None, "cuda", "all") else ("cpu",)
    child = Child(drill.framework, timeout, drill.ranks, warm)
    try:
        scenarios, inputs = _battery(drill, devices, edition, device == "cuda")
        child.go(manifest(child.workdir, drill, form, path, scenarios, inputs, search_path))
        ending = child.wait()
        env = read_json(child.workdir / "env.json")
        if env is None:  # the child died before it could run any user code: not the user's fault
            raise BnquizError(_startup_failure(drill, ending))
        if device == "cuda" and not env.get("cuda", False):
            raise UsageError(_("--device cuda: no CUDA device is available here"))
        results = [read_results(child.workdir, i, s, drill.ranks) for i, s in enumerate(scenarios)]
        module = read_json(child.workdir / "module.json") or {"kind": "ok", "present": []}
        done = (child.workdir / "done.json").exists()
    finally:
        child.cleanup()
    return _Run(scenarios, inputs, ending, results, module, done)


_BATTERIES: dict[tuple[int, tuple[str, ...], int, bool, str], tuple[list[Scenario], list[list[Arrays]]]] = {}


def _battery(
    drill: Drill, devices: tuple[str, ...], edition: Edition, cuda_only: bool
) -> tuple[list[Scenario], list[list[Arrays]]]:
    """The drill's scenarios and their inputs, built once per process: they depend on nothing but
    their arguments (seeded) and the language, and re-checks (watch mode, a notebook) need not
    rebuild them. The arrays are read-only, so that no judge can change them for the next check."""
    from bnquiz.language import spoken

    key = (id(drill), devices, id(edition), cuda_only, spoken())  # scenarios carry words in it
    built = _BATTERIES.get(key)
    if built is None:
        scenarios = [s for s in drill.scenarios(devices, edition) if not cuda_only or s.device == "cuda"]
        inputs = [drill.inputs(s, edition) for s in scenarios]
        for step in (arrays for calls in inputs for arrays in calls):
            for array, _dtype in step.values():
                array.setflags(write=False)
        built = (scenarios, inputs)
        if len(_BATTERIES) >= 4:  # a few drills' worth: re-checks need the latest
            _BATTERIES.clear()
        _BATTERIES[key] = built
    return built


def _verdict(drill: Drill, edition: Edition, name: str, run: _Run, present: frozenset[str]) -> Verdict:
    from bnquiz.drills.judge import Judge

    checks, findings, notes, paths = Judge(drill, edition, run.scenarios, run.inputs, present).judge(
        run.results
    )
    ended = ending_findings(run.ending, run.scenarios, run.results, run.done)
    # what the ending says already (a flood) is not said again by the exception it caused
    findings = ended + [f for f in findings if f.id not in {e.id for e in ended}]
    status = _status(run.ending, checks, findings)
    if not checks and not findings:
        findings = [finding("exception", why=_("No case could be run."))]
    return Verdict(
        drill.name,
        name,
        status,
        tuple(checks),
        tuple(findings),
        tuple(paths),
        tuple(notes),
        run.ending.stdout,
        run.ending.seconds,
        edition.conventions,
        edition.pytorch_differs,
    )


def _status(ending: Ending, checks: list[Check], findings: list[Finding]) -> Status:
    """Broken: the process ended badly, or the code broke and no check passed; failed: anything
    found, or a check that did not pass (no case at all that could run is a failure too)."""
    broken = {f.id for f in findings} & (set(BROKEN) - _NOT_BROKEN)
    ended_badly = (
        ending.timed_out
        or ending.memory_exceeded
        or ending.flooded
        or bool(ending.too_many)
        or ending.signal_name is not None
    )
    if ended_badly or (broken and not any(c.status == CheckStatus.PASS for c in checks)):
        return Status.BROKEN
    if findings or not checks or any(c.status not in (CheckStatus.PASS, CheckStatus.SKIP) for c in checks):
        return Status.FAILED
    return Status.PASSED


def _graded_by(verdict: Verdict, chosen: Edition, asked: bool, source: str) -> Verdict:
    """A drill with several editions says which one it graded by, and who chose it."""
    if not chosen.name:
        return verdict
    label = _(chosen.label) if chosen.label else chosen.label
    note = NOTES["edition-given" if asked else "edition-inferred"]  # marked in the catalog
    said = _(source) if source else _("the edition asked for")
    note = _(note).format(label=label, source=said)
    return replace(verdict, edition=chosen.name, notes=(note, *verdict.notes))


def _broken_module(
    drill: Drill, edition: Edition, name: str, module: dict[str, Any], ending: Ending
) -> Verdict:
    """The file could not be loaded, or lacks a function the drill calls: nothing was run."""
    kind = module.get("kind", "import-error")
    error = module.get("error")
    if kind == "missing-function":
        found = ", ".join(module.get("found") or []) or _("none")
        message = _("missing: {missing} (found: {found})")
        error = {
            "type": "",
            "message": message.format(missing=", ".join(module["missing"]), found=found),
            "frames": [],
        }
    if kind not in BROKEN:
        kind = "import-error"
    return Verdict(
        drill.name,
        name,
        Status.BROKEN,
        (),
        (finding(kind, error=error),),
        (),
        (),
        ending.stdout,
        ending.seconds,
        edition.conventions,
        edition.pytorch_differs,
    )


def _startup_failure(drill: Drill, ending: Ending) -> str:
    if ending.timed_out:
        said = _("timed out before your code ran (is importing {framework} slow here?); raise --timeout")
        return said.format(framework=drill.framework)
    lines = [line for line in ending.stderr.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else _("no message")
    return _("the grader's child process failed before running your code: {message}").format(message=last)


def _require(framework: str) -> None:
    if importlib.util.find_spec(framework) is None:
        said = _("this drill needs {framework}, which is not installed: pip install {framework}")
        raise UsageError(said.format(framework=framework))
    if importlib.util.find_spec("numpy") is None:
        raise UsageError(_("the drills need numpy, which is not installed: pip install numpy"))
