"""Topic files and registries → bank records, with every problem reported as file:line.

The schema is documented field by field in `questions/README.md`. Unknown keys are errors, and
so is a key that a question's kind does not use; each kind validates its own keys.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from bnquiz.language import N_, _
from bnquiz.quiz import fields, translation, yamlfile
from bnquiz.quiz.kinds import KINDS
from bnquiz.quiz.records import FORMAT, LEVELS, Citation, Misconception, Question, SheetEntry, Source, Topic

if TYPE_CHECKING:
    from pathlib import Path

    from bnquiz.quiz.records import Problem
    from bnquiz.quiz.yamlfile import Checker, Map

Registry = dict[str, dict[str, Any]]  # "sources.yaml" → id → Source, "misconceptions.yaml" → …

_ID = re.compile(fields.ID)
_RECORDS: dict[str, tuple[type[Source] | type[Misconception], str]] = {
    # registry file → its entries' record, what one is called
    "sources.yaml": (Source, N_("a source")),
    "misconceptions.yaml": (Misconception, N_("a misconception")),
}
# what `check` must mention: a question's answer key, or what a sheet entry states
_CHECK_TESTS = {"answer": N_("the answer key (use `answer`)"), "entry": N_("what the entry states")}


def load_registry(path: Path, name: str, problems: list[Problem], translated: bool = False) -> dict[str, Any]:
    """Read `sources.yaml` or `misconceptions.yaml`: a list of flat entries keyed by id (a
    misconception with its Chinese text)."""
    record, marked = _RECORDS[path.name]
    list_key, _about, table = fields.REGISTRIES[path.name]
    what = _(marked)
    keys = set(table) - {"zh"}
    data = yamlfile.read(path, name, problems)
    chk = yamlfile.Checker(name, problems, translated)
    if data is None or (data := chk.mapping(data, 1, path.name)) is None:
        return {}
    chk.keys(data, {"format", list_key}, path.name)
    _check_format(chk, data)
    entries = data.get(list_key)
    if not isinstance(entries, list):
        chk.add(chk.at(data, list_key), _("{key} must be a list").format(key=repr(list_key)))
        return {}
    found: dict[str, Any] = {}
    for entry in entries:
        if (entry := chk.mapping(entry, chk.at(data, list_key), what)) is None:
            continue
        chk.keys(entry, set(table), what)
        values = {key: chk.text(entry, key, what) for key in sorted(keys)}
        texts: dict[str, Any] = {key: value for key, value in values.items() if value is not None}
        if len(texts) < len(values):
            continue
        if record is Misconception:
            english = {key: texts[key] for key in fields.ZH_MISCONCEPTION}
            where = _("misconception {id}").format(id=repr(texts["id"]))
            texts["zh"] = translation.read(chk, entry, where, english, chk.translated)
        if texts["id"] in found:
            said = _("duplicate id {id} in {file}").format(id=repr(texts["id"]), file=path.name)
            chk.add(chk.at(entry, "id"), said)
        found[texts["id"]] = record(**texts)
    return found


def _check_format(chk: Checker, data: Map) -> None:
    if data.get("format") != FORMAT:
        said = _("'format' must be {format} (got {got})").format(format=FORMAT, got=repr(data.get("format")))
        chk.add(chk.at(data, "format"), said)


def load_topic_file(
    path: Path, name: str, registry: Registry, problems: list[Problem], translated: bool = False
) -> tuple[Topic | None, list[Question]]:
    """A topic file's topic and questions; `translated`: each must have its Chinese text."""
    data = yamlfile.read(path, name, problems)
    chk = yamlfile.Checker(name, problems, translated)
    if data is None or (data := chk.mapping(data, 1, _("a topic file"))) is None:
        return None, []
    chk.keys(data, set(fields.TOPIC_FILE), _("a topic file"))
    _check_format(chk, data)
    topic = _parse_topic(chk, data.get("topic"), chk.at(data, "topic"), name, registry["sources.yaml"])
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        chk.add(chk.at(data, "questions"), _("'questions' must be a non-empty list"))
        return topic, []
    questions = []
    for item in items:
        if (item := chk.mapping(item, chk.at(data, "questions"), _("a question"))) is None:
            continue
        question = _parse_question(chk, item, topic.id if topic else "", registry)
        if question is not None:
            questions.append(question)
    return topic, questions


def _parse_topic(chk: Checker, data: Any, line: int, name: str, sources: dict[str, Source]) -> Topic | None:
    if (data := chk.mapping(data, line, "'topic'")) is None:
        return None
    chk.keys(data, set(fields.TOPIC), "'topic'")
    topic_id, title, summary = (chk.text(data, key, "'topic'") for key in ("id", "title", "summary"))
    if topic_id is not None and not _ID.match(topic_id):
        chk.add(chk.at(data, "id"), _("topic id {id} must be kebab-case").format(id=repr(topic_id)))
        topic_id = None
    sheet = []
    for entry in data.get("sheet") or []:
        if (entry := chk.mapping(entry, chk.at(data, "sheet"), _("a sheet entry"))) is None:
            continue
        parsed = _parse_sheet_entry(chk, entry, sources)
        if parsed is not None:
            sheet.append(parsed)
    order = data.get("order", 1000)
    if isinstance(order, bool) or not isinstance(order, int):
        chk.add(chk.at(data, "order"), _("'order' must be a whole number"))
        order = 1000
    if topic_id is None or title is None or summary is None:
        return None
    english = dict(zip(fields.ZH_TOPIC, (title, summary), strict=True))
    zh = translation.read(chk, data, _("topic {id}").format(id=repr(topic_id)), english, chk.translated)
    return Topic(topic_id, title, summary, tuple(sheet), name, order, zh)


def _parse_sheet_entry(chk: Checker, entry: Map, sources: dict[str, Source]) -> SheetEntry | None:
    """A cheat-sheet entry: a formula comes in Unicode and in LaTeX, and any formula or table
    carries a check, as answers do."""
    chk.keys(entry, set(fields.SHEET_ENTRY), _("a sheet entry"))
    title = chk.text(entry, "title", _("a sheet entry"))
    where = _("sheet entry {title}").format(title=repr(title)) if title else _("a sheet entry")
    text = chk.text(entry, "text", where)
    formula, tex = (chk.text(entry, key, where, required=False) for key in ("formula", "tex"))
    if (formula is None) != (tex is None):
        said = _("{where}: give a formula both as 'formula' (Unicode) and as 'tex' (LaTeX)")
        chk.add(chk.at(entry), said.format(where=where))
    table = _parse_table(chk, entry, where)
    citations = _parse_citations(chk, entry, where, sources)
    check = _parse_check(chk, entry, where, uses=("formula", "tex", "table", "text"))
    if check is None and (formula or table) and "check" not in entry:
        chk.add(
            chk.at(entry),
            _("{where}: a formula or a table needs a 'check' that proves it").format(where=where),
        )
    if title is None or text is None or not citations or table is None:
        return None
    english = dict(zip(fields.ZH_SHEET_ENTRY, (title, text, table), strict=True))
    zh = translation.read(chk, entry, where, english, chk.translated)
    return SheetEntry(title, text, citations, formula, tex, table, check, entry.line, zh)


def _parse_table(chk: Checker, entry: Map, where: str) -> tuple[tuple[str, ...], ...] | None:
    table = entry.get("table")
    if table is None:
        return ()
    rows = [table.get("header"), *(table.get("rows") or [])] if isinstance(table, dict) else []
    width = len(rows[0]) if rows and isinstance(rows[0], list) else 0
    if len(rows) < 2 or width < 2 or any(not isinstance(r, list) or len(r) != width for r in rows):
        said = _("{where}: 'table' needs a 'header' and 'rows' of the same width")
        chk.add(chk.at(entry, "table"), said.format(where=where))
        return None
    return tuple(tuple(str(cell) for cell in row) for row in rows)


def _parse_question(chk: Checker, data: Map, topic_id: str, registry: Registry) -> Question | None:
    qid = chk.text(data, "id", _("a question"))
    where = _("question {id}").format(id=repr(qid)) if qid else _("a question")
    if qid is not None:
        _check_question_id(chk, data, qid, topic_id)
    kind = KINDS.get(data.get("kind"))  # type: ignore[arg-type]
    if kind is None:
        said = _("{where}: 'kind' must be one of {kinds}").format(where=where, kinds=", ".join(KINDS))
        chk.add(chk.at(data, "kind"), said)
        return None
    chk.keys(data, set(fields.QUESTION) | set(kind.keys), _("a {kind} question").format(kind=kind.name))
    level = data.get("level")
    if level not in LEVELS or isinstance(level, bool):
        chk.add(chk.at(data, "level"), _("{where}: 'level' must be 1, 2 or 3").format(where=where))
    prompt, explain = chk.text(data, "prompt", where), chk.text(data, "explain", where)
    hint = chk.text(data, "hint", where, required=False)
    misconception = _parse_misconception(chk, data, where, registry)
    citations = _parse_citations(chk, data, where, registry["sources.yaml"])
    check = _parse_check(chk, data, where, uses=("answer",))
    aliases = _parse_aliases(chk, data, where)
    if kind.needs_check and data.get("check") is None:
        said = _("{where}: a {kind} answer needs a 'check' that proves it")
        chk.add(data.line, said.format(where=where, kind=kind.name))
    given = kind.fields(chk, data, where) if chk.present(data, kind.keys, where) else None
    if qid is None or prompt is None or explain is None or given is None:
        return None
    if level not in LEVELS or not citations:
        return None
    english = dict(zip(fields.ZH_QUESTION, (prompt, explain, hint), strict=True))
    english |= {key: given[key] for key in sorted(kind.translated)}
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
        aliases=aliases,
        **given,
    )


@functools.lru_cache(maxsize=2048)  # every parse of a file compiles the same checks again
def _syntax_error(code: str) -> tuple[int, str] | None:
    """Where and why the check is not valid Python (its line within the check), or None."""
    try:
        compile(code, "<check>", "exec")
    except SyntaxError as exc:
        return exc.lineno or 0, exc.msg
    return None


def _parse_aliases(chk: Checker, data: Map, where: str) -> tuple[str, ...]:
    aliases = data.get("aliases")
    if aliases is None:
        return ()
    if not isinstance(aliases, list) or not all(
        isinstance(a, str) and all(_ID.match(part) for part in a.split("/", 1)) and "/" in a for a in aliases
    ):
        said = _("{where}: 'aliases' must list former question ids, '<topic>/<kebab-case>'")
        chk.add(chk.at(data, "aliases"), said.format(where=where))
        return ()
    return tuple(aliases)


def _check_question_id(chk: Checker, data: Map, qid: str, topic_id: str) -> None:
    slug_ok = qid.startswith(f"{topic_id}/") and _ID.match(qid.partition("/")[2])
    if topic_id and not slug_ok:
        said = _("question id {id} must be '{topic}/<kebab-case>'").format(id=repr(qid), topic=topic_id)
        chk.add(chk.at(data, "id"), said)


def _parse_misconception(chk: Checker, data: Map, where: str, registry: Registry) -> str | None:
    misconception = chk.text(data, "misconception", where, required=False)
    if misconception is not None and misconception not in registry["misconceptions.yaml"]:
        said = _("{where}: unknown misconception {id} (not in misconceptions.yaml)")
        chk.add(chk.at(data, "misconception"), said.format(where=where, id=repr(misconception)))
    return misconception


def _parse_citations(chk: Checker, data: Map, where: str, sources: dict[str, Source]) -> tuple[Citation, ...]:
    refs = data.get("sources")
    if not isinstance(refs, list) or not refs:
        chk.add(chk.at(data, "sources"), _("{where} needs at least one source").format(where=where))
        return ()
    citations = []
    for ref in refs:
        key, _space, locator = str(ref).strip().partition(" ")
        if key not in sources:
            said = _("{where}: unknown source {id} (not in sources.yaml)").format(where=where, id=repr(key))
            chk.add(chk.at(data, "sources"), said)
        else:
            citations.append(Citation(sources[key], locator.strip()))
    return tuple(citations) if len(citations) == len(refs) else ()


def _parse_check(chk: Checker, data: Map, where: str, uses: tuple[str, ...]) -> str | None:
    code = data.get("check")
    if code is None:
        return None
    if not isinstance(code, str):
        chk.add(chk.at(data, "check"), _("{where}: 'check' must be Python source text").format(where=where))
        return None
    error = _syntax_error(code)
    if error is not None:
        line = chk.at(data, "check") + error[0]
        chk.add(line, _("{where}: 'check' is not valid Python: {error}").format(where=where, error=error[1]))
        return None
    if not any(re.search(rf"\b{name}\b", code) for name in uses):
        tested = _CHECK_TESTS["answer" if uses == ("answer",) else "entry"]
        what = _(tested)  # through a name: the extractor would take the keys for a message
        chk.add(chk.at(data, "check"), _("{where}: 'check' must test {what}").format(where=where, what=what))
    return code
