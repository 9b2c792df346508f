"""The question bank's records, and lookup by id.

NamedTuples rather than frozen dataclasses: as immutable, and much cheaper to define, which every
command pays at start-up when it unpickles the cached bank (measured: 10.5 ms for eight frozen
dataclasses of this size, 1.2 ms for eight NamedTuples; the start-up floor is about 90 ms).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from bnquiz.errors import BnquizError, UsageError
from bnquiz.language import N_, _

FORMAT = 1  # the `format:` every bank file declares
LEVELS = {1: N_("easy"), 2: N_("medium"), 3: N_("hard")}  # shown through `language._`
# what `_unknown` says: without and with names close to the one asked for
UNKNOWN_TOPIC = (
    N_("unknown topic {name}. The topics: {topics}."),
    N_("unknown topic {name}; did you mean {close}? The topics: {topics}."),
)
UNKNOWN_QUESTION = (
    N_("unknown question {name}. The topics: {topics}."),
    N_("unknown question {name}; did you mean {close}? The topics: {topics}."),
)


class Source(NamedTuple):
    id: str
    short: str  # "Ioffe & Szegedy 2015": shown inline after an explanation
    title: str
    url: str


class Citation(NamedTuple):
    source: Source
    locator: str  # "§3.2", "Table 2", or ""


class Misconception(NamedTuple):
    id: str
    claim: str  # what people wrongly believe, in one line
    correction: str  # the truth, in one line
    zh: tuple[tuple[str, Any], ...] = ()  # its Chinese text, by key (see `translation`)


class SheetEntry(NamedTuple):
    title: str
    text: str  # plain text with Unicode maths; `code` spans allowed
    citations: tuple[Citation, ...] = ()
    formula: str | None = None  # the formula in readable Unicode, for the terminal
    tex: str | None = None  # the same formula in LaTeX, for Markdown and (through Typst) PDF
    table: tuple[tuple[str, ...], ...] = ()  # header row first
    check: str | None = None  # Python that proves the formula and figures; see `checks`
    line: int = 0
    zh: tuple[tuple[str, Any], ...] = ()


class Topic(NamedTuple):
    id: str
    title: str
    summary: str
    sheet: tuple[SheetEntry, ...] = ()
    file: str = ""
    order: int = 1000  # where the topic goes in listings and on the sheet (then by file name)
    zh: tuple[tuple[str, Any], ...] = ()


class Question(NamedTuple):
    id: str  # "<topic>/<slug>", stable forever: progress is keyed on it
    topic: str
    kind: str  # a name in `bnquiz.quiz.kinds.KINDS`, which knows what the fields below mean
    level: int
    prompt: str
    explain: str
    citations: tuple[Citation, ...]
    answer: Any = None  # the key, in the form its kind parses answers into
    choices: tuple[str, ...] = ()
    tolerance: float = 0.0
    points: tuple[str, ...] = ()  # text: the key points a good answer covers
    steps: tuple[str, ...] = ()  # order: the steps, in the right order
    code: str = ""  # lines: the listing the user debugs
    fix: str = ""  # lines: the same listing with its faulty lines corrected
    hint: str | None = None
    misconception: str | None = None
    check: str | None = None  # Python that proves the answer; see `checks`
    file: str = ""
    line: int = 0
    zh: tuple[tuple[str, Any], ...] = ()
    aliases: tuple[str, ...] = ()  # the ids it had before a move or a merge: history under them is its


class Bank(NamedTuple):
    topics: tuple[Topic, ...]
    questions: tuple[Question, ...]
    sources: dict[str, Source]
    misconceptions: dict[str, Misconception]

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id, in any case (`ICS` is `ics`)."""
        for topic in self.topics:
            if topic.id.lower() == topic_id.lower():
                return topic
        raise UsageError(_unknown(UNKNOWN_TOPIC, topic_id, [t.id for t in self.topics], self))

    def question(self, question_id: str) -> Question:
        """The question with this id, or the one that took this id over (a move, a merge)."""
        for question in self.questions:
            if question.id == question_id:
                return question
        for question in self.questions:
            if question_id in question.aliases:
                return question
        raise UsageError(_unknown(UNKNOWN_QUESTION, question_id, [q.id for q in self.questions], self))

    def renames(self) -> dict[str, Question]:
        """Each former id → the question that carries it on (see `Question.aliases`)."""
        return {alias: q for q in self.questions for alias in q.aliases}

    def moves(self) -> dict[str, tuple[str, str]]:
        """Each former id → the id and topic of the question that carries it on: where the
        history kept under that id belongs now."""
        return {old: (q.id, q.topic) for old, q in self.renames().items()}

    def in_topic(self, topic_id: str) -> list[Question]:
        return [q for q in self.questions if q.topic == topic_id]

    def localized(self, language: str) -> Bank:
        """The bank in this language: each record's text replaced by its translation where it
        has one (ids, answers, sources and checks are the same in every language; see
        `translation` for the `zh` blocks)."""
        if language == "en":
            return self

        def tr(record: Any) -> Any:
            return record._replace(**dict(record.zh)) if record.zh else record

        topics = tuple(tr(t)._replace(sheet=tuple(tr(e) for e in t.sheet)) for t in self.topics)
        misconceptions = {key: tr(m) for key, m in self.misconceptions.items()}
        return self._replace(
            topics=topics, questions=tuple(tr(q) for q in self.questions), misconceptions=misconceptions
        )

    def topic_ids(self, names: list[str] | None) -> list[str]:
        """The ids of the topics named (in any case); a UsageError names an unknown one."""
        return [self.topic(name).id for name in names or []]


class Problem(NamedTuple):
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class BankError(BnquizError):
    """The bank has problems; `problems` holds every one of them, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = ""
        if len(problems) > 1:
            more = _(" (and {count} more; run `bnquiz validate`)").format(count=len(problems) - 1)
        super().__init__(f"{problems[0]}{more}")


def _unknown(what: tuple[str, str], name: str, known: list[str], bank: Bank) -> str:
    """One line: what is unknown, what it may have meant, and the topics there are."""
    import difflib

    wanted = name.lower()
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.8) or difflib.get_close_matches(
        wanted, known, n=1, cutoff=0.6
    )
    topics = ", ".join(t.id for t in bank.topics)
    return _(what[bool(close)]).format(name=repr(name), close=", ".join(close), topics=topics)
