"""The terminal: the interactive quiz loop, line editing at prompts, and the pager.

The loop reads one line per answer from standard input, so it serves a person at a terminal
(with line editing and history) and a script piping answers in. End of input or Ctrl-C ends the
session the same way `q` does; the finished attempts stay with the session.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.rule import Rule
from rich.text import Text

from bnquiz.language import _
from bnquiz.quiz import screens

if TYPE_CHECKING:
    from rich.console import Console

    from bnquiz.quiz.session import Session


def run(console: Console, session: Session, read: Callable[[str], str] | None = None) -> None:
    """Ask the session's questions on `console`, one line per answer from `read(prompt)`
    (standard input by default); stop early, cleanly, on q, end of input or Ctrl-C."""
    read = read or LineReader(console)
    console.print(Text(_(screens.LEGEND), style="dim"))
    shown = 0
    try:
        while (question := session.question) is not None:
            if session.position != shown:
                shown = session.position
                console.print(Rule(style="dim"))
                console.print(
                    screens.question_header(question, shown, len(session.plan.questions), session.bank)
                )
                console.print(screens.question_body(question, session.order))
            console.print(screens.event_view(session.answer(read(session.prompt))))
    except (EOFError, KeyboardInterrupt):
        session.stop()
        console.print()


class LineReader:
    """Reads one answer per line from standard input, showing `prompt ›` first. At a terminal,
    through `input()` and readline, so the line edits like a shell's; piped, the answer read is
    echoed, as a terminal would have shown it."""

    def __init__(self, console: Console) -> None:
        self.console = console
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="replace")  # stray bytes are nonsense to re-ask, not a crash
        self.terminal = sys.stdin.isatty()
        if self.terminal:
            line_editing()

    def __call__(self, prompt: str) -> str:
        styled = Text(f"{prompt} › ", style="bold")
        if self.terminal:  # input() draws the prompt, so that line editing knows where it ends
            with self.console.capture() as captured:
                self.console.print(styled, end="")
            return input(_invisible_to_readline(captured.get()))
        self.console.print(styled, end="")
        line = sys.stdin.readline()
        if line == "":
            raise EOFError
        text = line.rstrip("\n")
        self.console.print(text, markup=False, highlight=False)
        return text


def line_editing() -> None:
    """Arrow keys, Home/End, Ctrl-A/E and the up arrow for earlier answers at every prompt, as
    in a shell: Python's readline does it for input(). No history file is written."""
    import contextlib

    with contextlib.suppress(ImportError):  # a Python built without it (Windows): plain input
        import readline  # noqa: F401 — importing it is what turns line editing on


def _invisible_to_readline(prompt: str) -> str:
    """Mark a prompt's colour codes as taking no room, or readline misplaces the cursor."""
    import re

    return re.sub(r"(\x1b\[[0-9;]*m)", "\x01\\1\x02", prompt)


def page(text: str) -> None:
    """Show text through the user's pager: $BNQUIZ_PAGER, else $PAGER, else `less` (with
    LESS=FRX unless set: colours, and no paging for what fits). An empty command means none;
    a pager that cannot be started costs nothing: the text is printed."""
    import os
    import subprocess

    command = os.environ.get("BNQUIZ_PAGER", os.environ.get("PAGER", "less")).strip()
    if command and command != "cat":
        env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
        try:
            done = subprocess.run(command, shell=True, input=text.encode(), env=env, check=False)
        except OSError:
            done = None
        if done is not None and done.returncode not in (126, 127):  # 126/127: it did not run
            return
    sys.stdout.write(text)
    sys.stdout.flush()


def show(console: Console, view: object, pager: bool) -> None:
    """Print `view`; in a terminal it does not fit, through a pager, as `git` does."""
    if not pager or not console.is_terminal:
        console.print(view)
        return
    with console.capture() as captured:
        console.print(view)
    text = captured.get()
    if text.count("\n") < console.height:
        sys.stdout.write(text)
        return
    page(text)


class Keys:
    """Key presses from standard input as they come, without Enter: at a terminal, in cbreak
    mode (restored on leaving; Ctrl-C still interrupts); piped, each character of each line."""

    def __init__(self) -> None:
        try:
            self.fd = sys.stdin.fileno()
        except (AttributeError, ValueError, OSError):  # none, closed, or not a file: no keys
            self.fd = -1
        self._saved: list[Any] | None = None
        self._open = self.fd >= 0

    def __enter__(self) -> Keys:
        import contextlib

        if self._open and sys.stdin.isatty():
            import termios
            import tty

            with contextlib.suppress(termios.error):
                self._saved = termios.tcgetattr(self.fd)
                tty.setcbreak(self.fd)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def pressed(self) -> str:
        """The keys pressed since the last call ("" for none; stdin's end means none, ever)."""
        import os
        import select

        keys = ""
        while self._open and select.select([self.fd], [], [], 0)[0]:
            chunk = os.read(self.fd, 64)
            if not chunk:
                self._open = False
            keys += chunk.decode("utf-8", errors="replace")
        return keys
