"""A lab's outcome as Rich renderables: title, plot, reading, time and the questions on the same
fact. Builds; never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from bnquiz.language import _

if TYPE_CHECKING:
    from bnquiz.labs.lab import Lab, Outcome


def outcome_view(lab: Lab, outcome: Outcome, width: int, color: bool) -> RenderableType:
    from bnquiz.labs.plot import terminal

    plot = terminal(lab, outcome.results, width, color)
    took = _("{seconds:.1f} s on the CPU, seed {seed}; the numbers: bnquiz lab {name} --json")
    related = _("On the same fact: {commands}").format(
        commands=", ".join(f"bnquiz show {question}" for question in lab.questions)
    )
    return Group(
        Text(_(lab.claim), style="bold"),
        Text.from_ansi(plot),
        Text(lab.reading(outcome.results)),
        Text(took.format(seconds=outcome.seconds, seed=outcome.seed, name=lab.name), style="dim"),
        Text(related, style="dim"),
    )
