"""YAML → bank records, with every problem reported as file:line.

The schema is documented field by field in `questions/README.md`; `_QUESTION_KEYS` is the law.
Unknown keys are errors, and so is a key that a question's kind does not use.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from bnquiz.bank import (
    FORMAT,
    KINDS,
    LEVELS,
    Citation,
    Misconception,
    Problem,
    Question,
    SheetEntry,
    Source,
    Topic,
)

MAX_CHOICES = 8  # the letters a–h; `q`, `s` and `?` stay free as session commands
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_KEYS = {"format", "topic", "questions"}
_TOPIC_KEYS = {"id", "title", "summary", "sheet", "order"}
_SHEET_KEYS = {"title", "text", "formula", "tex", "table", "sources", "check"}
_SOURCE_KEYS = {"id", "short", "title", "url"}
_MISCONCEPTION_KEYS = {"id", "claim", "correction"}
_COMMON_KEYS = {"id", "kind", "level", "prompt", "explain", "sources", "hint", "misconception", "check"}
_QUESTION_KEYS = {
    "choice": {"choices", "answer"},
    "multi": {"choices", "answer"},
    "truefalse": {"answer"},
    "number": {"answer", "tolerance"},
    "shape": {"answer"},
    "text": {"answer", "points"},
    "order": {"steps"},
}
_NEEDS_CHECK = {"number", "shape"}  # answers that rest on a computed number or framework shape


# --- reading YAML with line numbers -------------------------------------------------------


class _Map(dict):  # type: ignore[type-arg]
    """A mapping that remembers the line of itself and of each key."""

    line = 0
    key_lines: dict[Any, int]


PURE_PYTHON = False  # read with PyYAML's own loader even where libyaml is installed (the tests do)


@functools.cache
def _loader(pure: bool = False) -> Any:
    """The safe loader (libyaml's, unless `pure` or absent) that builds `_Map`s and notes
    duplicate keys.

    Built on first use: a quiz started from the cached bank never imports YAML at all.
    """
    import yaml

    base = yaml.SafeLoader if pure else getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        duplicates: list[tuple[int, str]]

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
    return Loader


def _construct_map(loader: Any, node: Any) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
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


def _read_yaml(path: Path, name: str, problems: list[Problem]) -> Any:
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
    import yaml

    loader = _loader(PURE_PYTHON)(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problems.append(Problem(name, line, f"invalid YAML: {exc.problem or exc.context}"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(name, 1, f"invalid YAML: {exc}"))
        return None
    finally:
        loader.dispose()
    problems.extend(Problem(name, line, msg) for line, msg in loader.duplicates)
    if data is None:
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
    results = []
    for pure in (False, True):
        loader = _loader(pure)(text)
        loader.duplicates = []
        try:
            results.append(loader.get_single_data())
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            results.append(Problem(name, mark.line + 1 if mark else 1, str(exc.problem or exc.context)))
        except yaml.YAMLError as exc:
            results.append(Problem(name, 1, str(exc)))
        finally:
            loader.dispose()
    fast, pure_result = results
    if isinstance(pure_result, Problem) and not isinstance(fast, Problem):
        why = f"warning: only libyaml reads this ({pure_result.message}); quote the text"
        return [Problem(name, pure_result.line, why)]
    if isinstance(fast, Problem) and not isinstance(pure_result, Problem):
        return [Problem(name, fast.line, f"warning: only PyYAML's own loader reads this ({fast.message})")]
    if not isinstance(fast, Problem) and fast != pure_result:
        return [Problem(name, 1, "warning: libyaml and PyYAML's own loader read this file differently")]
    return []


# --- validation ---------------------------------------------------------------------------


class _Checker:
    """Collects problems for one file; `at(map, key)` gives the best line for a message."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self.problems = problems

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    @staticmethod
    def at(data: Any, key: Any = None) -> int:
        if isinstance(data, _Map):
            return data.key_lines.get(key, data.line)
        return 0

    def keys(self, data: _Map, allowed: set[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(self.at(data, key), f"unknown key {key!r} in {what}")

    def text(self, data: _Map, key: str, what: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(self.at(data), f"{what} needs {key!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(self.at(data, key), f"{key!r} must be non-empty text")
            return None
        return value.strip()

    def mapping(self, value: Any, line: int, what: str) -> _Map | None:
        if isinstance(value, _Map):
            return value
        self.add(line, f"{what} must be a mapping")
        return None


def load_registry(path: Path, name: str, problems: list[Problem]) -> dict[str, Any]:
    """Read `sources.yaml` or `misconceptions.yaml`: a list of flat entries keyed by id."""
    list_key, keys, kind, what = (
        ("sources", _SOURCE_KEYS, Source, "a source")
        if path.name == "sources.yaml"
        else ("misconceptions", _MISCONCEPTION_KEYS, Misconception, "a misconception")
    )
    data = _read_yaml(path, name, problems)
    chk = _Checker(name, problems)
    if data is None or (data := chk.mapping(data, 1, path.name)) is None:
        return {}
    chk.keys(data, {"format", list_key}, path.name)
    _check_format(chk, data)
    entries = data.get(list_key)
    if not isinstance(entries, list):
        chk.add(chk.at(data, list_key), f"{list_key!r} must be a list")
        return {}
    found: dict[str, Any] = {}
    for entry in entries:
        if (entry := chk.mapping(entry, chk.at(data, list_key), what)) is None:
            continue
        chk.keys(entry, keys, what)
        values = {key: chk.text(entry, key, what) for key in sorted(keys)}
        if None in values.values():
            continue
        if values["id"] in found:
            chk.add(chk.at(entry, "id"), f"duplicate id {values['id']!r} in {path.name}")
        found[values["id"]] = kind(**values)
    return found


def _check_format(chk: _Checker, data: _Map) -> None:
    if data.get("format") != FORMAT:
        chk.add(chk.at(data, "format"), f"'format' must be {FORMAT} (got {data.get('format')!r})")


def load_topic_file(
    path: Path, name: str, registry: dict[str, dict[str, Any]], problems: list[Problem]
) -> tuple[Topic | None, list[Question]]:
    data = _read_yaml(path, name, problems)
    chk = _Checker(name, problems)
    if data is None or (data := chk.mapping(data, 1, "a topic file")) is None:
        return None, []
    chk.keys(data, _TOP_KEYS, "a topic file")
    _check_format(chk, data)
    topic = _parse_topic(chk, data.get("topic"), chk.at(data, "topic"), name, registry["sources.yaml"])
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        chk.add(chk.at(data, "questions"), "'questions' must be a non-empty list")
        return topic, []
    questions = []
    for item in items:
        if (item := chk.mapping(item, chk.at(data, "questions"), "a question")) is None:
            continue
        question = _parse_question(chk, item, topic.id if topic else "", registry)
        if question is not None:
            questions.append(question)
    return topic, questions


def _parse_topic(chk: _Checker, data: Any, line: int, name: str, sources: dict[str, Source]) -> Topic | None:
    if (data := chk.mapping(data, line, "'topic'")) is None:
        return None
    chk.keys(data, _TOPIC_KEYS, "'topic'")
    topic_id, title, summary = (chk.text(data, key, "'topic'") for key in ("id", "title", "summary"))
    if topic_id is not None and not _ID.match(topic_id):
        chk.add(chk.at(data, "id"), f"topic id {topic_id!r} must be kebab-case")
        topic_id = None
    sheet = []
    for entry in data.get("sheet") or []:
        if (entry := chk.mapping(entry, chk.at(data, "sheet"), "a sheet entry")) is None:
            continue
        parsed = _parse_sheet_entry(chk, entry, sources)
        if parsed is not None:
            sheet.append(parsed)
    order = data.get("order", 1000)
    if isinstance(order, bool) or not isinstance(order, int):
        chk.add(chk.at(data, "order"), "'order' must be a whole number")
        order = 1000
    if topic_id is None or title is None or summary is None:
        return None
    return Topic(topic_id, title, summary, tuple(sheet), name, order)


def _parse_sheet_entry(chk: _Checker, entry: _Map, sources: dict[str, Source]) -> SheetEntry | None:
    """A cheat-sheet entry: a formula comes in Unicode and in LaTeX, and any formula or table
    carries a check, as answers do."""
    chk.keys(entry, _SHEET_KEYS, "a sheet entry")
    title = chk.text(entry, "title", "a sheet entry")
    where = f"sheet entry {title!r}" if title else "a sheet entry"
    text = chk.text(entry, "text", where)
    formula, tex = (chk.text(entry, key, where, required=False) for key in ("formula", "tex"))
    if (formula is None) != (tex is None):
        chk.add(chk.at(entry), f"{where}: give a formula both as 'formula' (Unicode) and as 'tex' (LaTeX)")
    table = _parse_table(chk, entry, where)
    citations = _parse_citations(chk, entry, where, sources)
    check = _parse_check(chk, entry, where, "sheet", uses=("formula", "tex", "table", "text"))
    if check is None and (formula or table) and "check" not in entry:
        chk.add(chk.at(entry), f"{where}: a formula or a table needs a 'check' that proves it")
    if title is None or text is None or not citations or table is None:
        return None
    return SheetEntry(title, text, citations, formula, tex, table, check, entry.line)


def _parse_table(chk: _Checker, entry: _Map, where: str) -> tuple[tuple[str, ...], ...] | None:
    table = entry.get("table")
    if table is None:
        return ()
    rows = [table.get("header"), *(table.get("rows") or [])] if isinstance(table, dict) else []
    width = len(rows[0]) if rows and isinstance(rows[0], list) else 0
    if len(rows) < 2 or width < 2 or any(not isinstance(r, list) or len(r) != width for r in rows):
        chk.add(chk.at(entry, "table"), f"{where}: 'table' needs a 'header' and 'rows' of the same width")
        return None
    return tuple(tuple(str(cell) for cell in row) for row in rows)


def _parse_question(
    chk: _Checker, data: _Map, topic_id: str, registry: dict[str, dict[str, Any]]
) -> Question | None:
    qid = chk.text(data, "id", "a question")
    where = f"question {qid!r}" if qid else "a question"
    if qid is not None:
        slug_ok = qid.startswith(f"{topic_id}/") and _ID.match(qid.partition("/")[2])
        if topic_id and not slug_ok:
            chk.add(chk.at(data, "id"), f"question id {qid!r} must be '{topic_id}/<kebab-case>'")
    kind = data.get("kind")
    if kind not in KINDS:
        chk.add(chk.at(data, "kind"), f"{where}: 'kind' must be one of {', '.join(KINDS)}")
        return None
    chk.keys(data, _COMMON_KEYS | _QUESTION_KEYS[kind], f"a {kind} question")
    level = data.get("level")
    if level not in LEVELS or isinstance(level, bool):
        chk.add(chk.at(data, "level"), f"{where}: 'level' must be 1, 2 or 3")
    prompt, explain = chk.text(data, "prompt", where), chk.text(data, "explain", where)
    hint = chk.text(data, "hint", where, required=False)
    misconception = chk.text(data, "misconception", where, required=False)
    if misconception is not None and misconception not in registry["misconceptions.yaml"]:
        chk.add(
            chk.at(data, "misconception"),
            f"{where}: unknown misconception {misconception!r} (not in misconceptions.yaml)",
        )
    citations = _parse_citations(chk, data, where, registry["sources.yaml"])
    check = _parse_check(chk, data, where, kind, uses=("answer",))
    fields = _KIND_PARSERS[kind](chk, data, where)
    if None in (qid, prompt, explain, fields) or level not in LEVELS or not citations:
        return None
    return Question(
        id=qid,
        topic=topic_id,
        kind=kind,
        level=level,
        prompt=prompt,
        explain=explain,  # type: ignore[arg-type]
        citations=citations,
        hint=hint,
        misconception=misconception,
        check=check,
        file=chk.name,
        line=data.line,
        **fields,  # type: ignore[arg-type]
    )


def _parse_citations(
    chk: _Checker, data: _Map, where: str, sources: dict[str, Source]
) -> tuple[Citation, ...]:
    refs = data.get("sources")
    if not isinstance(refs, list) or not refs:
        chk.add(chk.at(data, "sources"), f"{where} needs at least one source")
        return ()
    citations = []
    for ref in refs:
        key, _, locator = str(ref).strip().partition(" ")
        if key not in sources:
            chk.add(chk.at(data, "sources"), f"{where}: unknown source {key!r} (not in sources.yaml)")
        else:
            citations.append(Citation(sources[key], locator.strip()))
    return tuple(citations) if len(citations) == len(refs) else ()


def _parse_check(chk: _Checker, data: _Map, where: str, kind: str, uses: tuple[str, ...]) -> str | None:
    code = data.get("check")
    if code is None:
        if kind in _NEEDS_CHECK:
            chk.add(data.line, f"{where}: a {kind} answer needs a 'check' that proves it")
        return None
    if not isinstance(code, str):
        chk.add(chk.at(data, "check"), f"{where}: 'check' must be Python source text")
        return None
    try:
        compile(code, where, "exec")
    except SyntaxError as exc:
        line = chk.at(data, "check") + (exc.lineno or 0)
        chk.add(line, f"{where}: 'check' is not valid Python: {exc.msg}")
        return None
    if not any(re.search(rf"\b{name}\b", code) for name in uses):
        what = "the answer key (use `answer`)" if uses == ("answer",) else "what the entry states"
        chk.add(chk.at(data, "check"), f"{where}: 'check' must test {what}")
    return code


def _choices(chk: _Checker, data: _Map, where: str) -> tuple[str, ...] | None:
    choices = data.get("choices")
    ok = isinstance(choices, list) and 2 <= len(choices) <= MAX_CHOICES
    if not ok or not all(isinstance(c, str | int | float) and str(c).strip() for c in choices):
        chk.add(chk.at(data, "choices"), f"{where}: 'choices' must list 2 to {MAX_CHOICES} non-empty texts")
        return None
    texts = tuple(str(c).strip() for c in choices)
    if len(set(texts)) != len(texts):
        chk.add(chk.at(data, "choices"), f"{where}: 'choices' has duplicates")
        return None
    return texts


def _index(chk: _Checker, data: _Map, where: str, value: Any, count: int) -> bool:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < count:
        chk.add(chk.at(data, "answer"), f"{where}: answer index {value!r} is out of range 0..{count - 1}")
        return False
    return True


def _parse_choice(chk: _Checker, data: _Map, where: str) -> dict[str, Any] | None:
    choices = _choices(chk, data, where)
    if choices is None or not _index(chk, data, where, data.get("answer"), len(choices)):
        return None
    return {"choices": choices, "answer": data["answer"]}


def _parse_multi(chk: _Checker, data: _Map, where: str) -> dict[str, Any] | None:
    choices, answer = _choices(chk, data, where), data.get("answer")
    if choices is None:
        return None
    if not isinstance(answer, list) or not answer or len(set(map(str, answer))) != len(answer):
        chk.add(chk.at(data, "answer"), f"{where}: 'answer' must list distinct choice indices")
        return None
    if not all(_index(chk, data, where, index, len(choices)) for index in answer):
        return None
    return {"choices": choices, "answer": tuple(sorted(answer))}


def _parse_truefalse(chk: _Checker, data: _Map, where: str) -> dict[str, Any] | None:
    if not isinstance(data.get("answer"), bool):
        chk.add(chk.at(data, "answer"), f"{where}: 'answer' must be true or false")
        return None
    return {"answer": data["answer"]}


def _parse_number(chk: _Checker, data: _Map, where: str) -> dict[str, Any] | None:
    answer, tolerance = data.get("answer"), data.get("tolerance")
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        chk.add(chk.at(data, "answer"), f"{where}: 'answer' must be a number")
        return None
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
        chk.add(chk.at(data, "tolerance"), f"{where}: 'tolerance' must be a number ≥ 0")
        return None
    return {"answer": float(answer), "tolerance": float(tolerance)}


def _parse_shape_answer(chk: _Checker, data: _Map, where: str) -> dict[str, Any] | None:
    from bnquiz.answer import parse_shape

    try:
        return {"answer": parse_shape(str(data.get("answer", "")))}
    except ValueError as exc:
        chk.add(chk.at(data, "answer"), f"{where}: 'answer' is not a shape: {exc}")
        return None


def _parse_text(chk: _Checker, data: _Map, where: str) -> dict[str, Any] | None:
    answer = chk.text(data, "answer", where)
    points = data.get("points")
    if (
        not isinstance(points, list)
        or not points
        or not all(isinstance(p, str) and p.strip() for p in points)
    ):
        chk.add(chk.at(data, "points"), f"{where}: 'points' must list the key points of a good answer")
        return None
    return None if answer is None else {"answer": answer, "points": tuple(p.strip() for p in points)}


def _parse_order(chk: _Checker, data: _Map, where: str) -> dict[str, Any] | None:
    steps = data.get("steps")
    ok = isinstance(steps, list) and 2 <= len(steps) <= MAX_CHOICES
    if not ok or not all(isinstance(s, str) and s.strip() for s in steps):
        chk.add(chk.at(data, "steps"), f"{where}: 'steps' must list 2 to {MAX_CHOICES} steps in order")
        return None
    steps = tuple(s.strip() for s in steps)
    if len(set(steps)) != len(steps):
        chk.add(chk.at(data, "steps"), f"{where}: 'steps' has duplicates")
        return None
    return {"steps": steps, "answer": steps}


_KIND_PARSERS = {
    "choice": _parse_choice,
    "multi": _parse_multi,
    "truefalse": _parse_truefalse,
    "number": _parse_number,
    "shape": _parse_shape_answer,
    "text": _parse_text,
    "order": _parse_order,
}
