"""In the child: the ranks of a distributed drill, as real processes of torch.distributed.

The child the sandbox starts is rank 0. Before it imports torch it starts the other ranks
(`python -m bnquiz.drills.runner ... WORLD RANK PORT`), so that every rank imports torch while
the parent builds the battery; each is a child of rank 0, inside the sandbox's process tree, so
its limits and its kill cover every rank. They meet over loopback through a TCPStore that rank 0
hosts on a free port, and join a gloo process group (NCCL for CUDA tensors where there is a GPU
per rank) whose collectives time out after
`COLLECTIVE_TIMEOUT` seconds: a rank that never joins a collective makes the others raise, not
hang, and the parent names it.

The store is bnquiz's own, apart from the process groups: after each call the ranks meet there
(`meet`), so a submission that calls `destroy_process_group` cannot stop the run; the default
group is made again before the next call (`ready`). Standard library only until torch is imported.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta
from typing import Any

COLLECTIVE_TIMEOUT = 3.0  # seconds a collective waits for a missing rank (loopback takes ms)
MEET_TIMEOUT = 8.0  # seconds a rank waits for the others after a call


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Ranks:
    """This process's rank in the drill's group and what it shares with the others."""

    def __init__(self, world: int, rank: int, port: int) -> None:
        self.world, self.rank, self.port = world, rank, port
        self.others: list[tuple[subprocess.Popen[bytes], int]] = []  # rank 0: the ranks it started
        self.store: Any = None
        self.generation = 0  # how many times the default group was made
        self.groups: dict[tuple[int, ...], Any] = {}

    def start_others(self, argv: list[str]) -> None:
        """Rank 0: start ranks 1 … world − 1, each with a control pipe for the manifest."""
        for rank in range(1, self.world):
            read_end, write_end = os.pipe()
            command = [sys.executable, "-I", "-B", "-m", "bnquiz.drills.runner", argv[1], str(read_end)]
            command += [argv[3], str(self.world), str(rank), str(self.port)]
            process = subprocess.Popen(command, pass_fds=(read_end,), stdin=subprocess.DEVNULL)
            os.close(read_end)
            self.others.append((process, write_end))

    def hand_on(self, manifest: bytes) -> None:
        """Rank 0: give every other rank the manifest (empty: stop)."""
        for _process, pipe in self.others:
            try:
                os.write(pipe, manifest)
            except OSError:
                pass  # that rank is gone already
            finally:
                os.close(pipe)

    def join(self) -> None:
        """Meet the other ranks and make the default process group."""
        import torch.distributed as dist

        self.store = dist.TCPStore(  # type: ignore[attr-defined]
            "127.0.0.1", self.port, self.world, self.rank == 0, timeout=timedelta(seconds=MEET_TIMEOUT)
        )
        self.ready()

    def ready(self) -> None:
        """Make the default group again if the last call destroyed it."""
        import torch.distributed as dist

        if dist.is_initialized():
            return
        import torch

        self.generation += 1
        self.groups = {}
        backend = "gloo"
        if torch.cuda.is_available() and torch.cuda.device_count() >= self.world:
            torch.cuda.set_device(self.rank)  # NCCL needs a GPU of its own per rank
            backend = "cpu:gloo,cuda:nccl"
        dist.init_process_group(
            backend,
            store=dist.PrefixStore(f"group-{self.generation}", self.store),  # type: ignore[attr-defined]
            rank=self.rank,
            world_size=self.world,
            timeout=timedelta(seconds=COLLECTIVE_TIMEOUT),
        )

    def group(self, members: tuple[int, ...]) -> Any:
        """The process group of these ranks (None: all of them), made once by every rank."""
        import torch.distributed as dist

        if len(members) == self.world:
            return None
        if members not in self.groups:
            self.groups[members] = dist.new_group(
                list(members), timeout=timedelta(seconds=COLLECTIVE_TIMEOUT)
            )
        return self.groups[members]

    def meet(self, tag: str, failed: bool) -> bool | None:
        """Wait at the store until every rank has finished the call `tag`: whether any of them
        raised (then every rank ends the scenario there), or None if one never finishes (it died,
        or the store is gone): the run stops. Where a rank's call destroyed its default group,
        every rank lets go of its own, so that all make the next one together (`ready`)."""
        import torch.distributed as dist

        keys = [f"{tag}/{r}" for r in range(self.world)]
        said = ("failed" if failed else "done") + ("" if dist.is_initialized() else " lost")
        try:
            self.store.set(keys[self.rank], said)
            self.store.wait(keys, timedelta(seconds=MEET_TIMEOUT))
            everyone = [self.store.get(key).decode() for key in keys]
        except Exception:
            return None
        if any(word.endswith(" lost") for word in everyone) and dist.is_initialized():
            dist.destroy_process_group()
        return any(word.startswith("failed") for word in everyone)

    def finish(self) -> None:
        """Rank 0: wait for the other ranks to end (the sandbox's timeout still covers this)."""
        for process, _pipe in self.others:
            process.wait()
