"""What every command shares: the app, the edge where errors become one line and an exit
status, the console, the common options, and opening the bank and the progress store."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from bnquiz.errors import BnquizError
from bnquiz.language import N_, _

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from bnquiz.progress.store import Store
    from bnquiz.quiz.records import Bank

P = ParamSpec("P")
R = TypeVar("R")
MAX_WIDTH = 100  # text wider than this is hard to read, however wide the terminal
WRITABLE_HOME = N_("set BNQUIZ_HOME to a folder you can write")  # advice: shown through `_`
SAY_WORDS = {"error": N_("error:"), "warning": N_("warning:")}  # the word before a `say()` line


class Group(TyperGroup):
    """Usage errors (a missing argument, an unknown option or command, a value of the wrong
    type) as one line on standard error, `error: …` with exit status 2, like every other error;
    --help stays as it is."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        exceptions = _click_exceptions()
        from bnquiz.language import forget

        forget()  # each run chooses its language afresh (tests run many in one process)
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except getattr(exceptions, "NoArgsIsHelpError", ()) as exc:  # the command alone: its help
            exc.show()
            code = exc.exit_code
        except exceptions.ClickException as exc:
            from bnquiz.cli.usage import usage_error

            say("error", usage_error(exc.format_message()))
            code = exc.exit_code
        except typer.Abort:  # Ctrl-C or end of input at a confirmation
            code = 1
        else:
            code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


LANG_HELP = "The language: `en` or `zh` (else $BNQUIZ_LANG, else the locale, else English)."


def use_language(ctx: Any, param: Any, value: str | None) -> None:
    """--lang's callback: speak that language from now on (a wrong value is a usage error)."""
    if value is None:
        return
    from bnquiz.language import choose, use

    try:
        use(choose(value))
    except BnquizError as exc:
        raise _click_exceptions().UsageError(str(exc)) from None


class Command(TyperCommand):
    """Arguments in the usage line as their names (`show ID`), without Typer's braces; and
    `--lang` on every command, declared once here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from typer.core import TyperOption

        language = TyperOption(
            param_decls=["--lang"],
            metavar="LANG",
            expose_value=False,
            is_eager=True,
            callback=use_language,
            help=LANG_HELP,
        )
        self.params.append(language)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


def _click_exceptions() -> Any:
    try:
        from typer._click import exceptions  # Typer 0.27 and later carry their own click
    except ImportError:
        import click.exceptions as exceptions  # type: ignore[import-not-found,no-redef]
    return exceptions


def new_app(help: str) -> typer.Typer:
    """A command group with bnquiz's conventions: help paragraphs re-flow, no tracebacks."""
    return typer.Typer(
        help=help,
        cls=Group,
        no_args_is_help=True,
        rich_markup_mode="markdown",  # paragraphs re-flow to the terminal's width
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


def console(stderr: bool = False) -> Console:
    """Rich output at most 100 columns wide. Piped, it is 100 wide (not Rich's 80) unless
    COLUMNS says otherwise: every address in the bank then fits on a line, never broken."""
    from rich.console import Console

    from bnquiz.language import spoken

    chinese = spoken() == "zh"  # (a wrong BNQUIZ_LANG may be what this console reports)
    if chinese or "bnquiz.cli.wrapping" in sys.modules:  # English never pays for it
        from bnquiz.cli.wrapping import wrap_chinese

        wrap_chinese(chinese)
    result = Console(stderr=stderr, highlight=False, emoji=False)
    piped = not result.is_terminal and not os.environ.get("COLUMNS")
    result.width = MAX_WIDTH if piped else min(result.width, MAX_WIDTH)
    return result


def say(level: str, message: str) -> None:
    """One line on stderr; the message is text, never markup (it may hold brackets)."""
    from rich.text import Text

    style = "bold red" if level == "error" else "yellow"
    from bnquiz.language import said

    word = said(SAY_WORDS[level])  # said even when $BNQUIZ_LANG names no language we speak
    space = "" if word.endswith("：") else " "  # a full-width colon carries its own space
    console(stderr=True).print(Text.assemble((word, style), space, message), soft_wrap=True)


def edge(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a BnquizError into one line on stderr and an exit status; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except BnquizError as exc:
            say("error", str(exc))
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def banks(given: list[Path] | None) -> list[Path]:
    """The banks a command reads besides the bundled one: $BNQUIZ_BANK's, then --bank's."""
    from bnquiz.quiz.loader import registered

    return list(dict.fromkeys([*registered(), *(given or [])]))


def load(given: list[Path] | None) -> Bank:
    """The bank the command reads, in the language in use."""
    from bnquiz.language import current
    from bnquiz.quiz.loader import load_bank

    return load_bank(banks(given)).localized(current())


def now() -> datetime:
    from bnquiz.progress.clock import clock

    return clock()


@contextlib.contextmanager
def store(advice: str = WRITABLE_HOME, bank: Bank | None = None) -> Iterator[Store]:
    """The open progress store for the length of a command. `advice`: what works for this
    command when the progress folder cannot be used (a message marked with `N_`). With the
    `bank` the command uses, history kept under a question's former ids becomes its own."""
    from bnquiz.progress.database import Unusable, open_store

    try:
        opened = open_store()
    except Unusable as exc:
        raise Unusable(_("{error} ({advice})").format(error=exc, advice=_(advice))) from None
    if opened.notice:
        say("warning", opened.notice)
    try:
        if bank is not None:
            opened.store.adopt(bank.moves())
        yield opened.store
    finally:
        opened.store.close()


def progress(
    skip: bool, advice: str = WRITABLE_HOME, bank: Bank | None = None
) -> contextlib.AbstractContextManager[Store | None]:
    """`store(advice, bank)`, or None when the command is told not to record."""
    return contextlib.nullcontext() if skip else store(advice, bank)


# --- shell completion: cheap on every keystroke (the cached bank, the drill registry) --------


def complete_topics(incomplete: str) -> list[str]:
    """Topic ids, from the cached bank (its YAML is parsed only when a file changed)."""
    try:
        return [t.id for t in load(None).topics if t.id.lower().startswith(incomplete.lower())]
    except BnquizError:
        return []


def complete_ids(incomplete: str) -> list[str]:
    """Question ids, from the cached bank."""
    try:
        return [q.id for q in load(None).questions if q.id.startswith(incomplete)]
    except BnquizError:
        return []


def complete_drills(incomplete: str) -> list[str]:
    from bnquiz.drills.specs import DRILLS

    return [name for name in DRILLS if name.startswith(incomplete)]


# --- options more than one command takes ------------------------------------------------------

BankOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--bank", help="Also load questions from this folder or YAML file (repeatable).", show_default=False
    ),
]
JsonOption = Annotated[
    Path | None,
    typer.Option(
        "--json", help="Write every question, the answer given and the verdict to FILE.", show_default=False
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE instead of standard output.", show_default=False),
]
TopicOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        "-t",
        help="Only this topic (repeatable); see `bnquiz topics`.",
        show_default=False,
        autocompletion=complete_topics,
    ),
]
SeedOption = Annotated[
    int | None, typer.Option("--seed", help="Make the selection and order reproducible.", show_default=False)
]
