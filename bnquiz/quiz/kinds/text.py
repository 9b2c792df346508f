"""`text`: a free answer in one line, then self-marked against the model answer's key points."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text

from bnquiz.language import N_, _
from bnquiz.markup import inline, markdown
from bnquiz.outcome import Verdict
from bnquiz.quiz.fields import TEXT, Field, texts
from bnquiz.quiz.kinds.base import Judgement, Kind

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bnquiz.quiz.records import Question
    from bnquiz.quiz.yamlfile import Checker, Map


class FreeText(Kind):
    name = "text"
    keys: ClassVar[dict[str, Field]] = {
        "answer": Field("The model answer (Markdown).", TEXT, True),
        "points": Field("The key points of a good answer.", texts(), True),
    }
    translated = frozenset({"answer", "points"})  # the model answer, and its key points
    prompt = N_("your answer, in one line")
    follow_up = N_("points you covered, e.g. 1,3 · all · none")

    def fields(self, chk: Checker, data: Map, where: str) -> dict[str, Any] | None:
        answer = chk.text(data, "answer", where)
        points = chk.texts(data, "points", where, _("the key points of a good answer"))
        return None if answer is None or points is None else {"answer": answer, "points": points}

    def export(self, question: Question) -> dict[str, Any]:
        return {"points": list(question.points), **super().export(question)}

    def parse(self, question: Question, text: str) -> tuple[int, ...]:
        """The follow-up: '1,3', '1 3', 'all', 'none' → the 0-based key points covered."""
        count, word = len(question.points), text.strip().lower()
        if word in ("all", "全部"):
            return tuple(range(count))
        if word in ("none", "0", "-", "无"):
            return ()
        try:
            numbers = {int(n) for n in re.split(r"[\s,;]+", word) if n}
        except ValueError:
            numbers = set()
        if not numbers or not all(1 <= n <= count for n in numbers):
            raise ValueError(
                _("type the numbers of the points you covered (1 to {count}), 'all' or 'none'").format(
                    count=count
                )
            )
        return tuple(sorted(n - 1 for n in numbers))

    def grade(self, question: Question, response: Any, order: tuple[int, ...]) -> Judgement:
        share = len(response) / len(question.points)
        verdict = Verdict.RIGHT if share == 1 else Verdict.WRONG if share == 0 else Verdict.PARTIAL
        return Judgement(verdict, share)

    def describe_response(self, question: Question, response: Any, order: tuple[int, ...]) -> str:
        return ",".join(str(i + 1) for i in response) or _("none")

    def follow_up_view(self, question: Question) -> RenderableType:
        """The model answer and its numbered key points, for the user to mark."""
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(overflow="fold")
        for i, point in enumerate(question.points, 1):
            table.add_row(f"  {i}.", inline(point))
        return Group(
            Text(_("Model answer:"), style="bold"),
            markdown(question.answer),
            Text(_("Key points:"), style="bold"),
            table,
        )

    def correction(
        self, question: Question, verdict: Verdict, score: float, response: Any, order: tuple[int, ...]
    ) -> Text | None:
        return (
            None
            if verdict == Verdict.SKIPPED
            else Text(_("  ({share} of the key points)").format(share=f"{score:.0%}"))
        )

    def answer_view(self, question: Question) -> RenderableType:
        return self.follow_up_view(question)
