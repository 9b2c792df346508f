"""`order`: steps to put in the right order; they are shown shuffled, never already in order."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text

from bnquiz.language import N_, _
from bnquiz.markup import inline
from bnquiz.quiz.fields import Field, texts
from bnquiz.quiz.kinds.base import LETTERS, MAX_CHOICES, Kind, judged, lettered, letters

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bnquiz.outcome import Verdict
    from bnquiz.quiz.kinds.base import Judgement
    from bnquiz.quiz.records import Question
    from bnquiz.quiz.yamlfile import Checker, Map


class Order(Kind):
    name = "order"
    keys: ClassVar[dict[str, Field]] = {
        "steps": Field("2 to 8 steps, in the right order: they are the answer.", texts(2, MAX_CHOICES), True)
    }
    translated = frozenset({"steps"})
    prompt = N_("the letters in order, e.g. cab")

    def fields(self, chk: Checker, data: Map, where: str) -> dict[str, Any] | None:
        must = _("2 to {count} steps in order").format(count=MAX_CHOICES)
        steps = chk.texts(data, "steps", where, must, 2, MAX_CHOICES)
        return None if steps is None else {"steps": steps, "answer": steps}

    def export(self, question: Question) -> dict[str, Any]:
        return {"answer": list(question.steps), "answer_text": self.describe(question)}

    def display_order(self, question: Question, rng: random.Random) -> tuple[int, ...]:
        """A permutation of the steps that is never the answer itself."""
        while True:
            order = list(range(len(question.steps)))
            rng.shuffle(order)
            if order != sorted(order):
                return tuple(order)

    def parse(self, question: Question, text: str) -> tuple[int, ...]:
        """'cabd', 'c, a, b, d' → display positions; every letter exactly once."""
        count = len(question.steps)
        picked = letters(text, count)
        if sorted(picked) != list(range(count)):
            raise ValueError(
                _("type all {count} letters a to {last}, each once, in order").format(
                    count=count, last=LETTERS[count - 1]
                )
            )
        return tuple(picked)

    def grade(self, question: Question, response: Any, order: tuple[int, ...]) -> Judgement:
        return judged([order[pos] for pos in response] == list(range(len(question.steps))))

    def describe(self, question: Question) -> str:
        return " → ".join(question.steps)

    def describe_response(self, question: Question, response: Any, order: tuple[int, ...]) -> str:
        return " → ".join(question.steps[order[pos]] for pos in response)

    def body(self, question: Question, order: tuple[int, ...]) -> RenderableType | None:
        return lettered([question.steps[i] for i in order]) if order else None

    def correction(
        self, question: Question, verdict: Verdict, score: float, response: Any, order: tuple[int, ...]
    ) -> Text | None:
        """The letters in the right order, then the steps themselves."""
        if verdict == "right":
            return None
        line = Text(_("  · the right order:"))
        if order:
            line.append(
                " " + " ".join(LETTERS[order.index(step)] for step in range(len(question.steps))), "bold"
            )
        for i, step in enumerate(question.steps, 1):
            line.append(f"\n  {i}. ").append_text(inline(step))
        return line
