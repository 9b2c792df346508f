"""The sandboxed child's own messages in the language in use. The child speaks English only (it
loads nothing it does not need); beside each message of its own it reports what the message
means, an id and its values, and this says it again from the catalog. The child is untrusted:
only the ids known here are said again, and anything amiss falls back to its English words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bnquiz.language import N_, _, current

if TYPE_CHECKING:
    from bnquiz.drills.verdict import ErrorInfo

_MEANINGS = {
    "not-array": N_("{what} is {type}, not {kind}"),
    "not-tuple": N_("it returned {type}; expected a tuple {shape}"),
    "exit-status": N_("exit status {code}"),
    "not-joined": N_("rank {waiting} waited in a collective that rank {missing} never joined"),
    "outside-group": N_(
        "rank {waiting} waited in a collective that rank {missing} never joined: rank {missing} is "
        "not in this call's group (pass group=group to every collective)"
    ),
    "rank-gone": N_("rank {rank} never returned from this call (its process ended, or was stopped)"),
}
# the words the child puts in them
_WORDS = (N_("a tensor"), N_("a NumPy array"), N_("an nn.Module"), N_("a result"), N_("bad return"))


def message(error: ErrorInfo) -> str:
    """The exception's message, in the language in use where bnquiz wrote it (the user's own
    exceptions speak for themselves)."""
    said, text = error.get("said"), error.get("message", "")
    if current() == "en" or not isinstance(said, dict) or said.get("id") not in _MEANINGS:
        return text
    values = {key: _(str(value)) if key in ("what", "kind") else str(value) for key, value in said.items()}
    from bnquiz.drills.catalog.spacing import spaced

    try:
        return spaced(_(_MEANINGS[str(said["id"])]).format_map(values))
    except (KeyError, ValueError):  # the child is untrusted: a value missing is its own message
        return text


def headline(error: ErrorInfo) -> str:
    """The exception's type and its message: "ValueError: …", in the language in use."""
    said, name = message(error), kind(error)
    return _("{kind}: {message}").format(kind=name, message=said) if name and said else name or said


def kind(error: ErrorInfo) -> str:
    """The exception's type, in the language in use where it is bnquiz's own word."""
    name = error.get("type", "")
    return _(name) if name == "bad return" else name
