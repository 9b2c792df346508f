"""What every sandboxed child gets before it runs anything: its environment, marked with its
check's token, and its limits. The sandbox starts children with them, and so does the warm
process it forks children from."""

from __future__ import annotations

import os

OUTPUT_CAP = 16 * 2**20  # bytes a submission may print, per stream
MEMORY_CAP = 3 * 2**30  # resident memory of all its processes together (and address space per process, NumPy)
TOKEN = "BNQUIZ_SANDBOX"  # the environment variable that marks a check's processes


def environment(token: str) -> dict[str, str]:
    """The child's environment: the user's, one thread by default, and the check's token."""
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")  # tiny tensors: threads cost more than they give
    env[TOKEN] = token
    return env


def limit(address_space: bool) -> None:
    """The child's own limits, set in it before it runs anything: output and core size, and
    (NumPy drills) the address space."""
    import resource

    if address_space:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_CAP, OUTPUT_CAP))  # a flood fails, not the disk
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
