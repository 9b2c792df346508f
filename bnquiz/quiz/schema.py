"""Topic files and registries → bank records, with every problem reported as file:line.

The schema is documented field by field in `questions/README.md`. Unknown keys are errors, and
so is a key that a question's kind does not use; each kind validates its own keys.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bnquiz.quiz import translation, yamlfile
from bnquiz.quiz.kinds import KINDS
from bnquiz.quiz.records import FORMAT, LEVELS, Citation, Misconception, Question, SheetEntry, Source, Topic

if TYPE_CHECKING:
    from pathlib import Path

    from bnquiz.quiz.records import Problem
    from bnquiz.quiz.yamlfile import Checker, Map

Registry = dict[str, dict[str, Any]]  # "sources.yaml" → id → Source, "misconceptions.yaml" → …

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_KEYS = {"format", "topic", "questions"}
_TOPIC_KEYS = {"id", "title", "summary", "sheet", "order", "zh"}
_SHEET_KEYS = {"title", "text", "formula", "tex", "table", "sources", "check", "zh"}
_COMMON_KEYS = {"id", "kind", "level", "prompt", "explain", "sources", "hint", "misconception", "check", "zh"}
_REGISTRY: dict[str, tuple[str, type[Source] | type[Misconception], str]] = {
    # file → its list's key, the entries' record, what one is called
    "sources.yaml": ("sources", Source, "a source"),
    "misconceptions.yaml": ("misconceptions", Misconception, "a misconception"),
}


def load_registry(path: Path, name: str, problems: list[Problem], translated: bool = False) -> dict[str, Any]:
    """Read `sources.yaml` or `misconceptions.yaml`: a list of flat entries keyed by id (a
    misconception with its Chinese text)."""
    list_key, record, what = _REGISTRY[path.name]
    keys = set(record._fields) - {"zh"}
    data = yamlfile.read(path, name, problems)
    chk = yamlfile.Checker(name, problems, translated)
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
        chk.keys(entry, keys | ({"zh"} if record is Misconception else set()), what)
        values = {key: chk.text(entry, key, what) for key in sorted(keys)}
        texts: dict[str, Any] = {key: value for key, value in values.items() if value is not None}
        if len(texts) < len(values):
            continue
        if record is Misconception:
            english = {"claim": texts["claim"], "correction": texts["correction"]}
            where = f"misconception {texts['id']!r}"
            texts["zh"] = translation.read(chk, entry, where, english, chk.translated)
        if texts["id"] in found:
            chk.add(chk.at(entry, "id"), f"duplicate id {texts['id']!r} in {path.name}")
        found[texts["id"]] = record(**texts)
    return found


def _check_format(chk: Checker, data: Map) -> None:
    if data.get("format") != FORMAT:
        chk.add(chk.at(data, "format"), f"'format' must be {FORMAT} (got {data.get('format')!r})")


def load_topic_file(
    path: Path, name: str, registry: Registry, problems: list[Problem], translated: bool = False
) -> tuple[Topic | None, list[Question]]:
    """A topic file's topic and questions; `translated`: each must have its Chinese text."""
    data = yamlfile.read(path, name, problems)
    chk = yamlfile.Checker(name, problems, translated)
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


def _parse_topic(chk: Checker, data: Any, line: int, name: str, sources: dict[str, Source]) -> Topic | None:
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
    english = {"title": title, "summary": summary}
    zh = translation.read(chk, data, f"topic {topic_id!r}", english, chk.translated)
    return Topic(topic_id, title, summary, tuple(sheet), name, order, zh)


def _parse_sheet_entry(chk: Checker, entry: Map, sources: dict[str, Source]) -> SheetEntry | None:
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
    check = _parse_check(chk, entry, where, uses=("formula", "tex", "table", "text"))
    if check is None and (formula or table) and "check" not in entry:
        chk.add(chk.at(entry), f"{where}: a formula or a table needs a 'check' that proves it")
    if title is None or text is None or not citations or table is None:
        return None
    english = {"title": title, "text": text, "table": table}
    zh = translation.read(chk, entry, where, english, chk.translated)
    return SheetEntry(title, text, citations, formula, tex, table, check, entry.line, zh)


def _parse_table(chk: Checker, entry: Map, where: str) -> tuple[tuple[str, ...], ...] | None:
    table = entry.get("table")
    if table is None:
        return ()
    rows = [table.get("header"), *(table.get("rows") or [])] if isinstance(table, dict) else []
    width = len(rows[0]) if rows and isinstance(rows[0], list) else 0
    if len(rows) < 2 or width < 2 or any(not isinstance(r, list) or len(r) != width for r in rows):
        chk.add(chk.at(entry, "table"), f"{where}: 'table' needs a 'header' and 'rows' of the same width")
        return None
    return tuple(tuple(str(cell) for cell in row) for row in rows)


def _parse_question(chk: Checker, data: Map, topic_id: str, registry: Registry) -> Question | None:
    qid = chk.text(data, "id", "a question")
    where = f"question {qid!r}" if qid else "a question"
    if qid is not None:
        slug_ok = qid.startswith(f"{topic_id}/") and _ID.match(qid.partition("/")[2])
        if topic_id and not slug_ok:
            chk.add(chk.at(data, "id"), f"question id {qid!r} must be '{topic_id}/<kebab-case>'")
    kind = KINDS.get(data.get("kind"))  # type: ignore[arg-type]
    if kind is None:
        chk.add(chk.at(data, "kind"), f"{where}: 'kind' must be one of {', '.join(KINDS)}")
        return None
    chk.keys(data, _COMMON_KEYS | kind.keys, f"a {kind.name} question")
    level = data.get("level")
    if level not in LEVELS or isinstance(level, bool):
        chk.add(chk.at(data, "level"), f"{where}: 'level' must be 1, 2 or 3")
    prompt, explain = chk.text(data, "prompt", where), chk.text(data, "explain", where)
    hint = chk.text(data, "hint", where, required=False)
    misconception = _parse_misconception(chk, data, where, registry)
    citations = _parse_citations(chk, data, where, registry["sources.yaml"])
    check = _parse_check(chk, data, where, uses=("answer",))
    if kind.needs_check and data.get("check") is None:
        chk.add(data.line, f"{where}: a {kind.name} answer needs a 'check' that proves it")
    fields = kind.fields(chk, data, where)
    if qid is None or prompt is None or explain is None or fields is None:
        return None
    if level not in LEVELS or not citations:
        return None
    english = {"prompt": prompt, "explain": explain, "hint": hint}
    english |= {key: fields[key] for key in sorted(kind.translated)}
    zh = translation.read(chk, data, where, english, chk.translated)
    return Question(
        id=qid,
        topic=topic_id,
        kind=kind.name,
        level=level,
        prompt=prompt,
        explain=explain,
        citations=citations,
        hint=hint,
        misconception=misconception,
        check=check,
        file=chk.name,
        line=data.line,
        zh=zh,
        **fields,
    )


def _parse_misconception(chk: Checker, data: Map, where: str, registry: Registry) -> str | None:
    misconception = chk.text(data, "misconception", where, required=False)
    if misconception is not None and misconception not in registry["misconceptions.yaml"]:
        chk.add(
            chk.at(data, "misconception"),
            f"{where}: unknown misconception {misconception!r} (not in misconceptions.yaml)",
        )
    return misconception


def _parse_citations(chk: Checker, data: Map, where: str, sources: dict[str, Source]) -> tuple[Citation, ...]:
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


def _parse_check(chk: Checker, data: Map, where: str, uses: tuple[str, ...]) -> str | None:
    code = data.get("check")
    if code is None:
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
