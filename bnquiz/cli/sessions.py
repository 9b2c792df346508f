"""`bnquiz quiz` and `bnquiz review`: question sessions in the terminal, recorded as they go."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bnquiz.cli.base import (
    BankOption,
    Command,
    ForceOption,
    JsonOption,
    SeedOption,
    TopicOption,
    complete_ids,
    console,
    edge,
    load,
    now,
    progress,
    say,
    store,
)
from bnquiz.errors import UsageError
from bnquiz.language import N_, _

if TYPE_CHECKING:
    from bnquiz.progress.review import Mode
    from bnquiz.progress.store import Store
    from bnquiz.quiz.plan import Plan
    from bnquiz.quiz.records import Bank
    from bnquiz.quiz.summary import Summary

app = typer.Typer()

CountOption = Annotated[int, typer.Option("--count", "-n", help="How many questions.")]
LevelOption = Annotated[
    str | None,
    typer.Option(
        "--level",
        "-l",
        metavar="LEVEL",
        help="Only this level: 1 or easy, 2 or medium, 3 or hard.",
        show_default=False,
    ),
]
IdOption = Annotated[
    list[str] | None,
    typer.Option(
        "--id",
        metavar="ID",
        help="Exactly this question (repeatable).",
        show_default=False,
        autocompletion=complete_ids,
    ),
]
MissedOption = Annotated[
    bool, typer.Option("--missed", help="The questions your latest answer got wrong, most recent first.")
]
NoRecordOption = Annotated[bool, typer.Option("--no-record", help="Do not record this session's answers.")]
MISSED_ADVICE = N_("set BNQUIZ_HOME to a folder you can write: --missed reads your progress")
QUIZ_ADVICE = N_("set BNQUIZ_HOME to a folder you can write, or quiz with --no-record")
CramOption = Annotated[
    bool, typer.Option("--cram", help="Review every question of the topics, due or not (no rescheduling).")
]


@app.command(cls=Command)
@edge
def quiz(
    topic: TopicOption = None,
    count: CountOption = 10,
    level: LevelOption = None,
    seed: SeedOption = None,
    ids: IdOption = None,
    missed: MissedOption = False,
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
    from bnquiz.progress.review import Mode
    from bnquiz.quiz.plan import level_of, plan

    _check_output(json_file, force)
    if ids and missed:
        raise UsageError(_("choose --id or --missed, not both"))
    loaded = load(bank)
    if missed:
        with store(MISSED_ADVICE, loaded) as opened:
            ids = [i for i in opened.missed() if i in {q.id for q in loaded.questions}]
        if not ids:
            typer.echo(_("No missed questions: your latest answer to each question you answered was right."))
            return
    chosen = plan(loaded, topic, count, level_of(level), seed, ids)
    with progress(no_record, QUIZ_ADVICE, loaded) as opened:
        _run(loaded, chosen, Mode.QUIZ, json_file, opened, bank)


@app.command(cls=Command)
@edge
def review(
    topic: TopicOption = None,
    count: Annotated[int, typer.Option("--count", "-n", help="How many questions at most.")] = 20,
    cram: CramOption = False,
    seed: SeedOption = None,
    bank: BankOption = None,
    json_file: JsonOption = None,
    force: ForceOption = False,
) -> None:
    """Review what is due: questions you missed come back sooner, known ones later (FSRS).

    New questions are introduced a few at a time. --cram reviews everything in the chosen
    topics regardless of schedule, for the night before the interview.
    """
    from bnquiz.progress.review import Mode, review_plan

    _check_output(json_file, force)
    loaded = load(bank)
    with store(bank=loaded) as opened:
        chosen, note = review_plan(loaded, opened.cards(), topic, count, now(), cram, seed)
        if note:
            typer.echo(note)
            return
        _run(loaded, chosen, Mode.CRAM if cram else Mode.REVIEW, json_file, opened, bank)


def _check_output(path: Path | None, force: bool) -> None:
    if path is not None:
        from bnquiz.files import check_writable

        check_writable(path, keep=not force)


def _run(
    loaded: Bank,
    plan: Plan,
    mode: Mode,
    json_file: Path | None,
    opened: Store | None,
    given: list[Path] | None,
) -> None:
    """Ask the plan's questions, record each answer as it comes (when there is a store), then
    print the summary and what is due next (and write the session's record)."""
    from bnquiz.cli import terminal
    from bnquiz.progress.clock import pinned, timer
    from bnquiz.progress.review import Recorder
    from bnquiz.quiz.screens import summary_view
    from bnquiz.quiz.session import Session
    from bnquiz.quiz.summary import summarize, to_record

    out, clock = console(), timer()
    recorder = Recorder(opened, mode, clock=now, fuzz=not pinned()) if opened is not None else None
    session = Session(loaded, plan, on_attempt=recorder, clock=clock)
    start = clock()
    terminal.run(out, session)
    summary = summarize(loaded, session.attempts, clock() - start)
    out.print(summary_view(summary, plan.seed, _again(summary, given)))
    if recorder is not None and recorder.error:
        say("warning", recorder.error)
    elif opened is not None and summary.asked:  # what is due next, from the progress just written
        from bnquiz.progress.review import next_up

        out.print(next_up(loaded, opened.cards(), now()), style="dim", markup=False)
    if json_file is not None:
        import json

        from bnquiz.files import write_atomic

        write_atomic(
            json_file, json.dumps(to_record(plan, session.attempts, summary), indent=2, ensure_ascii=False)
        )
        out.print(_("Session written to {file}").format(file=json_file), markup=False)


def _again(summary: Summary, given: list[Path] | None) -> str:
    """How to see a missed or skipped question again: `bnquiz show ID`, with the --bank
    options it needs when one comes from a bank given on the command line."""
    ids = [*summary.missed, *summary.skipped]
    if not given or set(ids) <= {q.id for q in load(None).questions}:  # the bank `show` reads alone
        return "bnquiz show ID"
    return "bnquiz show ID " + " ".join(f"--bank {path}" for path in given)
