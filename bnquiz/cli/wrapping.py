"""Line breaking for Chinese in Rich's output.

Rich breaks lines between words it finds at whitespace; a Chinese sentence has none, so Rich
moves the whole sentence to a new line and then cuts it at the edge, leaving short ragged lines.
Chinese may break between any two characters, except before closing punctuation (，。）…) and
after opening punctuation (（「…): here each character, with the punctuation that clings to it,
is a word of its own, and Latin words keep Rich's rule. This changes the word pattern of Rich's
wrapper (a private name, so it is checked first and left alone if Rich ever renames it); it is
applied only for Chinese output, and for text with no Chinese it matches exactly what Rich's own
pattern matches.
"""

from __future__ import annotations

import re

_HAN = "\u2e80-\u2fff\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPENING = "（「『《〈【〔“‘"
_CLOSING = "，。、：；！？）」』》〉】〕”’…·—"
WORD = re.compile(
    rf"\s*[{_OPENING}]*[{_HAN}][{_CLOSING}]*\s*"  # one Chinese character and what clings to it
    rf"|\s*[{_OPENING}]*(?:[^\s{_HAN}{_OPENING}{_CLOSING}][{_CLOSING}]*)+\s*"  # a Latin word
    rf"|\s*[{_OPENING}{_CLOSING}]+\s*"  # punctuation on its own
)


def wrap_chinese(on: bool = True) -> bool:
    """Break lines as Chinese allows (see the module's docstring), or as Rich does (`on=False`);
    whether it could."""
    from rich import _wrap

    current = getattr(_wrap, "re_word", None)
    if not isinstance(current, re.Pattern):
        return False
    _RICH.setdefault("re_word", current if current is not WORD else re.compile(r"\s*\S+\s*"))
    _wrap.re_word = WORD if on else _RICH["re_word"]
    return True


_RICH: dict[str, re.Pattern[str]] = {}  # Rich's own pattern, to go back to
