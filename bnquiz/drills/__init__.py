"""Coding drills: the user writes batch norm, bnquiz runs it in a sandbox and names what is wrong.

`check` is the one entry point (`bnquiz drill check` calls it too). Importing this package costs
nothing: the grader, NumPy and the specs load when a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bnquiz.language import N_, _

if TYPE_CHECKING:
    from pathlib import Path

    from bnquiz.drills.forkserver import ForkServer
    from bnquiz.drills.spec import Drill
    from bnquiz.drills.verdict import Verdict


def check(
    fn_or_path: Any,
    drill: str | None = None,
    device: str | None = None,
    record: bool = True,
    *,
    edition: str | None = None,
    timeout: float = 30.0,
    warm: ForkServer | None = None,
) -> Verdict:
    """Grade a drill solution and return its `Verdict` (`.passed`, `.findings`, `.to_json()`).

    `fn_or_path`: a .py file's path, an imported module, a function object (defined in a
    script, a notebook cell or a module; the object passed is the one graded), or a class (the
    module drill's BatchNorm2d, autograd's BatchNormFunction). The code runs only in a
    sandboxed child process.
    `drill`: a drill's name (`bnquiz drill list`; None: told by the code's function and class
    names). `device`: "cpu", "cuda" or "all" (None: every device present).
    `record`: keep the result in your progress (`bnquiz stats`).
    `edition`: for d2l, "classic" or "current" (None: from the file's marker, else from what
    the code does). `timeout`: seconds the code may run in all. `warm`: a process to fork the
    child from (a `ForkServer`: watch mode).
    """
    from bnquiz.drills import specs, submission
    from bnquiz.drills.grader import grade

    chosen = specs.get(drill) if drill else None
    companions = {
        f
        for d in specs.DRILLS.values()
        for f in (*d.functions, *d.optional, *(n for names in d.requires.values() for n in names))
    }
    alias = None  # a function of another name, checked for a named drill, stands in for its first
    if chosen is not None and hasattr(fn_or_path, "__code__") and fn_or_path.__name__ not in chosen.functions:
        alias = chosen.functions[0]
    source = submission.prepare(fn_or_path, companions, alias)
    try:
        if chosen is None:
            chosen, form = specs.infer(source.path)
        else:
            form = specs.form_of(chosen, source.path)
        given, said = _edition(chosen, edition, source.path)
        verdict = grade(
            source.path, chosen, form, device, timeout, given, said, source.search_path, source.name, warm
        )
    finally:
        source.discard()
    if record:
        verdict = _record(verdict)
    return verdict


def _edition(drill: Drill, edition: str | None, path: Path) -> tuple[str | None, str]:
    """The edition to grade by and who named it: the caller (checked by the grader), else the
    file's `# bnquiz: edition=…` marker when the drill has that edition, else nobody (None: the
    code's behaviour decides)."""
    from bnquiz.drills import specs

    if edition is not None:
        return edition, N_("the edition you asked for")  # translated in the grader's note
    marked = specs.marked_edition(path)
    if marked in {e.name for e in drill.editions if e.name}:
        return marked, N_("the edition your file's marker names")
    return None, ""


def _record(verdict: Verdict) -> Verdict:
    """Keep the result for `stats` and `drill list`; a store that fails only costs a warning."""
    from dataclasses import replace

    from bnquiz.progress.clock import clock
    from bnquiz.progress.database import Unusable, open_store
    from bnquiz.progress.store import StoreError

    warnings = list(verdict.warnings)
    try:
        opened = open_store()
        if opened.notice:
            warnings.append(opened.notice)
        try:
            findings = [f.id for f in verdict.findings]
            opened.store.record_drill(
                verdict.drill, verdict.file, verdict.status, findings, verdict.seconds, clock()
            )
        finally:
            opened.store.close()
    except Unusable as exc:
        warnings.append(
            _("not recorded: {error} (set BNQUIZ_HOME to a folder you can write)").format(error=exc)
        )
    except StoreError as exc:
        warnings.append(_("not recorded: {error}").format(error=exc))
    return replace(verdict, warnings=tuple(warnings))
