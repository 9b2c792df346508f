"""The Rich view of `bnquiz stats`. Builds things to print; never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from bnquiz.progress.stats import CHART_DAYS, DAYS_SOON

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bnquiz.progress.stats import Stats


def stats_view(stats: Stats) -> RenderableType:
    """Per-topic progress, drills, streak, the misconceptions to work on, accuracy by day."""
    parts: list[RenderableType] = [_topics(stats), Text(), _drills(stats)]
    parts.append(
        Text.assemble(
            ("Streak: ", "bold"),
            f"{stats.streak} day{'s' * (stats.streak != 1)}",
            (f" · {stats.answers} answers in all", "dim"),
        )
    )
    if stats.misconceptions:
        parts.append(Text("Misconceptions your wrong answers point to:", style="bold"))
        parts += [Text.assemble(f"  {n}× ", (claim, "red")) for _tag, claim, n in stats.misconceptions]
    if stats.daily:
        parts += [Text(f"Accuracy by day (last {CHART_DAYS} days):", style="bold"), _chart(stats)]
    elif not stats.answers:
        parts.append(Text("No answers recorded yet: start with bnquiz quiz or bnquiz review.", style="dim"))
    return Group(*parts)


def _topics(stats: Stats) -> Table:
    table = Table(title="Progress by topic", title_justify="left", box=None, pad_edge=False)
    table.add_column("topic", overflow="fold")
    for name in ("seen", "accuracy", "due now", f"next {DAYS_SOON} days", "mastered"):
        table.add_column(name, justify="right")
    for t in stats.topics:
        accuracy = "–" if t.accuracy is None else f"{t.accuracy:.0%}"
        table.add_row(
            t.topic, f"{t.seen}/{t.questions}", accuracy, str(t.due_now), str(t.due_soon), str(t.mastered)
        )
    return table


def _drills(stats: Stats) -> Text:
    line = Text("Drills: ", style="bold")
    for i, d in enumerate(stats.drills):
        line.append(", " if i else "")
        mark, style = ("✓", "green") if d.passed else (("✗", "red") if d.checks else ("–", "dim"))
        line.append(f"{d.drill} {mark}", style=style)
    passed = sum(d.passed for d in stats.drills)
    line.append(f"  ({passed} of {len(stats.drills)} passed)", style="dim")
    return line


def _chart(stats: Stats) -> Table:
    chart = Table.grid(padding=(0, 1))
    for _ in range(3):
        chart.add_column()
    for day, n, accuracy in stats.daily:
        bar = "█" * round(accuracy * 20)
        chart.add_row(Text(day[5:], style="dim"), Text(f"{bar:<20}", style="green"), f"{accuracy:.0%} of {n}")
    return chart
