"""Every word the drill grader says: what each finding is called, what it means, how to fix it.

A mistake's title has a `{where}` slot that the judge fills with the code paths it shows in
("in your backward pass"), so one entry serves every path; `{detail}` takes what the spec found
(the dimensions reduced). Every finding has a fix. The entries live in one module per code path
(`forward`, `running`, `inputs`, `backward`) and one for the ways a run breaks (`broken`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bnquiz.drills.catalog.backward import BACKWARD
from bnquiz.drills.catalog.broken import BROKEN
from bnquiz.drills.catalog.entry import Text
from bnquiz.drills.catalog.forward import FORWARD
from bnquiz.drills.catalog.inputs import INPUTS
from bnquiz.drills.catalog.running import RUNNING
from bnquiz.drills.catalog.spacing import spaced
from bnquiz.drills.verdict import CaseValues, Check, ErrorInfo, Finding
from bnquiz.language import N_, _, ngettext

__all__ = ["BROKEN", "MISTAKES", "NOTES", "Text", "finding", "join", "text", "title"]

MISTAKES: dict[str, Text] = {**FORWARD, **RUNNING, **INPUTS, **BACKWARD}

# where a finding shows: " in your backward pass", " in your training forward and eval forward"
WHERE = N_(" in your {paths}")
AND = " and "

# each note is marked here and translated where it is filled in, through a name
# (`note = NOTES[id]; _(note)`): a literal key inside `_()` would be extracted as a message
NOTES = {
    "cuda-skipped": N_(
        "CUDA checks skipped: no CUDA device here (they run where torch.cuda.is_available())."
    ),
    "optional-skipped": N_("{function} is not defined: its checks were not run."),
    "not-judged": N_(
        "Your {path} was not judged on its own: the {depends} it builds on is wrong in a "
        "way bnquiz does not recognise."
    ),
    "edition-given": N_("Graded as {label}: {source}."),
    "edition-inferred": N_("Graded as {label}: your code's running statistics follow it."),
}


def title(
    id: str,
    paths: list[str],
    right: list[str],
    detail: str = "",
    quantity: str = "",
    texts: Mapping[str, Text] | None = None,
) -> str:
    """A finding's one-line title: the mistake, where it shows, and what is right beside it.
    `texts`: a drill's texts for mistakes of its own, looked up first."""
    found = text(id, texts)
    where = _(WHERE).format(paths=_labels(paths)) if paths and "{where}" in found.title else ""
    named = f"`{quantity}`" if quantity else _("your result")
    line = _(found.title).format(where=where, detail=detail, quantity=named)
    if right:
        line += ngettext("; your {paths} is right", "; your {paths} are right", len(right)).format(
            paths=_labels(right)
        )
    return spaced(line[0].upper() + line[1:])


def join(items: list[str], comma: str = ", ", last: str = AND) -> str:
    return items[0] if len(items) == 1 else comma.join(items[:-1]) + last + items[-1]


def _labels(paths: list[str]) -> str:
    """Code paths' labels in a sentence: "training forward and eval forward"."""
    return join([_(path) if path else path for path in paths], _(", "), _(" and "))


def text(id: str, texts: Mapping[str, Text] | None = None) -> Text:
    """A finding's words: the drill's own `texts` first, then the catalog."""
    return (texts or {}).get(id) or MISTAKES.get(id) or BROKEN[id]


def finding(
    id: str,
    *,
    where: Sequence[str] = (),
    right: Sequence[str] = (),
    detail: str = "",
    quantity: str = "",
    paths: tuple[str, ...] = (),
    quantities: tuple[str, ...] = (),
    evidence: Check | None = None,
    why: str = "",
    error: ErrorInfo | None = None,
    values: CaseValues | None = None,
    texts: Mapping[str, Text] | None = None,
) -> Finding:
    """A finding in the catalogue's words. `where`: the labels of the paths its title names;
    `right`: those it calls right beside them; `paths`: the ids it is recorded on; `why`: said
    instead of the catalogue's explanation (what happened in this run)."""
    words = text(id, texts)
    return Finding(
        id,
        title(id, list(where), list(right), detail, quantity, texts),
        why or _(words.why),
        _(words.fix),
        paths,
        quantities,
        evidence,
        error,
        values,
    )
