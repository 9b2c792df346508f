"""The question bank: its records, how banks are found and cached, and the checks that prove them.

A bank is a folder of topic files (`<topic>.yaml`) plus optional `sources.yaml` and
`misconceptions.yaml`. The bundled bank ships as the package `bnquiz.questions`; users add folders
or single files of their own. `bnquiz.schema` turns the YAML into these records and reports every
problem as file:line; it is imported only when a bank must actually be parsed, because a clean
bank is cached. The records are NamedTuples rather than frozen dataclasses: as immutable, and
much cheaper to define, which every quiz command pays for at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from bnquiz.errors import BnquizError, UsageError

FORMAT = 1
KINDS = ("choice", "multi", "truefalse", "number", "shape", "text", "order")
LEVELS = {1: "easy", 2: "medium", 3: "hard"}
REGISTRIES = ("sources.yaml", "misconceptions.yaml")  # the files that are not topics


class Source(NamedTuple):
    id: str
    short: str  # "Ioffe & Szegedy 2015": shown inline after an explanation
    title: str
    url: str


class Misconception(NamedTuple):
    id: str
    claim: str  # what people wrongly believe, in one line
    correction: str  # the truth, in one line


class SheetEntry(NamedTuple):
    title: str
    text: str  # plain text with Unicode maths; `code` spans allowed
    citations: tuple[Citation, ...] = ()
    formula: str | None = None  # the formula in readable Unicode, for the terminal
    tex: str | None = None  # the same formula in LaTeX, for Markdown and (through Typst) PDF
    table: tuple[tuple[str, ...], ...] = ()  # header row first
    check: str | None = None  # Python that proves the formula and figures; see `run_sheet_check`
    line: int = 0


class Topic(NamedTuple):
    id: str
    title: str
    summary: str
    sheet: tuple[SheetEntry, ...] = ()
    file: str = ""
    order: int = 1000  # where the topic goes in listings and on the sheet (then by file name)


class Citation(NamedTuple):
    source: Source
    locator: str  # "§3.2", "Table 2", or ""


class Question(NamedTuple):
    id: str  # "<topic>/<slug>", stable forever: progress is keyed on it
    topic: str
    kind: str
    level: int
    prompt: str
    explain: str
    citations: tuple[Citation, ...]
    answer: Any = None  # int | tuple[int] | bool | float | shape tuple | model answer | None
    choices: tuple[str, ...] = ()
    tolerance: float = 0.0
    points: tuple[str, ...] = ()  # text: the key points a good answer covers
    steps: tuple[str, ...] = ()  # order: the steps, in the right order
    hint: str | None = None
    misconception: str | None = None
    check: str | None = None  # Python that proves the answer; see `run_check`
    file: str = ""
    line: int = 0


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
        raise UsageError(_unknown("topic", topic_id, [t.id for t in self.topics], self))

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise UsageError(_unknown("question", question_id, [q.id for q in self.questions], self))

    def in_topic(self, topic_id: str) -> list[Question]:
        return [q for q in self.questions if q.topic == topic_id]


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
        more = f" (and {len(problems) - 1} more; run `bnquiz validate`)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


def _unknown(what: str, name: str, known: list[str], bank: Bank) -> str:
    """One line: what is unknown, what it may have meant, and the topics there are."""
    import difflib

    wanted = name.lower()
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.8) or difflib.get_close_matches(
        wanted, known, n=1, cutoff=0.6
    )
    hint = f"; did you mean {', '.join(close)}?" if close else "."
    return f"unknown {what} {name!r}{hint} The topics: {', '.join(t.id for t in bank.topics)}."


# --- assembling banks ---------------------------------------------------------------------


def _bundled() -> Path:
    # find_spec answers for a wheel and for an editable install (where `questions/` is mapped
    # into the package) without importing importlib.resources, which costs start-up time.
    from importlib.util import find_spec

    spec = find_spec("bnquiz.questions")
    if spec is None or not spec.submodule_search_locations:
        raise BnquizError("the bundled question bank is missing; reinstall bnquiz")
    return Path(next(iter(spec.submodule_search_locations)))


def _yaml_files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        return
    # A single topic file still needs the sources and misconceptions that sit beside it.
    for registry in REGISTRIES:
        if path.name not in REGISTRIES and (path.parent / registry).is_file():
            yield path.parent / registry
    yield path


def registered() -> list[Path]:
    """The personal banks named in $BNQUIZ_BANK (paths separated like PATH's), for every command."""
    import os

    value = os.environ.get("BNQUIZ_BANK", "")
    paths = [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]
    for path in paths:
        if not path.exists():
            raise UsageError(f"BNQUIZ_BANK names {path}, which does not exist")
    return paths


def _files(extra: Iterable[Path]) -> list[Path]:
    roots = [_bundled(), *extra]
    for root in roots:
        if not root.exists():
            raise UsageError(f"no such bank file or folder: {root}")
        if root.is_dir() and not any(p.suffix in (".yaml", ".yml") for p in root.iterdir()):
            raise UsageError(f"{root} holds no YAML files (.yaml or .yml): it is not a bank folder")
    return list(dict.fromkeys(f.resolve() for root in roots for f in _yaml_files(root)))


def collect(extra: Iterable[Path] = ()) -> tuple[Bank, list[Problem]]:
    """Read the bundled bank plus `extra` folders or files; return the bank and every problem.

    A `sources.yaml` or `misconceptions.yaml` in any folder adds to the bundled ones. Ids of
    topics, questions, sources and misconceptions must be unique across everything read.
    """
    return _build(_files(extra))


def portability(extra: Iterable[Path] = ()) -> list[Problem]:
    """Warnings for YAML in `extra` that libyaml and PyYAML's own loader read differently:
    bnquiz uses the second where libyaml is not installed, so such a file breaks on some
    installs. (The bundled bank is proven with both by the test suite.)"""
    from bnquiz.schema import loader_disagreements

    bundled = set(_files([]))
    return [
        w for path in _files(extra) if path not in bundled for w in loader_disagreements(path, _display(path))
    ]


def _build(files: list[Path]) -> tuple[Bank, list[Problem]]:
    from bnquiz.schema import load_registry, load_topic_file

    problems: list[Problem] = []
    registry: dict[str, dict[str, Any]] = {name: {} for name in REGISTRIES}
    for path in (f for f in files if f.name in REGISTRIES):
        known = registry[path.name]
        for key, entry in load_registry(path, _display(path), problems).items():
            if key in known:
                problems.append(
                    Problem(_display(path), 0, f"{key!r} is already defined in another {path.name}")
                )
            known[key] = entry
    topics: dict[str, Topic] = {}
    questions: dict[str, Question] = {}
    for path in (f for f in files if f.name not in REGISTRIES):
        topic, found = load_topic_file(path, _display(path), registry, problems)
        if topic is not None:
            if topic.id in topics:
                problems.append(
                    Problem(topic.file, 0, f"topic {topic.id!r} is also defined in {topics[topic.id].file}")
                )
            topics[topic.id] = topic
        for question in found:
            if question.id in questions:
                first = questions[question.id]
                problems.append(
                    Problem(
                        question.file,
                        question.line,
                        f"duplicate question id {question.id!r} (first at {first.file}:{first.line})",
                    )
                )
            questions[question.id] = question
    bank = Bank(
        tuple(sorted(topics.values(), key=lambda t: t.order)),
        tuple(questions.values()),
        registry["sources.yaml"],
        registry["misconceptions.yaml"],
    )
    return bank, problems


def load_bank(extra: Iterable[Path] = ()) -> Bank:
    """Load the bundled bank plus `extra`; raise BankError if anything is wrong.

    A clean bank is cached, keyed on every file's path, size and modification time, so that
    quiz commands start without parsing YAML; any edit to any file rebuilds it.
    """
    files = _files(extra)
    stamp = _stamp(files)
    path = _cache_file(files)
    cached = _cache_read(path, stamp)
    if cached is not None:
        return cached
    bank, problems = _build(files)
    if problems:
        raise BankError(problems)
    _cache_write(path, stamp, bank)
    return bank


def _stamp(files: list[Path]) -> str:
    """What the cached bank was built from: bnquiz's version and every file's identity."""
    from bnquiz import __version__

    parts = [f"{__version__}/{FORMAT}"]
    for path in files:
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}")
    return "|".join(parts)


def _cache_file(files: list[Path]) -> Path:
    """One cache file per set of bank files: quizzing with --bank does not evict the default."""
    import zlib

    from platformdirs import user_cache_path

    name = zlib.crc32("|".join(map(str, files)).encode())
    return user_cache_path("bnquiz", appauthor=False) / f"bank-{name:08x}.pickle"


def _cache_read(path: Path, stamp: str) -> Bank | None:
    import pickle

    try:
        found_stamp, bank = pickle.loads(path.read_bytes())
    except Exception:  # missing or damaged: a cache miss, never an error
        return None
    return bank if found_stamp == stamp and isinstance(bank, Bank) else None


def _cache_write(path: Path, stamp: str, bank: Bank) -> None:
    import os
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".bank-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((stamp, bank), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache folder only costs speed


def _display(path: Path) -> str:
    """A short name for messages: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_UNSET = object()


def run_sheet_check(entry: SheetEntry, bank: Bank) -> None:
    """Execute a sheet entry's `check`: it sees `formula`, `tex`, `table` (header row first),
    `text` and the whole `bank`, so a figure can be tied to the question that uses it."""
    if entry.check is None:
        return
    namespace = {
        "formula": entry.formula,
        "tex": entry.tex,
        "table": entry.table,
        "text": entry.text,
        "bank": bank,
    }
    exec(compile(entry.check, f"<sheet check {entry.title}>", "exec"), namespace)


def run_check(question: Question, answer: Any = _UNSET) -> None:
    """Execute the question's `check`; it raises (AssertionError) when the answer key is wrong.

    The check sees `answer` (the parsed key: index, sorted indices, bool, float, shape tuple,
    model answer or steps), `choices`, `steps`, `points` and `tolerance`. Passing `answer`
    replaces the key, which is how the tests prove that a wrong key would be caught.
    """
    if question.check is None:
        return
    namespace = {
        "answer": question.answer if answer is _UNSET else answer,
        "choices": question.choices,
        "steps": question.steps,
        "points": question.points,
        "tolerance": question.tolerance,
    }
    exec(compile(question.check, f"<check {question.id}>", "exec"), namespace)
