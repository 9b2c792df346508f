"""The Rich view of the home screen: `bnquiz` alone, in a terminal. Builds things to print;
never prints.

One short screen: a line on where the user is, then a row for each thing to do (review, new
questions, the last session, the drills) with the command that does it, then where every other
command is. A user with nothing answered gets the welcome: the bank and the first drill.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from bnquiz.language import _, ngettext
from bnquiz.markup import CODE_STYLE, inline

if TYPE_CHECKING:
    from datetime import timedelta

    from rich.console import RenderableType

    from bnquiz.progress.overview import Home, Session


def home_view(home: Home) -> RenderableType:
    """Where the user stands and what to do next, each with its command."""
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column(overflow="fold")  # Chinese has no spaces to wrap at
    rows.add_column(style=CODE_STYLE, no_wrap=True)
    if home.last is None:
        heading = _("Welcome to bnquiz! Nothing answered yet: start with a quiz, then try a drill.")
        said = ngettext(
            "{questions} questions in {topics} topic", "{questions} questions in {topics} topics", home.topics
        )
        rows.add_row(_("Quiz"), said.format(questions=home.questions, topics=home.topics), "bnquiz quiz")
    else:
        heading = _("Where you stand, and what to do next:")
        rows.add_row(_("Review"), _due(home.due), "bnquiz review")
        new = _("{count} of {total} never answered").format(count=home.new, total=home.questions)
        rows.add_row(_("New"), new, "bnquiz quiz")
        rows.add_row(_("Last session"), _session(home.last), "")
    rows.add_row(_("Drills"), *_drills(home))
    footer = inline(_("Every command, and what it does: `bnquiz --help`"))
    return Group(Text(heading, style="bold"), Text(), rows, Text(), footer)


def _due(count: int) -> str:
    if not count:
        return _("nothing due now")
    return ngettext("{count} question due now", "{count} questions due now", count).format(count=count)


def _session(last: Session) -> str:
    said = _("{right}/{asked} right, {when}")
    return said.format(right=last.right, asked=last.asked, when=_ago(last.ago))


def _ago(delta: timedelta) -> str:
    """How long ago, in the largest whole unit: "3 hours ago"."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return _("just now")
    if minutes < 60:
        return ngettext("{count} minute ago", "{count} minutes ago", minutes).format(count=minutes)
    if minutes < 24 * 60:
        hours = minutes // 60
        return ngettext("{count} hour ago", "{count} hours ago", hours).format(count=hours)
    days = minutes // (24 * 60)
    return ngettext("{count} day ago", "{count} days ago", days).format(count=days)


def _drills(home: Home) -> tuple[str, str]:
    """What the drills row says, and its command: the next drill to start, or the list."""
    if home.next_drill is None:
        return _("all {count} passed").format(count=home.drills), "bnquiz drill list"
    said = _("{passed} of {count} passed; next: {drill}")
    text = said.format(passed=home.passed, count=home.drills, drill=home.next_drill)
    return text, f"bnquiz drill start {home.next_drill}"
