"""The Chinese text of a bank: each item's `zh:` block, read beside the English it translates.

A topic, a sheet entry, a question and a misconception may carry a `zh:` block with the same
keys as the English text it translates (a question's kind says which of its keys are text:
`Kind.translated`). Lists keep their length and order, so an answer index or an order means the
same in both languages; a table keeps its shape; a block, once there, has every key. A Chinese
text must keep every number, `code` span and maths token of its English text and add none
(`drift`), so the two cannot disagree on a fact. The bundled bank must be translated in full;
a user's bank may be English only.

Folded YAML (`>-`) joins lines with a space, which Chinese does not put between characters:
such a space is removed (`unfold`).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from bnquiz.language import N_, _

if TYPE_CHECKING:
    from bnquiz.quiz.yamlfile import Checker, Map

Translation = tuple[tuple[str, Any], ...]  # key → Chinese value, as a record stores it

_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FOLDED = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_CODE = re.compile(r"`[^`]*`")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SPLIT = re.compile(f"[\\s{_CJK}]+")
_MATHS = re.compile(r"[\u0370-\u03ff∂Σ∑√²³¹⁻½·=≈≤≥≠×±→^_\u0302ℓ‖−]")
_EDGES = "()[]{}.,;:!?\"'“”‘’"
_HYPHEN = re.compile(r"(?<=[A-Za-z]{2})-|-(?=[A-Za-z]{2})")  # "zero-γ": an English word, then maths
# what `drift` says of the numbers, the code and the maths: lost, then added
_DRIFT = (
    (N_("drops number {items}"), N_("adds number {items}")),
    (N_("drops code {items}"), N_("adds code {items}")),
    (N_("drops maths {items}"), N_("adds maths {items}")),
)


def unfold(text: str) -> str:
    """The text without the spaces YAML's folding put between two Chinese characters."""
    return _FOLDED.sub("", text.strip())


@functools.lru_cache(maxsize=8192)  # the same texts are checked again at every parse of a file
def tokens(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The numbers, `code` spans and maths tokens of a text: what a translation must keep."""
    code = frozenset(_CODE.findall(text))
    rest = _CODE.sub(" ", text)
    numbers = frozenset(_NUMBER.findall(rest))
    maths: set[str] = set()
    for part in _SPLIT.split(rest):
        for word in _HYPHEN.split(part.strip(_EDGES).removesuffix("'s")):
            word = word.strip(_EDGES)
            if _MATHS.search(word):
                maths.add(word)
    return numbers, code, frozenset(maths)


def drift(english: str, chinese: str) -> str:
    """What the Chinese text loses or adds of the English one's numbers, code and maths ("" if
    nothing): `drops 0.1; adds γ'`."""
    parts = []
    for (drops, adds), en, zh in zip(_DRIFT, tokens(english), tokens(chinese), strict=True):
        if en - zh:
            parts.append(_(drops).format(items=", ".join(sorted(en - zh))))
        if zh - en:
            parts.append(_(adds).format(items=", ".join(sorted(zh - en))))
    return _("; ").join(parts)


def read(chk: Checker, data: Map, where: str, english: dict[str, Any], required: bool) -> Translation:
    """The item's `zh:` block, checked against its English texts (`english`: key → a text, a
    tuple of texts, or a table as rows of cells). Every problem goes to `chk`."""
    present = {key: value for key, value in english.items() if value}
    block = data.get("zh")
    if block is None:
        if required and present:
            chk.add(chk.at(data), _("{where}: no Chinese text (a 'zh' block)").format(where=where))
        return ()
    if (block := chk.mapping(block, chk.at(data, "zh"), _("{where}: 'zh'").format(where=where))) is None:
        return ()
    chk.keys(block, set(present), _("{where}'s 'zh' block").format(where=where))
    found: list[tuple[str, Any]] = []
    for key, value in present.items():
        if key not in block:  # a block, once there, is complete
            said = _("{where}: no Chinese {key} in its 'zh' block").format(where=where, key=repr(key))
            chk.add(chk.at(block), said)
            continue
        chinese = _value(chk, block, key, value, where)
        if chinese is None:
            continue
        for en, zh in zip(_texts(value), _texts(chinese), strict=True):
            if problem := drift(en, zh):
                said = _("{where}: the Chinese {key} {problem}")
                chk.add(chk.at(block, key), said.format(where=where, key=repr(key), problem=problem))
        found.append((key, chinese))
    return tuple(found)


def _value(chk: Checker, block: Map, key: str, english: Any, where: str) -> Any:
    """The Chinese value, of the English one's shape; None (problem recorded) if it is not."""
    value = block.get(key)
    if isinstance(english, str):
        text = chk.text(block, key, _("{where}'s 'zh' block").format(where=where))
        return None if text is None else unfold(text)
    if key == "table":
        rows = [value.get("header"), *(value.get("rows") or [])] if isinstance(value, dict) else []
        shape = [len(row) for row in english]
        if [len(r) if isinstance(r, list) else -1 for r in rows] != shape:
            said = _("{where}: the Chinese 'table' must have the English one's shape")
            chk.add(chk.at(block, key), said.format(where=where))
            return None
        return tuple(tuple(unfold(str(cell)) for cell in row) for row in rows)
    if (
        not isinstance(value, list)
        or len(value) != len(english)
        or not all(isinstance(v, str | int | float) and str(v).strip() for v in value)
    ):
        said = _("{where}: the Chinese {key} must list {count} texts, as the English")
        chk.add(chk.at(block, key), said.format(where=where, key=repr(key), count=len(english)))
        return None
    return tuple(unfold(str(v)) for v in value)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [cell for item in value for cell in _texts(item)]
