"""The cached bank: a pickle per set of bank files, so that a command starts without parsing YAML.

Keyed on bnquiz's version, the records' fields, and every file's path, size, modification time
and inode: any edit to any file, or to what a record holds, rebuilds it. A missing, damaged or
unwritable cache only costs speed, never an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bnquiz.quiz.records import FORMAT, Bank, Misconception, Question, SheetEntry, Topic

if TYPE_CHECKING:
    from pathlib import Path


def stamp(files: list[Path]) -> str:
    """What the cached bank was built from: bnquiz's version and every file's identity."""
    import zlib

    from bnquiz import __version__

    fields = [*Question._fields, *Topic._fields, *SheetEntry._fields, *Misconception._fields]
    parts = [f"{__version__}/{FORMAT}/{zlib.crc32(','.join(fields).encode()):08x}"]
    for path in files:
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}")
    return "|".join(parts)


def location(files: list[Path]) -> Path:
    """One cache file per set of bank files: quizzing with --bank does not evict the default."""
    import zlib

    from platformdirs import user_cache_path

    name = zlib.crc32("|".join(map(str, files)).encode())
    return user_cache_path("bnquiz", appauthor=False) / f"bank-{name:08x}.pickle"


def read(path: Path, expected: str) -> Bank | None:
    import gc
    import pickle

    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of acyclic tuples and strings: nothing to collect while they load
    try:
        found, bank = pickle.loads(path.read_bytes())
    except Exception:  # missing or damaged: a cache miss, never an error
        return None
    finally:
        if collecting:
            gc.enable()
    return bank if found == expected and isinstance(bank, Bank) else None


def write(path: Path, stamp: str, bank: Bank) -> None:
    import os
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".bank-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((stamp, bank), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache folder only costs speed
