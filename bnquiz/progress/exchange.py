"""Progress in a file, to carry between machines: `export` writes the whole history as JSON
Lines, `merge_file` merges such a file into this machine's history.

The first line says what the file is (`{"bnquiz": "progress", "version": 1, …}`); every other
line is one answer or one drill check, with the id it has on every machine, so that importing a
file twice, or a file that holds answers this machine already has, counts nothing twice. Review
cards are not in the file: a merge rebuilds the card of each question that gained answers from
all of them, in time order (`review.replay`), as if they had all been given on one machine.
A file is read and checked whole before anything is written; then it is merged in one
transaction, so a bad file leaves the history as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bnquiz.errors import BnquizError
from bnquiz.language import N_, _
from bnquiz.outcome import Status, Verdict
from bnquiz.progress.clock import stamp
from bnquiz.progress.review import Mode, replay
from bnquiz.progress.rows import Answer, DrillCheck, Merged

if TYPE_CHECKING:
    from pathlib import Path

    from bnquiz.progress.store import Store

KIND = "progress"  # what the first line's "bnquiz" says
VERSION = 1  # the format this bnquiz writes and reads; a newer one is refused, never half-read


def export(store: Store, when: datetime) -> Iterator[str]:
    """The file's lines: the header, then every answer and every drill check, oldest first."""
    from bnquiz import __version__

    answers, checks = store.history()
    header = {"bnquiz": KIND, "version": VERSION, "written_by": __version__, "exported_at": stamp(when)}
    yield _line(header | {"answers": len(answers), "drill_checks": len(checks)})
    for answer in answers:
        fields = answer._asdict() | {"answered_at": stamp(answer.answered_at)}
        yield _line({"type": "answer", "id": fields.pop("uid"), **fields})
    for check in checks:
        fields = check._asdict() | {"checked_at": stamp(check.checked_at), "findings": list(check.findings)}
        yield _line({"type": "drill_check", "id": fields.pop("uid"), **fields})


def merge_file(store: Store, path: Path, renames: dict[str, tuple[str, str]], fuzz: bool) -> Merged:
    """Merge the file's history into the store's; `renames`: a former question id → the id
    and topic of the question that carries it on, as the bank says today."""
    answers, checks = read(path)
    moved = [
        a._replace(question_id=renames[a.question_id][0], topic=renames[a.question_id][1])
        if a.question_id in renames
        else a
        for a in answers
    ]
    return store.merge(moved, checks, lambda qid, found: replay(qid, found, fuzz))


def read(path: Path) -> tuple[list[Answer], list[DrillCheck]]:
    """Every answer and drill check in the file; a BnquizError naming the line and what is
    wrong with it for a file that is not one, comes from a newer bnquiz, or is damaged."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BnquizError(_("cannot read {file}: {error}").format(file=path, error=_reason(exc))) from None
    header = _check_header(path, lines[0] if lines else "")
    answers: list[Answer] = []
    checks: list[DrillCheck] = []
    for number, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        try:
            record = _record(text)
        except ValueError as exc:
            raise BnquizError(_("{file}:{line}: {error}").format(file=path, line=number, error=exc)) from None
        if isinstance(record, Answer):
            answers.append(record)
        else:
            checks.append(record)
    if [header.get("answers"), header.get("drill_checks")] != [len(answers), len(checks)]:
        said = _(
            "{file} is incomplete: its first line counts {answers} answers and {checks} drill checks,"
            " it holds {found} and {found_checks}"
        )
        counts = {"answers": header.get("answers"), "checks": header.get("drill_checks")}
        raise BnquizError(said.format(file=path, found=len(answers), found_checks=len(checks), **counts))
    return answers, checks


def _check_header(path: Path, first: str) -> dict[str, Any]:
    """The first line, read: what the file is, its version and what it holds."""
    try:
        header = json.loads(first)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("bnquiz") != KIND:
        raise BnquizError(
            _("{file} is not a bnquiz progress file (see bnquiz progress export)").format(file=path)
        )
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BnquizError(_("{file}:1: no valid format version").format(file=path))
    if version > VERSION:
        said = _(
            "{file} was written by a newer bnquiz (progress format {version}; this one reads"
            " {known}): upgrade bnquiz to import it"
        )
        raise BnquizError(said.format(file=path, version=version, known=VERSION))
    return header


def _record(text: str) -> Answer | DrillCheck:
    """One line's answer or drill check; ValueError saying what is wrong with it."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(_("not JSON ({error})").format(error=exc)) from None
    kind = data.get("type") if isinstance(data, dict) else None
    if kind not in _FIELDS:
        raise ValueError(_("neither an answer nor a drill check"))
    fields = _FIELDS[kind]
    wanted = {"type", "id", *fields}
    if missing := sorted(wanted - set(data)):
        raise ValueError(_("{what} without {fields}").format(what=_(_WHAT[kind]), fields=", ".join(missing)))
    if unknown := sorted(set(data) - wanted):
        raise ValueError(
            _("{what} with unknown {fields}").format(what=_(_WHAT[kind]), fields=", ".join(unknown))
        )
    values = {}
    for name, read in (("id", _uid), *fields.items()):
        try:
            values[name] = read(data[name])
        except (TypeError, ValueError):
            raise ValueError(
                _("{field} is not valid: {value}").format(field=name, value=json.dumps(data[name]))
            ) from None
    uid = values.pop("id")
    if kind == "answer":
        return Answer(**values, uid=uid)
    return DrillCheck(**values, uid=uid)


def _typed(
    kind: type | tuple[type, ...], check: Callable[[Any], bool] = lambda value: True
) -> Callable[[Any], Any]:
    """A reader of one field: the value itself, if it is of `kind` (never a bool standing in for
    a number) and passes `check`; else a ValueError."""

    def read(value: Any) -> Any:
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool) or not check(value):
            raise ValueError(value)
        return value

    return read


def _number(check: Callable[[float], bool]) -> Callable[[Any], float]:
    number = _typed((int, float), check)
    return lambda value: float(number(value))


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(value)
    return tuple(_TEXT(item) for item in value)


def _time(value: Any) -> datetime:
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        raise ValueError(value)
    return when


def _uid(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 32:
        raise ValueError(value)
    return bytes.fromhex(value).hex()


_WHAT = {"answer": N_("an answer"), "drill_check": N_("a drill check")}
_TEXT = _typed(str, lambda value: bool(value.strip()))
_SECONDS = _number(lambda value: value >= 0)
_FIELDS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "answer": {
        "question_id": _TEXT,
        "topic": _TEXT,
        "answered_at": _time,
        "given": _typed(str),
        "verdict": Verdict,
        "score": _number(lambda value: 0 <= value <= 1),
        "hint_used": _typed(bool),
        "seconds": _SECONDS,
        "misconception": lambda value: None if value is None else _TEXT(value),
        "mode": Mode,
    },
    "drill_check": {
        "drill": _TEXT,
        "file": _typed(str),
        "checked_at": _time,
        "status": Status,
        "findings": _texts,
        "seconds": _SECONDS,
    },
}


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return _("not UTF-8")
    return str(getattr(exc, "strerror", None) or exc)
