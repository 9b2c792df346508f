"""Output files, one rule for every writer: checked before any work is done, never overwritten
without `force`, written whole or not at all, with the permissions the user's umask gives."""

from __future__ import annotations

import os
from pathlib import Path

from bnquiz.errors import BnquizError, UsageError


def check_writable(path: Path, keep: bool = False) -> None:
    """Fail before any work is done, not after a whole session, if `path` cannot be written
    (or, with `keep`, if it exists: a file the user saved is overwritten only with --force)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{path} is a folder, not a file")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: no folder {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"cannot write {path}: permission denied")
    if keep and path.exists():
        raise BnquizError(f"{path} already exists; pass --force to overwrite it")


def output_format(path: Path, fmt: str | None, suffixes: dict[str, str]) -> str:
    """The format an output file is written in: from its suffix, which must be one a format
    writes (and agree with `fmt` when both are given)."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder, not a file")
    known = ", ".join(suffixes)
    wanted = suffixes.get(path.suffix.lower())
    if wanted is None and (path.suffix or fmt is None):
        raise UsageError(f"{path}: no format writes {path.suffix or 'a file without a suffix'}; use {known}")
    if fmt is not None and wanted is not None and wanted != fmt:
        raise UsageError(f"{path}: its suffix {path.suffix} is for {wanted}, not {fmt}")
    return wanted or fmt or ""


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write whole or not at all: a crash never leaves half a file behind. Text gets a final
    newline."""
    import tempfile

    data = content if isinstance(content, bytes) else (content.rstrip("\n") + "\n").encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 is for the temporary file, not the output
        os.replace(tmp, path)
    except OSError as exc:
        raise BnquizError(f"cannot write {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
