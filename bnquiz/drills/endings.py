"""Findings about how the child process itself ended: timeouts, caps, crashes, exits, and the
processes it left running."""

from __future__ import annotations

from bnquiz.drills.catalog import finding
from bnquiz.drills.results import StepResult
from bnquiz.drills.sandbox import Ending
from bnquiz.drills.spec import Scenario
from bnquiz.drills.verdict import Finding
from bnquiz.language import N_, _, ngettext

_CAPS = {  # the cap a run passed → what to say (`where`: the case it was running, if known)
    "processes": N_("Stopped{where}: it passed the processes cap."),
    "threads": N_("Stopped{where}: it passed the threads cap."),
}
_CAP = N_("Stopped{where}: it passed the {cap} cap.")


def ending_findings(
    ending: Ending, scenarios: list[Scenario], results: list[list[StepResult | None]], done: bool
) -> list[Finding]:
    """Timeouts, crashes, caps and exits: the process itself ended badly. `done`: the child
    reported that every scenario was run."""
    running = _running(scenarios, results)
    where = ""
    if running:
        where = _(" while running case {case} ({about})").format(case=running.id, about=running.about)
    if ending.timed_out:
        why = _("Stopped after {seconds} s{where}.").format(seconds=f"{ending.seconds:.0f}", where=where)
        return [finding("timeout", why=why)]
    if ending.too_many:
        why = _(_CAPS.get(ending.too_many, _CAP)).format(where=where, cap=ending.too_many)
        return [finding("processes", why=why)]
    if ending.memory_exceeded:
        why = _("Stopped{where}: its processes' resident memory passed the sandbox's cap.").format(
            where=where
        )
        return [finding("memory", why=why)]
    if ending.flooded:
        why = _("Stopped{where}: it printed more than the sandbox keeps.").format(where=where)
        return [finding("output-flood", why=why)]
    if ending.signal_name:
        why = _("Killed by {signal}{where}.").format(signal=ending.signal_name, where=where)
        return [finding("crashed", why=why)]
    found = []
    if not done:
        why = _("The process exited with status {status}{where}.").format(
            status=ending.returncode, where=where
        )
        found.append(finding("exited", why=why))
    if ending.left_running:
        count = ending.left_running
        why = ngettext(
            "{count} process still running when your code was done; bnquiz killed it.",
            "{count} processes still running when your code was done; bnquiz killed them.",
            count,
        ).format(count=count)
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
