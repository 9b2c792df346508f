"""The `bnquiz` command: a thin client of the library, one module per command group.

    base      the app's conventions, the error edge, the console, shared options
    home      `bnquiz` alone: the home screen in a terminal, else the help
    sessions  quiz, review (through `terminal`, the interactive loop and the pager)
    bank      topics, show, validate, export
    progress  stats, reset; progress export and import
    sheet     cheatsheet
    drill     drill list, start, check, watch, hint
    lab       lab

Each command parses its options, calls the library, and renders what comes back; only this
package reads argv, prints, prompts and exits. A `BnquizError` from anywhere becomes
`error: <message>` on stderr and its exit status (1 failure, 2 usage).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from bnquiz import __version__
from bnquiz.cli import bank, drill, lab, progress, sessions, sheet
from bnquiz.cli.base import LANG_HELP, new_app, use_language

app = new_app(
    "Learn batch normalization well enough to ace an interview on it.\n\n"
    "Alone, in a terminal, `bnquiz` shows where you stand and what to do next."
)
app.info.name = "bnquiz"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bnquiz {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True, no_args_is_help=False)
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option("--lang", metavar="LANG", callback=use_language, is_eager=True, help=LANG_HELP),
    ] = None,
) -> None:
    """Learn batch normalization well enough to ace an interview on it."""
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        from bnquiz.cli.home import welcome

        welcome(ctx)


for group in (sessions.app, bank.app, progress.app, sheet.app, lab.app):  # --help lists them in this order
    app.add_typer(group)
app.add_typer(drill.app, name="drill")
app.add_typer(progress.history, name="progress")


def main() -> None:
    """Entry point of the `bnquiz` script."""
    try:
        app()
    except BrokenPipeError:
        # `bnquiz export | head`: the reader left; that is not an error worth a traceback.
        sys.stderr.close()
        sys.exit(0)
