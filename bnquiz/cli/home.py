"""`bnquiz` with no command: in a terminal, the home screen; piped, the help, as ever.

The screen reads progress without writing it (a user who never answered gets the welcome, and
no progress file), and starts as fast as `bnquiz topics`: the cached bank, the drills' names (not
their specs), four small queries.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from bnquiz.cli.base import _click_exceptions, banks, console, edge, now


def writes_to_terminal() -> bool:
    """Whether standard output is a terminal. TTY_COMPATIBLE=1 or 0 says so instead, as it
    does to Rich (FORCE_COLOR, which Rich also heeds, asks for colour, not for this screen)."""
    told = os.environ.get("TTY_COMPATIBLE", "")
    return told == "1" if told in ("0", "1") else sys.stdout.isatty()


def welcome(ctx: Any) -> None:
    """The app's callback, when no command follows: the home screen, or what bnquiz did before
    there was one: alone, its help (as `no_args_is_help` shows it); after options, an error."""
    if writes_to_terminal():
        show()
        return
    if any(getattr(ctx.get_parameter_source(name), "name", "") == "COMMANDLINE" for name in ctx.params):
        ctx.fail("Missing command.")  # Click's own words
    exceptions = _click_exceptions()
    if hasattr(exceptions, "NoArgsIsHelpError"):  # Click 8.2 and later
        raise exceptions.NoArgsIsHelpError(ctx)
    typer.echo(ctx.get_help(), color=ctx.color)
    raise typer.Exit()


@edge
def show() -> None:
    """Print the home screen."""
    from bnquiz.drills.roster import NAMES
    from bnquiz.progress.database import peek
    from bnquiz.progress.homescreen import home_view
    from bnquiz.progress.overview import survey
    from bnquiz.quiz.loader import load_bank

    bank = load_bank(banks(None))  # ids and counts only: no need of its translation
    store = peek()
    try:
        home = survey(store, bank, list(NAMES), now())
    finally:
        if store is not None:
            store.close()
    console().print(home_view(home))
