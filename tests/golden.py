"""Whole-string golden outputs in tests/golden/.

`golden(NAME, text)` compares `text` with the file; run the suite with BNQUIZ_REGOLD=1 to
rewrite every golden file from the current output, then review the diff (`git diff tests/golden`).
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER = Path(__file__).parent / "golden"


def golden(name: str, text: str) -> None:
    path = FOLDER / name
    if os.environ.get("BNQUIZ_REGOLD"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with BNQUIZ_REGOLD=1 to write it"
    assert text == path.read_text(encoding="utf-8")
