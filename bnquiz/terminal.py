"""The terminal: the interactive quiz loop, line editing at prompts, and the pager.

The loop reads one line per answer from standard input, so it serves a person at a terminal
(with line editing and history) and a script piping answers in. `?` shows the hint, `s` skips,
`q` quits; end of input or Ctrl-C ends the session the same way `q` does, and the caller still
gets every finished attempt.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from bnquiz import answer, render
from bnquiz.bank import Bank, Question
from bnquiz.quiz import Attempt, Plan

LEGEND = "Type your answer and press Enter · ? hint · s skip · q quit"


class Quit(Exception):
    """The user asked to stop (q, end of input, Ctrl-C)."""


class Session:
    """Runs a `Plan` against a console and a line reader; collects the attempts."""

    def __init__(
        self,
        console: Console,
        bank: Bank,
        on_attempt: Callable[[Attempt], None] | None = None,
    ) -> None:
        self.console = console
        self.bank = bank
        self.on_attempt = on_attempt  # records each answer the moment it is judged
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="replace")  # stray bytes are nonsense to re-ask, not a crash
        self._terminal = sys.stdin.isatty()
        if self._terminal:
            line_editing()
        self.attempts: list[Attempt] = []

    def run(self, plan: Plan) -> list[Attempt]:
        """Ask every question in order; stop early, cleanly, on q, end of input or Ctrl-C."""
        self.console.print(Text(LEGEND, style="dim"))
        try:
            for position, question in enumerate(plan.questions, 1):
                self.console.print(Rule(style="dim"))
                self.console.print(render.question_header(question, position, len(plan.questions), self.bank))
                attempt = self._ask(question, plan.orders.get(question.id, ()))
                self.attempts.append(attempt)
                if self.on_attempt is not None:
                    self.on_attempt(attempt)
        except (Quit, EOFError, KeyboardInterrupt):
            self.console.print()
        return self.attempts

    def _input(self, prompt: str) -> str:
        styled = Text(f"{prompt} › ", style="bold")
        if self._terminal:  # input() draws the prompt, so that line editing knows where it ends
            with self.console.capture() as captured:
                self.console.print(styled, end="")
            return input(_invisible_to_readline(captured.get()))
        self.console.print(styled, end="")
        line = sys.stdin.readline()
        if line == "":
            raise EOFError
        text = line.rstrip("\n")
        self.console.print(text, markup=False, highlight=False)  # a piped answer is not echoed by a terminal
        return text

    def _ask(self, question: Question, order: tuple[int, ...]) -> Attempt:
        start = time.monotonic()
        self.console.print(render.question_body(question, order))
        hint_used = False
        while True:
            text = self._input(render.PROMPTS[question.kind])
            command = text.strip().lower()
            if command == "q":
                raise Quit
            if command == "s":
                attempt = Attempt(question, "skipped", 0.0, "", "", hint_used, time.monotonic() - start)
                self.console.print(render.feedback(attempt, None, order))  # a skip still teaches the answer
                return attempt
            if command == "?":
                hint_used = hint_used or bool(question.hint)  # only a hint actually shown counts
                self.console.print(
                    Text(
                        f"Hint: {question.hint}" if question.hint else "No hint for this one.", style="yellow"
                    )
                )
                continue
            if not command:
                self.console.print(
                    Text("Type an answer (or ? for a hint, s to skip, q to quit).", style="yellow")
                )
                continue
            try:
                response = self._points(question) if question.kind == "text" else answer.parse(question, text)
            except ValueError as exc:
                self.console.print(Text(f"{exc}; try again.", style="yellow"))
                continue
            judgement = answer.judge(question, response, order)
            attempt = Attempt(
                question,
                judgement.verdict,
                judgement.score,
                text.strip(),
                answer.describe_response(question, response, order),
                hint_used,
                time.monotonic() - start,
            )
            self.console.print(render.feedback(attempt, response, order))
            return attempt

    def _points(self, question: Question) -> tuple[int, ...]:
        """After a free answer: show the model answer and let the user mark what they covered."""
        self.console.print(render.points_list(question))
        while True:
            text = self._input("points you covered, e.g. 1,3 · all · none")
            if text.strip().lower() == "q":
                raise Quit
            try:
                return answer.parse_points(text, len(question.points))
            except ValueError as exc:
                self.console.print(Text(f"{exc}; try again.", style="yellow"))


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
