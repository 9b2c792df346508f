"""Which files make a bank, and loading them: `load_bank` (cached) and `collect` (every problem).

A bank is a folder of topic files (`<topic>.yaml`) plus optional `sources.yaml` and
`misconceptions.yaml`. The bundled bank ships as the package `bnquiz.questions`; users add folders
or single files of their own, on the command line or in $BNQUIZ_BANK. YAML is parsed (by
`schema`, imported only then) when a file changed since the bank was last cached.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bnquiz.errors import BnquizError, UsageError
from bnquiz.language import _
from bnquiz.quiz import cache
from bnquiz.quiz.records import Bank, BankError, Problem, Question, Topic

if TYPE_CHECKING:
    from bnquiz.quiz.schema import Registry

REGISTRIES = ("sources.yaml", "misconceptions.yaml")  # the files that are not topics


def load_bank(extra: Iterable[Path] = ()) -> Bank:
    """The bundled bank plus `extra` folders or files; BankError if anything is wrong.

    A clean bank is cached (see `cache`), so that commands start without parsing YAML.
    """
    files = _files(extra)
    stamp = cache.stamp(files)
    path = cache.location(files)
    cached = cache.read(path, stamp)
    if cached is not None:
        return cached
    bank, problems = _build(files)
    if problems:
        raise BankError(problems)
    cache.write(path, stamp, bank)
    return bank


def collect(extra: Iterable[Path] = ()) -> tuple[Bank, list[Problem]]:
    """Read the bundled bank plus `extra`, uncached; return the bank and every problem.

    A `sources.yaml` or `misconceptions.yaml` in any folder adds to the bundled ones. Ids of
    topics, questions, sources and misconceptions must be unique across everything read.
    """
    return _build(_files(extra), write=False)


def registry_ids(extra: Iterable[Path] = ()) -> dict[str, list[str]]:
    """The ids in every `sources.yaml` and `misconceptions.yaml` the bank reads (bundled, then
    `extra`'s), by file name; a file's problems are left to `validate`."""
    from bnquiz.quiz.schema import load_registry

    found: dict[str, list[str]] = {name: [] for name in REGISTRIES}
    for path in _files(extra):
        if path.name in REGISTRIES:
            found[path.name] += [
                key for key in load_registry(path, path.name, []) if key not in found[path.name]
            ]
    return found


def registered() -> list[Path]:
    """The personal banks named in $BNQUIZ_BANK (paths separated like PATH's), for every command."""
    import os

    value = os.environ.get("BNQUIZ_BANK", "")
    paths = [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]
    for path in paths:
        if not path.exists():
            raise UsageError(_("BNQUIZ_BANK names {path}, which does not exist").format(path=path))
    return paths


def portability(extra: Iterable[Path] = ()) -> list[Problem]:
    """Warnings for YAML in `extra` that libyaml and PyYAML's own loader read differently:
    bnquiz uses the second where libyaml is not installed, so such a file breaks on some
    installs. (The bundled bank is proven with both by the test suite.)"""
    from bnquiz.quiz.yamlfile import loader_disagreements

    bundled = set(_files([]))
    return [
        w for path in _files(extra) if path not in bundled for w in loader_disagreements(path, _display(path))
    ]


def _bundled() -> Path:
    # find_spec answers for a wheel and for an editable install (where `questions/` is mapped
    # into the package) without importing importlib.resources, which costs start-up time.
    from importlib.util import find_spec

    spec = find_spec("bnquiz.questions")
    if spec is None or not spec.submodule_search_locations:
        raise BnquizError(_("the bundled question bank is missing; reinstall bnquiz"))
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


def _files(extra: Iterable[Path]) -> list[Path]:
    roots = [_bundled(), *extra]
    for root in roots:
        if not root.exists():
            raise UsageError(_("no such bank file or folder: {path}").format(path=root))
        if root.is_dir() and not any(p.suffix in (".yaml", ".yml") for p in root.iterdir()):
            raise UsageError(
                _("{path} holds no YAML files (.yaml or .yml): it is not a bank folder").format(path=root)
            )
    return list(dict.fromkeys(f.resolve() for root in roots for f in _yaml_files(root)))


def _build(files: list[Path], write: bool = True) -> tuple[Bank, list[Problem]]:
    """The bank these files make, and every problem. The bundled bank, when it is clean and
    unchanged, comes from its own cache (written here only if `write`): only the user's files
    are parsed (the bundled records do not depend on theirs; clashes are still found)."""
    problems: list[Problem] = []
    bundled = [f for f in files if _is_bundled(f)]
    base = _clean_bundled(bundled, write) if len(bundled) < len(files) else None
    if base is not None:
        files = [f for f in files if f not in bundled]
    registry: Registry = {
        "sources.yaml": dict(base.sources) if base else {},
        "misconceptions.yaml": dict(base.misconceptions) if base else {},
    }
    _registry([f for f in files if f.name in REGISTRIES], problems, registry)
    topics = {t.id: t for t in base.topics} if base else {}
    questions = {q.id: q for q in base.questions} if base else {}
    _topics([f for f in files if f.name not in REGISTRIES], registry, problems, topics, questions)
    _alias_clashes(questions, problems)
    bank = Bank(
        tuple(sorted(topics.values(), key=lambda t: t.order)),
        tuple(questions.values()),
        registry["sources.yaml"],
        registry["misconceptions.yaml"],
    )
    return bank, problems


def _clean_bundled(files: list[Path], write: bool) -> Bank | None:
    """The bundled bank alone, from its cache (built and cached first if `write`); None if it
    is not cached and may not be, or has problems, which the caller then reports itself."""
    stamp, path = cache.stamp(files), cache.location(files)
    bank = cache.read(path, stamp)
    if bank is None:
        if not write:
            return None
        bank, problems = _build(files)
        if problems:
            return None
        cache.write(path, stamp, bank)
    return bank


def _registry(files: list[Path], problems: list[Problem], registry: Registry) -> None:
    """Add the entries of these registry files to `registry`; an id defined twice is a problem."""
    from bnquiz.quiz.schema import load_registry

    for path in files:
        known = registry[path.name]
        for key, entry in load_registry(path, _display(path), problems, _is_bundled(path)).items():
            if key in known:
                problems.append(
                    Problem(
                        _display(path),
                        0,
                        _("{id} is already defined in another {file}").format(id=repr(key), file=path.name),
                    )
                )
            known[key] = entry


def _topics(
    files: list[Path],
    registry: Registry,
    problems: list[Problem],
    topics: dict[str, Topic],
    questions: dict[str, Question],
) -> None:
    """Add the topics and questions of these files; an id defined twice is a problem."""
    from bnquiz.quiz.schema import load_topic_file

    for path in files:
        topic, found = load_topic_file(path, _display(path), registry, problems, _is_bundled(path))
        if topic is not None:
            if topic.id in topics:
                why = _("topic {id} is also defined in {file}").format(
                    id=repr(topic.id), file=topics[topic.id].file
                )
                problems.append(Problem(topic.file, 0, why))
            topics[topic.id] = topic
        for question in found:
            if question.id in questions:
                first = questions[question.id]
                why = _("duplicate question id {id} (first at {file}:{line})").format(
                    id=repr(question.id), file=first.file, line=first.line
                )
                problems.append(Problem(question.file, question.line, why))
            questions[question.id] = question


def _alias_clashes(questions: dict[str, Question], problems: list[Problem]) -> None:
    """A former id may name one question only, and never a question that exists today."""
    owner: dict[str, Question] = {}
    for question in questions.values():
        for alias in question.aliases:
            first = owner.setdefault(alias, question)
            if alias in questions or first is not question:
                other = questions.get(alias, first)
                why = _("alias {id} is already {other}'s (at {file}:{line})").format(
                    id=repr(alias), other=other.id, file=other.file, line=other.line
                )
                problems.append(Problem(question.file, question.line, why))


def _is_bundled(path: Path) -> bool:
    """Whether the file is the bundled bank's: those must be translated in full."""
    return path.parent == _bundled().resolve()


def _display(path: Path) -> str:
    """A short name for messages: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
