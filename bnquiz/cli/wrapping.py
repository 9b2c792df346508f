"""Line breaking for Chinese in Rich's output.

Rich breaks lines between words it finds at whitespace; a Chinese sentence has none, so Rich
moves the whole sentence to a new line and then cuts it at the edge, leaving short ragged lines.
Chinese may break between any two characters, except before closing punctuation (，。）…) and
after opening punctuation (（「…): here each character, with the punctuation that clings to it,
is a word of its own, and Latin words keep Rich's rule. This changes the word matcher of Rich's
wrapper (a private name, so it is checked first and left alone if Rich ever renames it); it is
applied only for Chinese output, and for text with no Chinese it finds exactly the words Rich's
own pattern finds.

The matcher is the regular expression below, written out in Python: compiling the expression
costs about 5 ms (`re` builds a table for the twenty thousand characters of each class it
names), a sixth of what `bnquiz --lang zh topics` may spend beyond importing Typer and Rich.

    \\s*[OPENING]*[HAN][CLOSING]*\\s*                                one Chinese character
    | \\s*[OPENING]*(?:[^\\s HAN OPENING CLOSING][CLOSING]*)+\\s*    a Latin word
    | \\s*[OPENING CLOSING]+\\s*                                     punctuation on its own
"""

from __future__ import annotations

from typing import Any, NamedTuple

OPENING = "（「『《〈【〔“‘"
CLOSING = "，。、：；！？）」』》〉】〕”’…·—"
PUNCTUATION = OPENING + CLOSING


def is_han(char: str) -> bool:
    """A Han ideograph (CJK radicals, extension A, the unified block, compatibility ones), a
    kana, or 々〆〇: what may stand alone on either side of a line break."""
    code = ord(char)
    return code >= 0x2E80 and (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or code <= 0x2FFF
        or 0x3040 <= code <= 0x30FF
        or 0x3005 <= code <= 0x3007
        or 0xF900 <= code <= 0xFAFF
    )


class Word(NamedTuple):
    """One match: what Rich's wrapper reads of a `re.Match`."""

    text: str
    start: int
    end: int

    def span(self) -> tuple[int, int]:
        return self.start, self.end

    def group(self, index: int = 0) -> str:
        return self.text[self.start : self.end]


class ChineseWords:
    """The word matcher for Chinese: `match(text, pos)` as a compiled pattern's."""

    def match(self, text: str, pos: int = 0) -> Word | None:
        start = _spaces(text, pos)
        end = _one_character(text, start) or _latin_word(text, start) or _punctuation(text, start)
        return Word(text, pos, _spaces(text, end)) if end else None


def _spaces(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _clinging(text: str, i: int, chars: str) -> int:
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _one_character(text: str, i: int) -> int:
    """Openings, one Chinese character, closings; 0 where there is none."""
    i = _clinging(text, i, OPENING)
    if i < len(text) and is_han(text[i]):
        return _clinging(text, i + 1, CLOSING)
    return 0


def _latin_word(text: str, i: int) -> int:
    """Openings, then characters that are neither space, Chinese nor punctuation, each with the
    closings after it; 0 where there is no such character."""
    i = k = _clinging(text, i, OPENING)
    while k < len(text) and not (text[k].isspace() or text[k] in PUNCTUATION or is_han(text[k])):
        k = _clinging(text, k + 1, CLOSING)
    return k if k > i else 0


def _punctuation(text: str, i: int) -> int:
    k = _clinging(text, i, PUNCTUATION)
    return k if k > i else 0


WORDS = ChineseWords()


def wrap_chinese(on: bool = True) -> bool:
    """Break lines as Chinese allows (see the module's docstring), or as Rich does (`on=False`);
    whether it could."""
    import re

    from rich import _wrap

    current: Any = getattr(_wrap, "re_word", None)
    if not (isinstance(current, re.Pattern) or current is WORDS):
        return False
    _RICH.setdefault("re_word", current if current is not WORDS else re.compile(r"\s*\S+\s*"))
    setattr(_wrap, "re_word", WORDS if on else _RICH["re_word"])  # noqa: B010 (typed as a Pattern)
    return True


_RICH: dict[str, Any] = {}  # Rich's own pattern, to go back to
