"""Watch mode: grade a file again each time it is saved, from a warm process.

`Watch` keeps one warm process per framework (a `ForkServer`), so a re-check forks a child that
already has torch instead of starting an interpreter that imports it: a save is graded in about
a tenth of a second. Each check still runs in its own sandboxed process, so one bad save never
spoils the next. The terminal loop (`bnquiz drill watch`) is the CLI's; this is the library part.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bnquiz.errors import UsageError
from bnquiz.language import _

if TYPE_CHECKING:
    from bnquiz.drills.forkserver import ForkServer
    from bnquiz.drills.spec import Drill
    from bnquiz.drills.verdict import Verdict

STEP_MS = 30  # a save is graded once no further change came for this long (an editor's save is
# often several writes: a temporary file, a rename); later saves in a burst are graded once
TICK_MS = 100  # how often `saves()` yields even with no save, so that the caller can read keys


class Watch:
    """Grades one file on request (`check()`), and says when it was saved (`saves()`).

    `drill`, `device`, `record`, `edition`, `timeout`: as for `bnquiz.check`. Use it as a
    context manager: leaving it ends the warm process.
    """

    def __init__(
        self,
        path: Path,
        drill: str | None = None,
        device: str | None = None,
        record: bool = True,
        edition: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        from bnquiz.drills import specs

        self.path = path
        self.named = specs.get(drill) if drill else None  # checked now: a wrong name is a usage error
        self.device, self.record, self.edition, self.timeout = device, record, edition, timeout
        self.drill: Drill | None = self.named
        self._warm: ForkServer | None = None
        if self.drill is not None:
            self._warm_for(self.drill)

    def check(self) -> Verdict:
        """Grade the file as it is now. A file that is gone, or whose drill cannot be told, is a
        UsageError (the watch goes on: the next save may mend it)."""
        from bnquiz.drills import check, specs

        if not self.path.is_file():
            raise UsageError(_("no such file: {file}").format(file=self.path))
        if self.named is None:  # the file's code decides, each time; a save that cannot tell
            try:  # (a syntax error, say) is graded by the drill of the last one that could
                self.drill = specs.infer(self.path)[0]
            except UsageError:
                if self.drill is None:
                    raise
        assert self.drill is not None
        warm = self._warm_for(self.drill)
        return check(
            self.path,
            self.drill.name,
            self.device,
            self.record,
            edition=self.edition,
            timeout=self.timeout,
            warm=warm,
        )

    def saves(self) -> Iterator[bool]:
        """Yield True once the watch is on (grade the file as it is: a save from then on is
        never missed), then True after each save of the file (a burst of saves: once) and False
        every TICK_MS milliseconds without one. Saved by renaming a new file over it, as many
        editors do, counts: the folder is watched, not the file."""
        import watchfiles

        target = self.path.resolve()
        changes = watchfiles.watch(
            target.parent,
            watch_filter=lambda _change, changed: Path(changed) == target,
            step=STEP_MS,
            rust_timeout=TICK_MS,
            yield_on_timeout=True,
            recursive=False,
            raise_interrupt=True,
        )
        for count, changed in enumerate(changes):
            yield count == 0 or bool(changed)  # the first comes when the watcher runs

    def close(self) -> None:
        if self._warm is not None:
            self._warm.close()
            self._warm = None

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _warm_for(self, drill: Drill) -> ForkServer:
        """The warm process for this drill's framework, started (or started again) as needed."""
        from bnquiz.drills.forkserver import ForkServer

        if self._warm is not None and (
            self._warm.framework != drill.framework or self._warm.process.poll() is not None
        ):  # another framework, or the server ended (killed, or stuck and ended): a new one
            self.close()
        if self._warm is None:
            self._warm = ForkServer(drill.framework, drill.caller)
        return self._warm
