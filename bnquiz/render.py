"""Rich renderables for the quiz commands. Builds things to print; never prints.

`rich.markdown` is imported inside the functions that need it: `bnquiz topics` never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bnquiz.bank import LEVELS, Bank, Question

if TYPE_CHECKING:
    from bnquiz.bank import Citation
    from bnquiz.quiz import Attempt, Summary
    from bnquiz.stats import Stats

PROMPTS = {
    "choice": "one letter",
    "multi": "all letters that apply, e.g. a,c",
    "truefalse": "t or f",
    "number": "a number",
    "shape": "a shape, e.g. (N, C)",
    "order": "the letters in order, e.g. cab",
    "text": "your answer, in one line",
}
VERDICT_STYLE = {"right": "bold green", "partial": "bold yellow", "wrong": "bold red", "skipped": "dim"}
VERDICT_MARK = {"right": "✓ right", "partial": "◐ partly right", "wrong": "✗ wrong", "skipped": "– skipped"}


def markdown(text: str) -> RenderableType:
    from rich.markdown import Markdown

    return Markdown(text)


def topics_table(bank: Bank) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("topic", style="bold cyan", no_wrap=True)
    table.add_column("questions", justify="right")
    table.add_column("summary", ratio=1)
    for topic in bank.topics:
        questions = bank.in_topic(topic.id)
        levels = " ".join(f"{sum(q.level == lv for q in questions)}{name[0]}" for lv, name in LEVELS.items())
        about = Text(topic.title, style="bold")
        about.append(f"\n{_first_sentence(topic.summary)}", style="dim")
        table.add_row(topic.id, f"{len(questions)} ({levels})", about)
    table.caption = (
        f"{len(bank.questions)} questions in {len(bank.topics)} topic{'s' * (len(bank.topics) != 1)}"
        " · e easy, m medium, h hard · bnquiz quiz --topic TOPIC"
    )
    return table


def _first_sentence(text: str) -> str:
    head, dot, _ = " ".join(text.split()).partition(". ")
    return head + ("." if dot else "")


def question_header(question: Question, position: int, total: int, bank: Bank) -> Text:
    title = bank.topic(question.topic).title
    return Text(f"{position}/{total} · {title} · {LEVELS[question.level]} · {question.id}", style="dim")


def question_body(question: Question, order: tuple[int, ...] = ()) -> RenderableType:
    parts: list[RenderableType] = [markdown(question.prompt)]
    if question.kind in ("choice", "multi"):
        parts.append(_lettered(question.choices))
    elif question.kind == "order" and order:
        parts.append(_lettered([question.steps[i] for i in order]))
    elif question.kind == "truefalse":
        parts.append(Text("True or false?", style="italic"))
    return Group(*parts)


def inline(text: str) -> Text:
    """One line of Markdown-lite: `code` spans styled like the Markdown renderer's, the rest plain."""
    result = Text()
    for i, part in enumerate(text.split("`")):
        result.append(part, style="bold cyan" if i % 2 else "")
    return result


def _lettered(items: list[str] | tuple[str, ...]) -> Table:
    from bnquiz.answer import letter

    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for i, item in enumerate(items):
        table.add_row(f"  {letter(i)})", inline(item))
    return table


def points_list(question: Question) -> RenderableType:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for i, point in enumerate(question.points, 1):
        table.add_row(f"  {i}.", inline(point))
    return Group(
        Text("Model answer:", style="bold"),
        markdown(question.answer),
        Text("Key points:", style="bold"),
        table,
    )


def citations(items: tuple[Citation, ...]) -> Text:
    """One line per source, so that a long address never splits a citation in two."""
    text = Text()
    for i, citation in enumerate(items):
        locator = f" {citation.locator}" if citation.locator else ""
        text.append("\n" if i else "", style="dim")
        text.append(f"Source: {citation.source.short}{locator}", style="dim bold")
        text.append(f"  {citation.source.url}", style="dim")
    return text


def feedback(attempt: Attempt, response: Any = None, order: tuple[int, ...] = ()) -> RenderableType:
    """The verdict, the right answer (and, for a wrong multi answer, which letters were missing
    and which extra), the explanation and its sources. `response` is the parsed answer and
    `order` an order question's display order (display position → step)."""
    from bnquiz.answer import describe, letter

    question = attempt.question
    verdict = Text(VERDICT_MARK[attempt.verdict], style=VERDICT_STYLE[attempt.verdict])
    if question.kind == "text" and attempt.verdict != "skipped":
        verdict.append(f"  ({attempt.score:.0%} of the key points)", style="default")
    elif attempt.verdict != "right" and question.kind == "order":
        verdict.append("  · the right order:", style="default")
        if order:
            letters = " ".join(letter(order.index(step)) for step in range(len(question.steps)))
            verdict.append(f" {letters}", style="bold")
        for i, step in enumerate(question.steps, 1):
            verdict.append(f"\n  {i}. ").append_text(inline(step))
    elif attempt.verdict != "right":
        verdict.append("  · the answer: ", style="default")
        verdict.append_text(inline(describe(question)))
        if question.kind == "multi" and response is not None:
            missing = [letter(i) for i in question.answer if i not in response]
            extra = [letter(i) for i in response if i not in question.answer]
            if missing:
                verdict.append(f" · missing: {', '.join(missing)}", style="default")
            if extra:
                verdict.append(f" · not right: {', '.join(extra)}", style="default")
    return Group(verdict, markdown(question.explain), citations(question.citations), Text())


def summary_view(summary: Summary, seed: int, again: str = "bnquiz show ID") -> RenderableType:
    if not summary.asked:
        return Text(f"No questions answered · seed {seed}", style="dim")
    table = Table(title="Score by topic", title_justify="left", box=None, pad_edge=False)
    table.add_column("topic", style="cyan")
    table.add_column("asked", justify="right")
    table.add_column("right", justify="right")
    table.add_column("score", justify="right")
    for row in summary.topics:
        table.add_row(Text(row.title), str(row.asked), str(row.right), f"{row.score / row.asked:.0%}")
    minutes, seconds = divmod(round(summary.seconds), 60)
    total = Text(f"Total: {summary.right}/{summary.asked} right", style="bold")
    if summary.asked:
        total.append(f", score {summary.score / summary.asked:.0%}")
    total.append(f" in {minutes}m{seconds:02d}s · seed {seed}")
    parts: list[RenderableType] = [table, total]
    if summary.missed:
        parts.append(Text("Missed: " + ", ".join(summary.missed), style="red"))
    if summary.skipped:
        parts.append(Text("Skipped: " + ", ".join(summary.skipped), style="dim"))
    if summary.missed or summary.skipped:
        parts.append(Text(f"See one again with: {again}", style="dim"))
    return Group(*parts)


def question_card(question: Question, bank: Bank) -> RenderableType:
    """Everything about one question: for `bnquiz show`."""
    from bnquiz.answer import describe

    topic = bank.topic(question.topic)
    parts: list[RenderableType] = [
        Text(f"{question.id} · {topic.title} · {question.kind} · {LEVELS[question.level]}", style="dim"),
        question_body(question),
        Text(),
    ]
    if question.kind == "text":
        parts.append(points_list(question))
    else:
        parts.append(Text.assemble(("Answer: ", "bold green"), inline(describe(question))))
    if question.hint:
        parts.append(Text.assemble(("Hint: ", "bold"), question.hint))
    parts += [markdown(question.explain), citations(question.citations)]
    if question.misconception:
        parts.append(Text(f"Misconception: {question.misconception}", style="dim"))
    return Group(*parts)


def stats_view(stats: Stats) -> RenderableType:
    """Per-topic progress, drills, streak, the misconceptions to work on, accuracy by day."""
    from bnquiz.stats import DAYS_SOON

    table = Table(title="Progress by topic", title_justify="left", box=None, pad_edge=False)
    for name, justify in (
        ("topic", "left"),
        ("seen", "right"),
        ("accuracy", "right"),
        ("due now", "right"),
        (f"next {DAYS_SOON} days", "right"),
        ("mastered", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for t in stats.topics:
        accuracy = "–" if t.accuracy is None else f"{t.accuracy:.0%}"
        table.add_row(
            t.topic, f"{t.seen}/{t.questions}", accuracy, str(t.due_now), str(t.due_soon), str(t.mastered)
        )
    parts: list[RenderableType] = [table, Text()]
    drills = Text("Drills: ", style="bold")
    for i, d in enumerate(stats.drills):
        drills.append(", " if i else "")
        mark, style = ("✓", "green") if d.passed else (("✗", "red") if d.checks else ("–", "dim"))
        drills.append(f"{d.drill} {mark}", style=style)
    passed = sum(d.passed for d in stats.drills)
    drills.append(f"  ({passed} of {len(stats.drills)} passed)", style="dim")
    parts.append(drills)
    parts.append(
        Text.assemble(
            ("Streak: ", "bold"),
            f"{stats.streak} day{'s' * (stats.streak != 1)}",
            (f" · {stats.answers} answers in all", "dim"),
        )
    )
    if stats.misconceptions:
        parts.append(Text("Misconceptions your wrong answers point to:", style="bold"))
        for _tag, claim, n in stats.misconceptions:
            parts.append(Text.assemble(f"  {n}× ", (claim, "red")))
    if stats.daily:
        parts.append(Text("Accuracy by day (last 14 days):", style="bold"))
        chart = Table.grid(padding=(0, 1))
        for _ in range(3):
            chart.add_column()
        for day, n, accuracy in stats.daily:
            bar = "█" * round(accuracy * 20)
            chart.add_row(
                Text(day[5:], style="dim"), Text(f"{bar:<20}", style="green"), f"{accuracy:.0%} of {n}"
            )
        parts.append(chart)
    elif not stats.answers:
        parts.append(Text("No answers recorded yet: start with bnquiz quiz or bnquiz review.", style="dim"))
    return Group(*parts)
