"""YAML read with line numbers, and `Checker`, which reports what is wrong with it as file:line.

A quiz started from the cached bank never imports YAML: the loader is built on first use.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bnquiz.language import _
from bnquiz.quiz.fields import required
from bnquiz.quiz.records import Problem

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bnquiz.quiz.fields import Field

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
        duplicates: list[tuple[int, Any]]  # the line and the key of each duplicate key

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
            loader.duplicates.append((line, key))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _parse(text: str, name: str, pure: bool) -> tuple[Any, list[Problem]]:
    """The data and the problems found in parsing (a syntax error, duplicate keys)."""
    data, duplicates, failure = _load(text, pure)
    if failure is not None:
        line, why = failure
        return None, [Problem(name, line, _("invalid YAML: {error}").format(error=why))]
    duplicate = _("duplicate key {key}")
    return data, [Problem(name, line, duplicate.format(key=repr(key))) for line, key in duplicates]


def _load(text: str, pure: bool) -> tuple[Any, list[tuple[int, Any]], tuple[int, str] | None]:
    """The data, the duplicate keys (line, key) and the syntax error (line, why), if any."""
    import yaml

    loader = _loader(pure)(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [], (mark.line + 1 if mark else 1, str(exc.problem or exc.context))
    except yaml.YAMLError as exc:
        return None, [], (1, str(exc))
    finally:
        loader.dispose()
    return data, loader.duplicates, None


def read(path: Path, name: str, problems: list[Problem]) -> Any:
    """The file's data; None, with the problem recorded, when it is unreadable or empty."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, 1, _("cannot read: {error}").format(error=exc.strerror or exc)))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        said = _("not UTF-8: byte {offset} (0x{value}) cannot be decoded")
        problems.append(Problem(name, line, said.format(offset=exc.start, value=f"{raw[exc.start]:02x}")))
        return None
    data, found = _parse(text, name, PURE_PYTHON)
    problems.extend(found)
    if data is None and not found:
        problems.append(Problem(name, 1, _("the file is empty")))
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
    fast, pure = _load(text, False), _load(text, True)
    fast_failure, pure_failure = fast[2], pure[2]
    if pure_failure is not None and fast_failure is None:
        line, why = pure_failure
        return [
            Problem(
                name, line, _("warning: only libyaml reads this ({error}); quote the text").format(error=why)
            )
        ]
    if fast_failure is not None and pure_failure is None:
        line, why = fast_failure
        return [
            Problem(name, line, _("warning: only PyYAML's own loader reads this ({error})").format(error=why))
        ]
    if fast_failure is None and fast[0] != pure[0]:
        return [Problem(name, 1, _("warning: libyaml and PyYAML's own loader read this file differently"))]
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
                self.add(
                    self.at(data, key), _("unknown key {key} in {what}").format(key=repr(key), what=what)
                )

    def present(self, data: Map, table: Mapping[str, Field], what: str) -> bool:
        """Whether `data` has every key that `table` requires; each one missing is recorded."""
        missing = [key for key in required(table) if key not in data]
        for key in missing:
            self.add(self.at(data), _("{what} needs {key}").format(what=what, key=repr(key)))
        return not missing

    def text(self, data: Map, key: str, what: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(self.at(data), _("{what} needs {key}").format(what=what, key=repr(key)))
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(self.at(data, key), _("{key} must be non-empty text").format(key=repr(key)))
            return None
        return value.strip()

    def mapping(self, value: Any, line: int, what: str) -> Map | None:
        if isinstance(value, Map):
            return value
        self.add(line, _("{what} must be a mapping").format(what=what))
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
            said = _("{where}: {key} must list {must}")
            self.add(self.at(data, key), said.format(where=where, key=repr(key), must=must))
            return None
        texts = tuple(str(i).strip() for i in items)
        if len(set(texts)) != len(texts):
            self.add(
                self.at(data, key), _("{where}: {key} has duplicates").format(where=where, key=repr(key))
            )
            return None
        return texts
