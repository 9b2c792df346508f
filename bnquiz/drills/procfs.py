"""Reading /proc (Linux): a process's children, its environment, its parent and state, and
what a set of processes uses. Elsewhere, or for a process that is gone, each says nothing."""

from __future__ import annotations

import os


def children(pid: int) -> list[int]:
    """The children of every thread of `pid` (Linux; none elsewhere)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(p) for p in handle.read().split()]
        except (OSError, ValueError):
            continue
    return found


def variable(pid: int, name: str) -> str | None:
    """The value of one of the process's environment variables (as it was started)."""
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            for entry in handle.read().split(b"\0"):
                if entry.startswith(name.encode() + b"="):
                    return entry.split(b"=", 1)[1].decode(errors="replace")
    except OSError:
        pass
    return None


def parent(pid: int) -> int | None:
    """The process's parent's id."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def alive(pid: int) -> bool:
    """Running (not a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def usage(pids: list[int]) -> tuple[int, int, int]:
    """Processes, threads and memory of a set of processes. Memory counts each process's
    private resident pages, plus the largest shared (file-backed) resident set once."""
    page = os.sysconf("SC_PAGE_SIZE")
    processes = threads = private = shared = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/statm") as handle:
                resident, share = (int(v) for v in handle.read().split()[1:3])
        except (OSError, ValueError, IndexError):
            continue
        if fields[0] in ("Z", "X"):
            continue
        processes += 1
        threads += int(fields[17])
        private += max(resident - share, 0)
        shared = max(shared, share)
    return processes, threads, (private + shared) * page
