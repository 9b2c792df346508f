"""YAML read with line numbers, and `Checker`, which reports what is wrong with it as file:line.

A quiz started from the cached bank never imports YAML: the loader is built on first use.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from bnquiz.quiz.records import Problem

PURE_PYTHON = False  # read with PyYAML's own loader even where libyaml is installed (the tests do)


class Map(dict[Any, Any]):
    """A mapping that remembers the line of itself and of each key."""

    line = 0
    key_lines: dict[Any, int]


@functools.cache
def _loader(pure: bool = False) -> Any:
    """The safe loader (libyaml's, unless `pure` or absent) that builds `Map`s and notes
    duplicate keys."""
    import yaml

    base = yaml.SafeLoader if pure else getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        duplicates: list[tuple[int, str]]

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
    return Loader


def _construct_map(loader: Any, node: Any) -> Map:
    loader.flatten_mapping(node)
    result = Map()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            loader.duplicates.append((line, f"duplicate key {key!r}"))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _parse(text: str, name: str, pure: bool) -> tuple[Any, list[Problem]]:
    """The data and the problems found in parsing (a syntax error, duplicate keys)."""
    import yaml

    loader = _loader(pure)(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [
            Problem(name, mark.line + 1 if mark else 1, f"invalid YAML: {exc.problem or exc.context}")
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 1, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    return data, [Problem(name, line, message) for line, message in loader.duplicates]


def read(path: Path, name: str, problems: list[Problem]) -> Any:
    """The file's data; None, with the problem recorded, when it is unreadable or empty."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, 1, f"cannot read: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(
            Problem(name, line, f"not UTF-8: byte {exc.start} (0x{raw[exc.start]:02x}) cannot be decoded")
        )
        return None
    data, found = _parse(text, name, PURE_PYTHON)
    problems.extend(found)
    if data is None and not found:
        problems.append(Problem(name, 1, "the file is empty"))
    return data


def loader_disagreements(path: Path, name: str) -> list[Problem]:
    """Where libyaml and PyYAML's own loader read a file differently (one fails, or the data
    differ): bnquiz falls back to the second where libyaml is missing, so such a file would
    break on some installs. Empty where libyaml is absent or they agree."""
    import yaml

    if not hasattr(yaml, "CSafeLoader"):
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # reported by the ordinary read
    (fast, fast_problems), (pure, pure_problems) = (_parse(text, name, p) for p in (False, True))
    failed = [p for p in (*fast_problems, *pure_problems) if p.message.startswith("invalid YAML: ")]
    fast_failed = any(p in fast_problems for p in failed)
    pure_failed = any(p in pure_problems for p in failed)
    if pure_failed and not fast_failed:
        why = failed[0].message.removeprefix("invalid YAML: ")
        return [Problem(name, failed[0].line, f"warning: only libyaml reads this ({why}); quote the text")]
    if fast_failed and not pure_failed:
        why = failed[0].message.removeprefix("invalid YAML: ")
        return [Problem(name, failed[0].line, f"warning: only PyYAML's own loader reads this ({why})")]
    if not fast_failed and fast != pure:
        return [Problem(name, 1, "warning: libyaml and PyYAML's own loader read this file differently")]
    return []


class Checker:
    """Collects the problems of one file; `at(map, key)` gives the best line for a message."""

    def __init__(self, name: str, problems: list[Problem], translated: bool = False) -> None:
        self.name = name
        self.problems = problems
        self.translated = translated  # every text must have its Chinese (the bundled bank)

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    @staticmethod
    def at(data: Any, key: Any = None) -> int:
        if isinstance(data, Map):
            return data.key_lines.get(key, data.line)
        return 0

    def keys(self, data: Map, allowed: set[str] | frozenset[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(self.at(data, key), f"unknown key {key!r} in {what}")

    def text(self, data: Map, key: str, what: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(self.at(data), f"{what} needs {key!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(self.at(data, key), f"{key!r} must be non-empty text")
            return None
        return value.strip()

    def mapping(self, value: Any, line: int, what: str) -> Map | None:
        if isinstance(value, Map):
            return value
        self.add(line, f"{what} must be a mapping")
        return None

    def texts(
        self, data: Map, key: str, where: str, must: str, low: int = 1, high: int = 1000
    ) -> tuple[str, ...] | None:
        """A list of `low` to `high` distinct non-empty texts (numbers read as text); None, with
        the problem recorded (`{where}: '{key}' must list {must}`), when it is not."""
        items = data.get(key)
        if (
            not isinstance(items, list)
            or not low <= len(items) <= high
            or not all(isinstance(i, str | int | float) and str(i).strip() for i in items)
        ):
            self.add(self.at(data, key), f"{where}: {key!r} must list {must}")
            return None
        texts = tuple(str(i).strip() for i in items)
        if len(set(texts)) != len(texts):
            self.add(self.at(data, key), f"{where}: {key!r} has duplicates")
            return None
        return texts
