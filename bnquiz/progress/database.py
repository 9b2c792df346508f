"""Where progress lives, and opening it: one SQLite file, `progress.db`, in $BNQUIZ_HOME or the
platform's user data folder, in WAL mode. A file that is not a healthy SQLite database is moved
aside with a timestamped name, never overwritten.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from bnquiz.language import _
from bnquiz.progress.clock import now
from bnquiz.progress.migrations import migrate
from bnquiz.progress.store import Store, StoreError

FILE = "progress.db"
CHECK_DAYS = 7  # how often the whole file is checked for damage


class Unusable(StoreError):
    """The progress folder or file cannot be used (read-only, locked, …); each command adds
    what the user can do about it there."""


class Opened(NamedTuple):
    store: Store
    notice: str | None  # one line for the user, e.g. that a damaged file was set aside


def home() -> Path:
    """Where progress lives: $BNQUIZ_HOME, else the platform's user data folder."""
    override = os.environ.get("BNQUIZ_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("bnquiz", appauthor=False)


def exists(folder: Path | None = None) -> bool:
    """Whether there is any progress to read (a command that only reads need not create it)."""
    return ((folder or home()) / FILE).exists()


def open_store(folder: Path | None = None) -> Opened:
    """Open (creating and migrating as needed) the progress database in `folder` (default: `home()`)."""
    folder = folder or home()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Unusable(
            _("cannot use {folder} for progress: {error}").format(folder=folder, error=exc.strerror)
        ) from None
    path = folder / FILE
    notice = None
    with _opening(folder):
        try:
            db = _connect(path)
        except sqlite3.OperationalError as exc:  # locked, read-only, I/O: the file may be fine
            raise Unusable(_("cannot use {file}: {error}").format(file=path, error=exc)) from None
        except sqlite3.DatabaseError as exc:  # not a database, malformed, failed its check
            aside = _set_aside(path)
            notice = _(
                "{file} was damaged ({error}); it was moved to {aside} and progress starts afresh"
            ).format(file=path, error=exc, aside=aside.name)
            try:
                db = _connect(path)
            except sqlite3.Error as again:
                raise Unusable(_("cannot use {file}: {error}").format(file=path, error=again)) from None
    return Opened(Store(db), notice)


def peek(folder: Path | None = None) -> Store | None:
    """The progress database for reading only, or None when there is none yet: for a screen that
    only looks, and so creates nothing (no folder, no file, no migration, no setting aside)."""
    path = (folder or home()) / FILE
    if not path.exists():
        return None
    # A session open elsewhere (or one that crashed) keeps recent answers in the -wal file: read
    # through it. Otherwise nothing has the file open, and `immutable` reads it as it is, without
    # the -wal and -shm files even a read-only connection would create and leave behind (a session
    # that starts and ends within this glance may go unseen: a screen that only looks can allow it).
    mode = "mode=ro" if path.with_name(f"{FILE}-wal").exists() else "immutable=1"
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise Unusable(_("cannot use {file}: {error}").format(file=path, error=exc)) from None
    return Store(db)


@contextmanager
def _opening(folder: Path) -> Iterator[None]:
    """Serialize opening across processes: creating the file, switching it to WAL and migrating
    it race with a second bnquiz started at the same moment (SQLite reports such a race as
    'locked' or an I/O error, which must never be mistaken for damage)."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform: opening still works, unserialized
        yield
        return
    try:
        handle = open(folder / f"{FILE}.lock", "a")  # noqa: SIM115 — closed below
    except OSError as exc:
        raise Unusable(
            _("cannot use {folder} for progress: {error}").format(folder=folder, error=exc.strerror)
        ) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # releases the lock


class _Damaged(sqlite3.DatabaseError):
    """The file opened, but it is not a healthy database."""


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA busy_timeout = 30000")
        if db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise sqlite3.OperationalError(_("could not switch to WAL mode"))
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("SELECT count(*) FROM sqlite_master")  # not a database, or a damaged header, fails here
        _check_now_and_then(db)
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _check_now_and_then(db: sqlite3.Connection) -> None:
    """Check every page of the file once in CHECK_DAYS days (the day of the last check that
    passed is kept in the file's `user_version`). The check reads the whole file, a third of a
    second at a million answers: on every start it would cost `stats` more than all the rest."""
    today = now().date().toordinal()
    if 0 <= today - db.execute("PRAGMA user_version").fetchone()[0] < CHECK_DAYS:
        return
    if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise _Damaged(_("integrity check failed"))
    db.execute(f"PRAGMA user_version = {today}")


def _set_aside(path: Path) -> Path:
    when = now().strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{when}")
    n = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.damaged-{when}-{n}")
        n += 1
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.rename(aside.with_name(aside.name + suffix))
    return aside
