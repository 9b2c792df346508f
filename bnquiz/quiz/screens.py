"""Rich views of the quiz: the topics, a question, the feedback, the summary, a question's card.

Builds things to print; never prints. Each kind draws its own part (`kinds`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from bnquiz.language import N_, _, ngettext
from bnquiz.quiz.records import LEVELS

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bnquiz.quiz.records import Bank, Citation, Question
    from bnquiz.quiz.session import Answered, Event
    from bnquiz.quiz.summary import Summary

LEVEL_MARKS = {1: N_("e"), 2: N_("m"), 3: N_("h")}  # "2e 7m 5h": questions by level
LEVEL_KEY = N_("e easy, m medium, h hard")
LEGEND = N_("Type your answer and press Enter · ? hint · s skip · q quit")
VERDICT_STYLE = {"right": "bold green", "partial": "bold yellow", "wrong": "bold red", "skipped": "dim"}
VERDICT_MARK = {
    "right": N_("✓ right"),
    "partial": N_("◐ partly right"),
    "wrong": N_("✗ wrong"),
    "skipped": N_("– skipped"),
}


def topics_table(bank: Bank, width: int | None = None) -> Table:
    """Every topic with its counts by level and its title and first sentence. Given the
    `width` it is printed at, the columns are sized here, so that Rich need not measure every
    summary first (`bnquiz topics` must start about as fast as Typer and Rich themselves)."""
    from rich.cells import cell_len

    rows: list[tuple[str, str, Text]] = []
    for topic in bank.topics:
        questions = bank.in_topic(topic.id)
        levels = " ".join(f"{sum(q.level == lv for q in questions)}{_(LEVEL_MARKS[lv])}" for lv in LEVELS)
        about = Text(topic.title, style="bold")
        about.append(f"\n{_first_sentence(topic.summary)}", style="dim")
        rows.append((topic.id, f"{len(questions)} ({levels})", about))
    headers = (_("topic"), _("questions"), _("summary"))
    ids, counts = [row[0] for row in rows], [row[1] for row in rows]
    widths = [max(map(cell_len, (headers[0], *ids))), max(map(cell_len, (headers[1], *counts)))]
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column(headers[0], style="bold cyan", no_wrap=True, width=widths[0] if width else None)
    table.add_column(headers[1], justify="right", width=widths[1] if width else None)
    rest = max(width - sum(widths) - 4, 12) if width else None  # two gaps of two spaces between columns
    table.add_column(headers[2], ratio=1, overflow="fold", width=rest)  # Chinese has no spaces to wrap at
    for row in rows:
        table.add_row(*row)
    count = ngettext(
        "{questions} questions in {topics} topic",
        "{questions} questions in {topics} topics",
        len(bank.topics),
    ).format(questions=len(bank.questions), topics=len(bank.topics))
    table.caption = f"{count} · {_(LEVEL_KEY)} · bnquiz quiz --topic TOPIC"
    return table


def _first_sentence(text: str) -> str:
    """Up to the first ". " or "。" (a Chinese sentence ends there, with no space after it)."""
    flat = " ".join(text.split())
    end = min((i + 1 for i in (flat.find(". "), flat.find("。")) if i >= 0), default=len(flat))
    return flat[:end]


def question_header(question: Question, position: int, total: int, bank: Bank) -> Text:
    title = bank.topic(question.topic).title
    return Text(f"{position}/{total} · {title} · {_(LEVELS[question.level])} · {question.id}", style="dim")


def question_body(question: Question, order: tuple[int, ...] = ()) -> RenderableType:
    from bnquiz.markup import markdown
    from bnquiz.quiz.kinds import kind_of

    below = kind_of(question).body(question, order)
    return Group(markdown(question.prompt), *([below] if below is not None else []))


def citations(items: tuple[Citation, ...]) -> Text:
    """One line per source, so that a long address never splits a citation in two."""
    text = Text()
    for i, citation in enumerate(items):
        locator = f" {citation.locator}" if citation.locator else ""
        text.append("\n" if i else "", style="dim")
        text.append(_("Source: {source}").format(source=citation.source.short + locator), style="dim bold")
        text.append(f"  {citation.source.url}", style="dim")
    return text


def feedback(answered: Answered) -> RenderableType:
    """The verdict and what its kind adds (the right answer, …), the explanation and its sources."""
    from bnquiz.markup import markdown
    from bnquiz.quiz.kinds import kind_of

    attempt = answered.attempt
    question = attempt.question
    line = Text(_(VERDICT_MARK[attempt.verdict]), style=VERDICT_STYLE[attempt.verdict])
    more = kind_of(question).correction(
        question, attempt.verdict, attempt.score, answered.response, answered.order
    )
    if more is not None:
        line = Text.assemble(line, more)
    return Group(line, markdown(question.explain), citations(question.citations), Text())


def event_view(event: Event) -> RenderableType:
    """What the screen shows for an event of the session engine."""
    from bnquiz.quiz.kinds import kind_of
    from bnquiz.quiz.session import Answered, FollowUp, Hint, Reask

    if isinstance(event, Answered):
        return feedback(event)
    if isinstance(event, FollowUp):
        return kind_of(event.question).follow_up_view(event.question)
    if isinstance(event, Hint):
        shown = _("Hint: {hint}").format(hint=event.text) if event.text else _("No hint for this one.")
        return Text(shown, style="yellow")
    if isinstance(event, Reask):
        return Text(event.message, style="yellow")
    return Text()  # Quit: end the prompt's line


def summary_view(summary: Summary, seed: int, again: str = "bnquiz show ID") -> RenderableType:
    if not summary.asked:
        return Text(_("No questions answered · seed {seed}").format(seed=seed), style="dim")
    table = Table(title=_("Score by topic"), title_justify="left", box=None, pad_edge=False)
    table.add_column(_("topic"), style="cyan", overflow="fold")
    for name in (N_("asked"), N_("right"), N_("score")):
        table.add_column(_(name), justify="right")
    for row in summary.topics:
        table.add_row(Text(row.title), str(row.asked), str(row.right), f"{row.score / row.asked:.0%}")
    minutes, seconds = divmod(round(summary.seconds), 60)
    total = Text(
        _("Total: {right}/{asked} right").format(right=summary.right, asked=summary.asked), style="bold"
    )
    score = f"{summary.score / summary.asked:.0%}"
    time = f"{minutes}m{seconds:02d}s"
    total.append(_(", score {score} in {time} · seed {seed}").format(score=score, time=time, seed=seed))
    parts: list[RenderableType] = [table, total]
    if summary.missed:
        parts.append(Text(_("Missed: {ids}").format(ids=", ".join(summary.missed)), style="red"))
    if summary.skipped:
        parts.append(Text(_("Skipped: {ids}").format(ids=", ".join(summary.skipped)), style="dim"))
    if summary.missed or summary.skipped:
        parts.append(Text(_("See one again with: {command}").format(command=again), style="dim"))
    return Group(*parts)


def question_card(question: Question, bank: Bank) -> RenderableType:
    """Everything about one question: for `bnquiz show`."""
    from bnquiz.markup import markdown
    from bnquiz.quiz.kinds import kind_of

    topic = bank.topic(question.topic)
    parts: list[RenderableType] = [
        Text(f"{question.id} · {topic.title} · {question.kind} · {_(LEVELS[question.level])}", style="dim"),
        question_body(question),
        Text(),
        kind_of(question).answer_view(question),
    ]
    if question.hint:
        parts.append(Text.assemble((_("Hint: "), "bold"), question.hint))
    parts += [markdown(question.explain), citations(question.citations)]
    if question.misconception:
        parts.append(Text(_("Misconception: {id}").format(id=question.misconception), style="dim"))
    return Group(*parts)
