"""What the progress store reads and writes: an answer, a drill check, a review card, the totals
it keeps of them; and an answer's and a drill check's row, as the database holds it (`store` is
where the rows meet SQL)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from bnquiz.outcome import Status, Verdict
from bnquiz.progress.clock import stamp


class Answer(NamedTuple):
    """One answer, as recorded."""

    question_id: str
    topic: str
    answered_at: datetime
    given: str  # as typed
    verdict: Verdict
    score: float
    hint_used: bool
    seconds: float
    misconception: str | None  # the tag the question tests, when it has one
    mode: str  # a review.Mode: quiz, review or cram
    uid: str = ""  # its id on every machine (32 hex digits); "" for a new one: the store gives it one


class DrillCheck(NamedTuple):
    """One drill check, as recorded."""

    drill: str
    file: str
    checked_at: datetime
    status: Status
    findings: tuple[str, ...]  # finding ids
    seconds: float
    uid: str = ""


class Card(NamedTuple):
    """A question's review card: when it is due, how stable it is, the fsrs Card as JSON."""

    due: str  # a `clock.stamp`
    stability: float | None
    card: str


class Totals(NamedTuple):
    """A question's answers: how many, how many not skipped, and the sum of their scores."""

    answers: int
    answered: int
    score: float


class DrillTotals(NamedTuple):
    checks: int
    passed: bool
    best: Status
    last: str  # the `clock.stamp` of the latest check


class Merged(NamedTuple):
    """What merging another history added: answers, drill checks, and the questions whose
    review card was rebuilt from all their answers."""

    answers: int
    checks: int
    rescheduled: int


# the columns of a row in the database, in the order of `Answer` and `DrillCheck`
ANSWER = (
    "question_id, topic, answered_at, given, verdict, score, hint_used, seconds, misconception, mode, uid"
)
CHECK = "drill, file, checked_at, status, findings, seconds, uid"


def marks(columns: str) -> str:
    return ", ".join("?" * len(columns.split(",")))


def _uid(hexadecimal: str) -> bytes:
    """The id to store: the row's own, or a new random one."""
    import os

    return bytes.fromhex(hexadecimal) if hexadecimal else os.urandom(16)


def answer_row(answer: Answer) -> tuple[object, ...]:
    at, hint = stamp(answer.answered_at), int(answer.hint_used)
    return (
        *answer[:2],
        at,
        answer.given,
        str(answer.verdict),
        answer.score,
        hint,
        *answer[7:10],
        _uid(answer.uid),
    )


def answer_of(row: tuple[Any, ...]) -> Answer:
    qid, topic, at, given, verdict, score, hint, seconds, misconception, mode, uid = row
    when = datetime.fromisoformat(at)
    return Answer(
        qid, topic, when, given, Verdict(verdict), score, bool(hint), seconds, misconception, mode, uid.hex()
    )


def check_row(check: DrillCheck) -> tuple[object, ...]:
    import json

    findings = json.dumps(list(check.findings))
    return (
        check.drill,
        check.file,
        stamp(check.checked_at),
        str(check.status),
        findings,
        check.seconds,
        _uid(check.uid),
    )


def check_of(row: tuple[Any, ...]) -> DrillCheck:
    import json

    drill, file, at, status, findings, seconds, uid = row
    return DrillCheck(
        drill,
        file,
        datetime.fromisoformat(at),
        Status(status),
        tuple(json.loads(findings)),
        seconds,
        uid.hex(),
    )
