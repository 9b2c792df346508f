"""Progress commands: `stats`, `reset`, and `progress export` and `progress import`, which
carry a history between machines."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bnquiz.cli.base import (
    BankOption,
    Command,
    ForceOption,
    OutputOption,
    TopicOption,
    console,
    edge,
    load,
    new_app,
    now,
    store,
)
from bnquiz.language import _, ngettext

app = typer.Typer()
history = new_app("Carry your progress between machines: export it to a file, merge one in.")


@app.command(cls=Command)
@edge
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document instead.")] = False,
    bank: BankOption = None,
) -> None:
    """Show where you stand: per topic seen, accuracy, due and mastered; drills; streak; misconceptions."""
    from bnquiz.drills.specs import DRILLS
    from bnquiz.progress.stats import compute

    loaded = load(bank)
    with store(bank=loaded) as opened:
        result = compute(opened, loaded, list(DRILLS), now())
    if as_json:
        import json

        from bnquiz.progress.stats import to_json

        typer.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False))
    else:
        from bnquiz.progress.screens import stats_view

        console().print(stats_view(result))


@app.command(cls=Command)
@edge
def reset(
    topic: TopicOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    bank: BankOption = None,
) -> None:
    """Forget progress (answers, review schedule and drill results), after confirmation."""
    loaded = load(bank)
    ids = [q.id for t in loaded.topic_ids(topic) for q in loaded.in_topic(t)] if topic else None
    with store(bank=loaded) as opened:
        if topic:
            question = _("Forget the progress in {topics}?").format(topics=", ".join(topic))
        else:
            question = _("Forget all your progress?")
        if not yes and sys.stdin.isatty():
            from bnquiz.cli.terminal import line_editing

            line_editing()
        if not yes and not typer.confirm(question, default=False):
            typer.echo(_("Nothing was deleted."))
            raise typer.Exit(1)
        answers, checks = opened.forget(ids)
    if ids is None:
        forgot = _("Forgot {answers} answers and {checks} drill checks.")
    else:
        forgot = _("Forgot {answers} answers.")
    typer.echo(forgot.format(answers=answers, checks=checks))


@history.command("export", cls=Command)
@edge
def export_history(
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Write your whole history, every answer and drill check, as JSON Lines.

    Import the file on another machine with `bnquiz progress import FILE`: its answers join
    that machine's, and review schedules are rebuilt from both.
    """
    from bnquiz.files import check_writable, write_atomic
    from bnquiz.progress.exchange import export

    if output is not None:
        check_writable(output, keep=not force)
    with store(bank=load(None)) as opened:
        lines = list(export(opened, now()))
    if output is None:
        for line in lines:
            typer.echo(line)
    else:
        write_atomic(output, "\n".join(lines))


@history.command("import", cls=Command)
@edge
def import_history(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file from bnquiz progress export.")],
) -> None:
    """Merge a history exported on another machine into this one.

    Answers and drill checks this machine has already (by their ids) are left as they are, so
    importing a file twice changes nothing; each question that gains answers has its review
    schedule rebuilt from all of them, in time order. A file that is damaged, from a newer
    bnquiz or not a progress file is refused whole, with the line that is wrong.
    """
    from bnquiz.progress.clock import pinned
    from bnquiz.progress.exchange import merge_file

    loaded = load(None)
    with store(bank=loaded) as opened:
        merged = merge_file(opened, file, loaded.moves(), fuzz=not pinned())
    answers = ngettext("{count} answer", "{count} answers", merged.answers).format(count=merged.answers)
    checks = ngettext("{count} drill check", "{count} drill checks", merged.checks).format(
        count=merged.checks
    )
    questions = ngettext("{count} question", "{count} questions", merged.rescheduled).format(
        count=merged.rescheduled
    )
    said = _("Imported {answers} and {checks} from {file}; review schedules rebuilt for {questions}.")
    typer.echo(said.format(answers=answers, checks=checks, file=file, questions=questions))
