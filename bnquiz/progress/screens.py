"""The Rich view of `bnquiz stats`. Builds things to print; never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group
from rich.table import Table
from rich.text import Text

from bnquiz.language import _, ngettext
from bnquiz.progress.stats import CHART_DAYS, DAYS_SOON

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import RenderableType

    from bnquiz.progress.stats import Stats


def stats_view(stats: Stats) -> RenderableType:
    """Per-topic progress, drills, streak, the misconceptions to work on, accuracy by day."""
    parts: list[RenderableType] = [_topics(stats), Text(), _drills(stats)]
    answers = ngettext(" · {count} answer in all", " · {count} answers in all", stats.answers)
    parts.append(
        Text.assemble(
            (_("Streak: "), "bold"),
            ngettext("{count} day", "{count} days", stats.streak).format(count=stats.streak),
            (answers.format(count=stats.answers), "dim"),
        )
    )
    if stats.misconceptions:
        parts.append(Text(_("Misconceptions your wrong answers point to:"), style="bold"))
        parts += [Text.assemble(f"  {n}× ", (claim, "red")) for _tag, claim, n in stats.misconceptions]
    if stats.daily:
        title = _("Accuracy by day (last {count} days):").format(count=CHART_DAYS)
        parts += [Text(title, style="bold"), _chart(stats)]
    elif not stats.answers:
        parts.append(
            Text(_("No answers recorded yet: start with bnquiz quiz or bnquiz review."), style="dim")
        )
    return Group(*parts)


def _topics(stats: Stats) -> Table:
    table = Table(title=_("Progress by topic"), title_justify="left", box=None, pad_edge=False)
    table.add_column(_("topic"), overflow="fold")
    soon = _("next {count} days").format(count=DAYS_SOON)
    for name in (_("seen"), _("accuracy"), _("due now"), soon, _("mastered")):
        table.add_column(name, justify="right")
    for t in stats.topics:
        accuracy = "–" if t.accuracy is None else f"{t.accuracy:.0%}"
        table.add_row(
            t.topic, f"{t.seen}/{t.questions}", accuracy, str(t.due_now), str(t.due_soon), str(t.mastered)
        )
    return table


def _drills(stats: Stats) -> _Entries:
    """ "Drills (1 of 9 passed): forward ✓, d2l ✗, …", the count first; a narrow terminal breaks
    the line between drills, never between a drill and its mark."""
    passed = sum(d.passed for d in stats.drills)
    said = _("Drills ({passed} of {count} passed): ").format(passed=passed, count=len(stats.drills))
    entries = []
    for i, d in enumerate(stats.drills):
        mark, style = ("✓", "green") if d.passed else (("✗", "red") if d.checks else ("–", "dim"))
        last = i == len(stats.drills) - 1
        entries.append(Text(f"{d.drill} {mark}", style=style) + Text("" if last else ", "))
    return _Entries(Text(said, style="bold"), entries)


class _Entries:
    """A heading and entries packed into lines as wide as the terminal, each entry whole."""

    def __init__(self, heading: Text, entries: list[Text]) -> None:
        self.heading, self.entries = heading, entries

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        line = self.heading.copy()
        for entry in self.entries:
            if line.cell_len + len(entry.plain.rstrip()) > options.max_width and line.plain.strip():
                line.rstrip()
                yield line
                line = Text()
            line += entry
        yield line


def _chart(stats: Stats) -> Table:
    chart = Table.grid(padding=(0, 1))
    for _column in range(3):
        chart.add_column()
    for day, n, accuracy in stats.daily:
        bar = "█" * round(accuracy * 20)
        share = _("{share} of {count}").format(share=f"{accuracy:.0%}", count=n)
        chart.add_row(Text(day[5:], style="dim"), Text(f"{bar:<20}", style="green"), share)
    return chart
