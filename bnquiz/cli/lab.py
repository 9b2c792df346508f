"""`bnquiz lab NAME`: a small, real experiment on the CPU, plotted in the terminal and read."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bnquiz.cli.base import Command, ForceOption, console, edge
from bnquiz.language import _

if TYPE_CHECKING:
    from bnquiz.labs.lab import Outcome

app = typer.Typer()


def complete_labs(incomplete: str) -> list[str]:
    from bnquiz.labs import LABS

    return [name for name in LABS if name.startswith(incomplete)]


@app.command(cls=Command)
@edge
def lab(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="small-batch, train-eval, learning-rate or momentum.",
            autocompletion=complete_labs,
        ),
    ],
    seed: Annotated[int, typer.Option("--seed", help="The same seed, the same numbers.")] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the numbers as one JSON document instead.")
    ] = False,
    png: Annotated[
        Path | None,
        typer.Option("--png", help="Also write the plot to FILE.png (needs matplotlib).", show_default=False),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Run a small, real experiment on the CPU and plot it: see BN behave.

    small-batch: BN and GroupNorm trained at batch sizes 2 to 32. train-eval: one model in train
    mode, in eval mode, on a shifted domain and after re-estimating its statistics.
    learning-rate: with and without BN over a range of learning rates. momentum: the running
    mean chasing a drifting input under momentum 0.1, 0.01 and None. Each takes seconds.
    """
    from bnquiz import labs
    from bnquiz.files import check_writable, output_format

    chosen = labs.get(name)
    if png is not None:
        output_format(png, "png", {".png": "png"})
        check_writable(png, keep=not force)
    outcome = labs.run(name, seed) if as_json else _run_with_progress(name, seed)  # no bar in JSON
    if png is not None:
        from bnquiz.labs.plot import png as write_png

        write_png(chosen, outcome.results, png)
    if as_json:
        typer.echo(outcome.to_json())
        return
    from bnquiz.labs.view import outcome_view

    console().print(outcome_view(chosen, outcome, console().width, console().is_terminal))


def _run_with_progress(name: str, seed: int) -> Outcome:
    """Run the lab under a progress bar on standard error (at a terminal only)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from bnquiz import labs

    out = console(stderr=True)
    with Progress(
        TextColumn(_("running {name}").format(name=name)),
        BarColumn(),
        TimeElapsedColumn(),
        console=out,
        transient=True,
        disable=not out.is_terminal,
    ) as progress:
        task = progress.add_task(name, total=None)
        return labs.run(
            name, seed, tick=lambda done, total: progress.update(task, completed=done, total=total)
        )
