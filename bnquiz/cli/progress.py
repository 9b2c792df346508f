"""Progress commands: `stats` and `reset`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from bnquiz.cli.base import BankOption, Command, TopicOption, console, edge, load, now, store
from bnquiz.language import _

app = typer.Typer()


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
