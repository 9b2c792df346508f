"""Output files, one rule for every writer: checked before any work is done, never overwritten
without `force`, written whole or not at all, with the permissions the user's umask gives."""

from __future__ import annotations

import os
from pathlib import Path

from bnquiz.errors import BnquizError, UsageError
from bnquiz.language import _


def check_writable(path: Path, keep: bool = False) -> None:
    """Fail before any work is done, not after a whole session, if `path` cannot be written
    (or, with `keep`, if it exists: a file the user saved is overwritten only with --force)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(_("{file} is a folder, not a file").format(file=path))
    if not folder.is_dir():
        raise UsageError(_("cannot write {file}: no folder {folder}").format(file=path, folder=folder))
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(_("cannot write {file}: permission denied").format(file=path))
    if keep and path.exists():
        raise BnquizError(_("{file} already exists; pass --force to overwrite it").format(file=path))


def output_format(path: Path, fmt: str | None, suffixes: dict[str, str]) -> str:
    """The format an output file is written in: from its suffix, which must be one a format
    writes (and agree with `fmt` when both are given)."""
    if path.is_dir():
        raise UsageError(_("{file} is a folder, not a file").format(file=path))
    known = ", ".join(suffixes)
    wanted = suffixes.get(path.suffix.lower())
    if wanted is None and path.suffix:
        raise UsageError(
            _("{file}: no format writes {suffix}; use {known}").format(
                file=path, suffix=path.suffix, known=known
            )
        )
    if wanted is None and fmt is None:
        raise UsageError(
            _("{file}: no format writes a file without a suffix; use {known}").format(file=path, known=known)
        )
    if fmt is not None and wanted is not None and wanted != fmt:
        raise UsageError(
            _("{file}: its suffix {suffix} is for {wanted}, not {format}").format(
                file=path, suffix=path.suffix, wanted=wanted, format=fmt
            )
        )
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
        raise BnquizError(
            _("cannot write {file}: {error}").format(file=path, error=exc.strerror or exc)
        ) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
