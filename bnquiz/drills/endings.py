"""Findings about how the child process itself ended: timeouts, caps, crashes, exits, and the
processes it left running."""

from __future__ import annotations

from bnquiz.drills.catalog import finding
from bnquiz.drills.results import StepResult
from bnquiz.drills.sandbox import Ending
from bnquiz.drills.spec import Scenario
from bnquiz.drills.verdict import Finding


def ending_findings(
    ending: Ending, scenarios: list[Scenario], results: list[list[StepResult | None]], done: bool
) -> list[Finding]:
    """Timeouts, crashes, caps and exits: the process itself ended badly. `done`: the child
    reported that every scenario was run."""
    running = _running(scenarios, results)
    where = f" while running case {running.id} ({running.about})" if running else ""
    if ending.timed_out:
        return [finding("timeout", why=f"Stopped after {ending.seconds:.0f} s{where}.")]
    if ending.too_many:
        return [finding("processes", why=f"Stopped{where}: it passed the {ending.too_many} cap.")]
    if ending.memory_exceeded:
        why = f"Stopped{where}: its processes' resident memory passed the sandbox's cap."
        return [finding("memory", why=why)]
    if ending.flooded:
        return [finding("output-flood", why=f"Stopped{where}: it printed more than the sandbox keeps.")]
    if ending.signal_name:
        return [finding("crashed", why=f"Killed by {ending.signal_name}{where}.")]
    found = []
    if not done:
        found.append(finding("exited", why=f"The process exited with status {ending.returncode}{where}."))
    if ending.left_running:
        count = ending.left_running
        plural = count != 1
        why = f"{count} process{'es' * plural} still running when your code was done; "
        why += f"bnquiz killed {'them' if plural else 'it'}."
        found.append(finding("left-running", why=why))
    return found


def _running(scenarios: list[Scenario], results: list[list[StepResult | None]]) -> Scenario | None:
    """The case the child was running when it ended: the first step never reported whose
    scenario had not raised before it."""
    return next(
        (
            s
            for s, steps in zip(scenarios, results, strict=True)
            for k, r in enumerate(steps)
            if r is None and not any(e and e["status"] == "error" for e in steps[:k])
        ),
        None,
    )
