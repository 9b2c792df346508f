"""The `bnquiz` command: the only module that reads argv, prints, prompts and exits.

Every command parses its options, calls the core, and renders what comes back. A `BnquizError`
from anywhere becomes `error: <message>` on stderr and its exit status (1 failure, 2 usage).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from bnquiz import __version__
from bnquiz.errors import BnquizError, UsageError


class _Group(TyperGroup):
    """Usage errors (a missing argument, an unknown option or command, a value of the wrong
    type) as one line on standard error, `error: …` with exit status 2, like every other error;
    --help stays as it is."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        exceptions = _click_exceptions()
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except getattr(exceptions, "NoArgsIsHelpError", ()) as exc:  # the command alone: its help
            exc.show()
            code = exc.exit_code
        except exceptions.ClickException as exc:
            _say("error", exc.format_message())
            code = exc.exit_code
        except typer.Abort:  # Ctrl-C or end of input at a confirmation
            code = 1
        else:
            code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


class _Command(TyperCommand):
    """Arguments in the usage line as their names (`show ID`), without Typer's braces."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [
            p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in super().collect_usage_pieces(ctx)
        ]


def _click_exceptions() -> Any:
    try:
        from typer._click import exceptions  # Typer 0.27 and later carry their own click
    except ImportError:
        from click import exceptions
    return exceptions


app = typer.Typer(
    name="bnquiz",
    cls=_Group,
    help="Learn batch normalization well enough to ace an interview on it.",
    no_args_is_help=True,
    rich_markup_mode="markdown",  # paragraphs re-flow to the terminal's width
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


# --- shell completion: cheap on every keystroke (file names, the cached bank, the registry) ---


def _complete_topics(incomplete: str) -> list[str]:
    """Topic ids, from the cached bank (its YAML is parsed only when a file changed)."""
    try:
        return [t.id for t in _load(None).topics if t.id.lower().startswith(incomplete.lower())]
    except BnquizError:
        return []


def _complete_ids(incomplete: str) -> list[str]:
    """Question ids, from the cached bank."""
    try:
        return [q.id for q in _load(None).questions if q.id.startswith(incomplete)]
    except BnquizError:
        return []


def _complete_drills(incomplete: str) -> list[str]:
    from bnquiz.drills.specs import DRILLS

    return [name for name in DRILLS if name.startswith(incomplete)]


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
NoRecordOption = Annotated[bool, typer.Option("--no-record", help="Do not record this session's answers.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")]
TopicOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        "-t",
        help="Only this topic (repeatable); see `bnquiz topics`.",
        show_default=False,
        autocompletion=_complete_topics,
    ),
]


MAX_WIDTH = 100  # text wider than this is hard to read, however wide the terminal


def _console(stderr: bool = False) -> Any:
    """Rich output at most 100 columns wide. Piped, it is 100 wide (not Rich's 80) unless
    COLUMNS says otherwise: every address in the bank then fits on a line, never broken."""
    from rich.console import Console

    console = Console(stderr=stderr, highlight=False, emoji=False)
    piped = not console.is_terminal and not os.environ.get("COLUMNS")
    console.width = MAX_WIDTH if piped else min(console.width, MAX_WIDTH)
    return console


def _say(level: str, message: str) -> None:
    """One line on stderr; the message is text, never markup (it may hold brackets)."""
    from rich.text import Text

    style = "bold red" if level == "error" else "yellow"
    _console(stderr=True).print(Text.assemble((f"{level}:", style), " ", message), soft_wrap=True)


def _edge(command: F) -> F:
    """Turn a BnquizError into one line on stderr and an exit status; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BnquizError as exc:
            _say("error", str(exc))
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _load(banks: list[Path] | None) -> Any:
    from bnquiz.bank import load_bank

    return load_bank(_banks(banks))


def _banks(given: list[Path] | None) -> list[Path]:
    """The banks a command reads besides the bundled one: $BNQUIZ_BANK's, then --bank's."""
    from bnquiz.bank import registered

    return list(dict.fromkeys([*registered(), *(given or [])]))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bnquiz {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Learn batch normalization well enough to ace an interview on it."""


@app.command(cls=_Command)
@_edge
def topics(bank: BankOption = None) -> None:
    """List the topics with their question counts and one-line summaries."""
    from bnquiz.render import topics_table

    _console().print(topics_table(_load(bank)))


@app.command(cls=_Command)
@_edge
def quiz(
    topic: TopicOption = None,
    count: Annotated[int, typer.Option("--count", "-n", help="How many questions.")] = 10,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            "-l",
            metavar="LEVEL",
            help="Only this level: 1 or easy, 2 or medium, 3 or hard.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Make the selection and order reproducible.", show_default=False),
    ] = None,
    ids: Annotated[
        list[str] | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="Exactly this question (repeatable).",
            show_default=False,
            autocompletion=_complete_ids,
        ),
    ] = None,
    missed: Annotated[
        bool, typer.Option("--missed", help="The questions your latest answer got wrong, most recent first.")
    ] = False,
    bank: BankOption = None,
    json_file: JsonOption = None,
    force: ForceOption = False,
    no_record: NoRecordOption = False,
) -> None:
    """Run a quiz session: instant feedback with the explanation and its source, then a score by topic.

    Answer with a letter (choice), letters (multi: a,c), t/f, a number, a shape like (N, C),
    letters in order (order), or a line of text followed by the numbers of the key points you
    covered (text). `?` shows a hint, `s` skips, `q` quits; Ctrl-C or end of input ends the
    session with the summary so far.
    """
    from bnquiz import quiz as engine

    if json_file is not None:
        _check_writable(json_file, keep=not force)
    if ids and missed:
        raise UsageError("choose --id or --missed, not both")
    loaded = _load(bank)
    advice = f"{WRITABLE_HOME}, or quiz with --no-record"
    if missed:
        with _progress(advice=f"{WRITABLE_HOME}: --missed reads your progress") as store:
            ids = [i for i in store.missed() if i in {q.id for q in loaded.questions}]
        if not ids:
            typer.echo("No missed questions: your latest answer to each question you answered was right.")
            return
    plan = engine.plan(loaded, topic, count, engine.level_of(level), seed, ids)
    with _progress(no_record, advice) as store:
        _run_session(loaded, plan, "quiz", json_file, store, bank)


WRITABLE_HOME = "set BNQUIZ_HOME to a folder you can write"


@contextlib.contextmanager
def _progress(skip: bool = False, advice: str = WRITABLE_HOME) -> Iterator[Any]:
    """The open progress store for the length of a command (None when told not to record).
    `advice`: what works for this command when the progress folder cannot be used."""
    if skip:
        yield None
        return
    from bnquiz.store import Unusable, open_store

    try:
        opened = open_store()
    except Unusable as exc:
        raise Unusable(f"{exc} ({advice})") from None
    if opened.notice:
        _say("warning", opened.notice)
    try:
        yield opened.store
    finally:
        opened.store.close()


def _run_session(
    loaded: Any, plan: Any, mode: str, json_file: Path | None, store: Any, given: list[Path] | None = None
) -> None:
    """Ask the plan's questions, record each answer as it comes (when there is a store), then
    print the summary."""
    import json
    import time

    from bnquiz import quiz as engine
    from bnquiz.render import summary_view
    from bnquiz.terminal import Session

    console = _console()
    recorder = None
    if store is not None:
        from bnquiz.review import Recorder

        recorder = Recorder(store, mode, clock=_clock)
    start = time.monotonic()
    attempts = Session(console, loaded, on_attempt=recorder).run(plan)
    summary = engine.summarize(loaded, attempts, time.monotonic() - start)
    console.print(summary_view(summary, plan.seed, _again(summary, given)))
    if recorder is not None and recorder.error:
        _say("warning", recorder.error)
    if json_file is not None:
        record = engine.to_record(plan, attempts, summary)
        _write_atomic(json_file, json.dumps(record, indent=2, ensure_ascii=False))
        console.print(f"Session written to {json_file}", markup=False)


def _again(summary: Any, given: list[Path] | None) -> str:
    """How to see a missed or skipped question again: `bnquiz show ID`, with the --bank
    options it needs when one comes from a bank given on the command line."""
    ids = [*summary.missed, *summary.skipped]
    if not given or set(ids) <= {q.id for q in _load(None).questions}:  # the bank `show` reads alone
        return "bnquiz show ID"
    return "bnquiz show ID " + " ".join(f"--bank {path}" for path in given)


def _clock() -> Any:
    from bnquiz.store import clock

    return clock()


@app.command(cls=_Command)
@_edge
def review(
    topic: TopicOption = None,
    count: Annotated[int, typer.Option("--count", "-n", help="How many questions at most.")] = 20,
    cram: Annotated[
        bool,
        typer.Option("--cram", help="Review every question of the topics, due or not (no rescheduling)."),
    ] = False,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Reproducible order.", show_default=False)
    ] = None,
    bank: BankOption = None,
    json_file: JsonOption = None,
    force: ForceOption = False,
) -> None:
    """Review what is due: questions you missed come back sooner, known ones later (FSRS).

    New questions are introduced a few at a time. --cram reviews everything in the chosen
    topics regardless of schedule, for the night before the interview.
    """
    from bnquiz.review import review_plan

    if json_file is not None:
        _check_writable(json_file, keep=not force)
    loaded = _load(bank)
    with _progress() as store:
        plan, note = review_plan(loaded, store.cards(), topic, count, _clock(), cram, seed)
        if note:
            typer.echo(note)
            return
        _run_session(loaded, plan, "cram" if cram else "review", json_file, store, bank)


@app.command(cls=_Command)
@_edge
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document instead.")] = False,
    bank: BankOption = None,
) -> None:
    """Show where you stand: per topic seen, accuracy, due and mastered; drills; streak; misconceptions."""
    from bnquiz.drills.specs import DRILLS
    from bnquiz.stats import compute

    loaded = _load(bank)
    with _progress() as store:
        result = compute(store, loaded, list(DRILLS), _clock())
    if as_json:
        import json

        from bnquiz.stats import to_json

        typer.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False))
    else:
        from bnquiz.render import stats_view

        _console().print(stats_view(result))


@app.command(cls=_Command)
@_edge
def reset(
    topic: TopicOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    bank: BankOption = None,
) -> None:
    """Forget progress (answers, review schedule and drill results), after confirmation."""
    loaded = _load(bank)
    ids = None
    if topic:
        ids = [q.id for t in topic for q in loaded.in_topic(loaded.topic(t).id)]
    with _progress() as store:
        what = f"the progress in {', '.join(topic)}" if topic else "all your progress"
        if not yes and sys.stdin.isatty():
            from bnquiz.terminal import line_editing

            line_editing()
        if not yes and not typer.confirm(f"Forget {what}?", default=False):
            typer.echo("Nothing was deleted.")
            raise typer.Exit(1)
        answers, checks = store.forget(ids)
    typer.echo(f"Forgot {answers} answers" + (f" and {checks} drill checks." if ids is None else "."))


@app.command(cls=_Command)
@_edge
def show(
    question_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A question id, e.g. train-eval/eval-uses-running-stats.",
            autocompletion=_complete_ids,
        ),
    ],
    bank: BankOption = None,
) -> None:
    """Show one question with its answer, explanation and sources."""
    from bnquiz.render import question_card

    loaded = _load(bank)
    _console().print(question_card(loaded.question(question_id), loaded))


@app.command(cls=_Command)
@_edge
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Bank folders or YAML files to lint beside the bundled bank.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Lint the bundled bank and any given files or folders; print each problem as file:line: message."""
    from bnquiz.bank import collect, portability

    paths = _banks(paths)
    loaded, problems = collect(paths)
    for problem in [*problems, *portability(paths)]:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem{'s' * (len(problems) != 1)} found", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"ok: {len(loaded.questions)} questions in {len(loaded.topics)} topics, {len(loaded.sources)} sources"
    )


@app.command(cls=_Command)
@_edge
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format (json).")] = "json",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of standard output.", show_default=False),
    ] = None,
    force: ForceOption = False,
    bank: BankOption = None,
) -> None:
    """Export the whole bank (topics, questions, answers, sources) for other tools."""
    import json

    from bnquiz.export import to_json

    if fmt != "json":
        raise UsageError(f"unknown format {fmt!r}; the formats are: json")
    if output is not None:
        _output_format(output, fmt, {".json": "json"})
        _check_writable(output, keep=not force)
    text = json.dumps(to_json(_load(bank)), indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        _write_atomic(output, text)
        typer.echo(f"Bank written to {output}", err=True)


SHEET_FORMATS = ("terminal", "markdown", "pdf")
SHEET_SUFFIXES = {".txt": "terminal", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}


@app.command(cls=_Command)
@_edge
def cheatsheet(
    topic: TopicOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal, markdown or pdf (default: from -o's suffix, else terminal).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE.", show_default=False)
    ] = None,
    paper: Annotated[str, typer.Option("--paper", help="PDF paper size: a4 or letter.")] = "a4",
    force: ForceOption = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Print straight to the terminal, never through a pager.")
    ] = False,
    bank: BankOption = None,
) -> None:
    """Print the cheat sheet: every topic's key facts, formulas, tables, misconceptions and sources.

    PDF output goes to bnquiz-cheatsheet.pdf in the current folder unless -o says otherwise. In a
    terminal that it does not fit, the sheet goes through a pager: $BNQUIZ_PAGER, else $PAGER,
    else `less` (unless --no-pager).
    """
    from bnquiz.sheet import build_sheet

    if fmt is not None and fmt not in SHEET_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; the formats are: {', '.join(SHEET_FORMATS)}")
    if output is not None:
        fmt = _output_format(output, fmt, SHEET_SUFFIXES)
    fmt = fmt or "terminal"
    if paper not in ("a4", "letter"):
        raise UsageError(f"unknown paper {paper!r}; choose a4 or letter")
    if fmt == "pdf" and output is None:
        output = Path("bnquiz-cheatsheet.pdf")
    if output is not None:
        _check_writable(output, keep=not force)
    sheet = build_sheet(_load(bank), topic)
    if fmt == "pdf":
        from bnquiz.sheet.pdf import render_pdf

        _write_atomic(output, render_pdf(sheet, paper))  # type: ignore[arg-type]
        typer.echo(f"Wrote {output.resolve()}")  # type: ignore[union-attr]
    elif fmt == "markdown":
        from bnquiz.sheet.markdown import render_markdown

        _emit(render_markdown(sheet), output)
    else:
        from bnquiz.sheet.terminal import render_terminal

        if output is None:
            _show(render_terminal(sheet), pager=not no_pager)
        else:
            from rich.console import Console

            with open(os.devnull, "w") as sink:
                console = Console(record=True, width=100, file=sink)
                console.print(render_terminal(sheet))
            _emit(console.export_text(), output)


def _show(view: Any, pager: bool) -> None:
    """Print `view`; in a terminal it does not fit, through a pager, as `git` does."""
    console = _console()
    if not pager or not console.is_terminal:
        console.print(view)
        return
    with console.capture() as captured:
        console.print(view)
    text = captured.get()
    if text.count("\n") < console.height:
        sys.stdout.write(text)
        return
    from bnquiz.terminal import page

    page(text)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_atomic(output, text.rstrip("\n"))
        typer.echo(f"Wrote {output}", err=True)


drill_app = typer.Typer(
    help="Coding drills: write batch norm yourself; bnquiz runs it against float64 references.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
app.add_typer(drill_app, name="drill")


@drill_app.command("list", cls=_Command)
@_edge
def drill_list() -> None:
    """List the drills, what each asks you to write, how many checks each runs, and your best result."""
    from bnquiz.drills.report import drills_table
    from bnquiz.drills.specs import DRILLS

    counts = {
        d.name: (d.check_count(("cpu",)), d.check_count(("cpu", "cuda")) - d.check_count(("cpu",)))
        for d in DRILLS.values()
    }
    _console().print(drills_table(list(DRILLS.values()), _drill_results(list(DRILLS)), counts))


def _drill_results(names: list[str]) -> dict[str, Any]:
    """Each drill's record from the progress store; empty when there is none to read."""
    from bnquiz.store import FILE, home

    if not (home() / FILE).exists():
        return {}
    from bnquiz.stats import drill_stats

    with _progress() as store:
        return {d.drill: d for d in drill_stats(store, names)}


@drill_app.command("start", cls=_Command)
@_edge
def drill_start(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="The drill: forward, d2l or cs231n.", autocompletion=_complete_drills
        ),
    ],
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]", help="Where to write the starter file (a folder: in it).", show_default=False
        ),
    ] = None,
    edition: Annotated[
        str | None,
        typer.Option(
            "--edition",
            help="d2l: classic (momentum on the old value) or current (on the new).",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Write a starter file: the exact signature, the contract in its docstring, no solution."""
    from bnquiz.drills import specs

    drill = specs.get(name)
    chosen = specs.edition(drill, edition)
    target = path or Path(drill.starter_name)
    if target.is_dir():  # a folder: the starter goes in it, under its usual name
        target = target / drill.starter_name
    _check_writable(target, keep=not force)
    _write_atomic(target, chosen.starter.format(path=target).rstrip("\n"))
    typer.echo(f"Wrote {target}. Fill in the function(s), then: bnquiz drill check {target}")


@drill_app.command("check", cls=_Command)
@_edge
def drill_check(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Your solution file.")],
    drill: Annotated[
        str | None,
        typer.Option(
            "--drill",
            help="The drill (inferred from the file when omitted).",
            show_default=False,
            autocompletion=_complete_drills,
        ),
    ] = None,
    device: Annotated[
        str | None,
        typer.Option(
            "--device", help="cpu, cuda or all (default: every device present).", show_default=False
        ),
    ] = None,
    edition: Annotated[
        str | None,
        typer.Option(
            "--edition",
            help="d2l: classic or current (default: your file's marker, else what your code does).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds your code may run in all.")] = 30.0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document instead of the report.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also show every case's checks.")] = False,
    no_record: Annotated[
        bool, typer.Option("--no-record", help="Do not record this check in your progress.")
    ] = False,
) -> None:
    """Run your file in a sandbox against the drill's battery and name what is wrong.

    Exit status: 0 all checks passed, 1 the submission is wrong or broke, 2 usage error.
    """
    from bnquiz.drills import check

    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the .py file to check")
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    verdict = check(path, drill, device, record=not no_record, edition=edition, timeout=timeout)
    for warning in verdict.warnings:
        _say("warning", warning)
    if as_json:
        typer.echo(verdict.to_json())
    else:
        from bnquiz.drills.report import verdict_view

        _console().print(verdict_view(verdict, verbose=verbose))
    if not verdict.passed:
        raise typer.Exit(1)


@drill_app.command("hint", cls=_Command)
@_edge
def drill_hint(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="The drill: forward, d2l or cs231n.", autocompletion=_complete_drills
        ),
    ],
    level: Annotated[
        int, typer.Option("--level", "-l", help="How far: 1 is a nudge, the last is the formula.")
    ] = 1,
) -> None:
    """Show progressive hints for a drill, from a nudge to the formula."""
    from bnquiz.drills.report import hints_view
    from bnquiz.drills.specs import get

    drill = get(name)
    if level < 1:
        raise UsageError("--level must be at least 1")
    _console().print(hints_view(drill, min(level, len(drill.hints))))


def _check_writable(path: Path, keep: bool = False) -> None:
    """Fail before any work is done, not after a whole session, if `path` cannot be written
    (or, with `keep`, if it exists: a file the user saved is overwritten only with --force)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{path} is a folder, not a file")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: no folder {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"cannot write {path}: permission denied")
    if keep and path.exists():
        raise BnquizError(f"{path} already exists; pass --force to overwrite it")


def _output_format(path: Path, fmt: str | None, suffixes: dict[str, str]) -> str:
    """The format an output file is written in: from its suffix, which must be one a format
    writes (and agree with --format when both are given)."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder, not a file")
    known = ", ".join(suffixes)
    wanted = suffixes.get(path.suffix.lower())
    if wanted is None and (path.suffix or fmt is None):
        raise UsageError(f"{path}: no format writes {path.suffix or 'a file without a suffix'}; use {known}")
    if fmt is not None and wanted is not None and wanted != fmt:
        raise UsageError(f"{path}: its suffix {path.suffix} is for {wanted}, not {fmt}")
    return wanted or fmt  # type: ignore[return-value]


def _write_atomic(path: Path, content: str | bytes) -> None:
    """Write whole or not at all: a crash never leaves half a file behind."""
    import tempfile

    data = content if isinstance(content, bytes) else (content + "\n").encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 is for the temporary file, not the output
        os.replace(tmp, path)
    except OSError as exc:
        raise BnquizError(f"cannot write {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def main() -> None:
    """Entry point of the `bnquiz` script."""
    try:
        app()
    except BrokenPipeError:
        # `bnquiz export | head`: the reader left; that is not an error worth a traceback.
        sys.stderr.close()
        sys.exit(0)
