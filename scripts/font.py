"""Build the CJK font the Chinese PDF cheat sheet is typeset in: a subset of Noto Sans CJK
(SIL Open Font License 1.1), renamed as a modified version, shipped in the wheel with its licence.

    python scripts/font.py NotoSansCJK-Regular.otf

The subset holds the 3,755 common characters of GB 2312 level 1, its punctuation and symbols,
and every character the bundled bank and the message catalog use (about 0.8 MB instead of
16 MB), so a fresh install typesets Chinese with no system font. A test checks that it covers
every character of the Chinese sheet. Needs fontTools.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "bnquiz" / "sheet" / "fonts" / "bnquiz-cjk.otf"
FAMILY = "bnquiz CJK"  # a Modified Version takes a name of its own


def characters() -> str:
    """GB 2312's symbols (rows 1-3) and level-1 hanzi, plus what the bank and catalog use."""
    found: set[str] = set()
    for high in (*range(0xA1, 0xA4), *range(0xB0, 0xD8)):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # a gap in the table
                found.add(bytes([high, low]).decode("gb2312"))
    sources = [*(ROOT / "questions").glob("*.yaml"), *(ROOT / "bnquiz" / "locale").rglob("*.po")]
    for path in sources:
        found.update(c for c in path.read_text(encoding="utf-8") if ord(c) >= 0x2E80)
    return "".join(sorted(found))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    options = subset.Options(layout_features=[], hinting=False, name_IDs=["*"], name_languages=["*"])
    font = TTFont(argv[0])
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18):
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName("Regular", 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} Regular", 4, 3, 1, 0x409)
    names.setName(FAMILY.replace(" ", "") + "-Regular", 6, 3, 1, 0x409)
    names.setName(f"{FAMILY}; subset of Noto Sans CJK", 3, 3, 1, 0x409)
    if "CFF " in font:
        top = font["CFF "].cff
        top.fontNames = [FAMILY.replace(" ", "") + "-Regular"]
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
