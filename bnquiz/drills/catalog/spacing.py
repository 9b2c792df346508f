"""A space where a Chinese sentence meets a Latin word, a number or a code span filled in beside
it ("在 batchnorm_backward 中"), as the Chinese catalog writes them itself. English has no
Chinese character, so an English line comes back unchanged."""

from __future__ import annotations

import re

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_THEN_LATIN = re.compile(rf"([{_HAN}])([A-Za-z0-9`])")
_LATIN_THEN_HAN = re.compile(rf"([A-Za-z0-9`])([{_HAN}])")


def spaced(line: str) -> str:
    return _LATIN_THEN_HAN.sub(r"\1 \2", _HAN_THEN_LATIN.sub(r"\1 \2", line))
