"""`multi`: every right answer among lettered choices, all or nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text

from bnquiz.language import N_, _
from bnquiz.quiz.fields import Field
from bnquiz.quiz.kinds.base import (
    CHOICES,
    INDICES,
    LETTERS,
    Kind,
    choices,
    flipped,
    index_ok,
    lettered,
    letters,
    misses,
    within_choices,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bnquiz.outcome import Verdict
    from bnquiz.quiz.fields import Value
    from bnquiz.quiz.records import Question
    from bnquiz.quiz.yamlfile import Checker, Map


class Multi(Kind):
    name = "multi"
    keys: ClassVar[dict[str, Field]] = {
        "choices": CHOICES,
        "answer": Field("Every right choice: a list of 0-based indices.", INDICES, True),
    }
    translated = frozenset({"choices"})
    prompt = N_("all letters that apply, e.g. a,c")

    def rules(self) -> list[Value]:
        return within_choices(listed=True)

    def fields(self, chk: Checker, data: Map, where: str) -> dict[str, Any] | None:
        found, answer = choices(chk, data, where), data.get("answer")
        if found is None:
            return None
        if not isinstance(answer, list) or not answer or len(set(map(str, answer))) != len(answer):
            said = _("{where}: 'answer' must list distinct choice indices").format(where=where)
            chk.add(chk.at(data, "answer"), said)
            return None
        if not all(index_ok(chk, data, where, index, len(found)) for index in answer):
            return None
        return {"choices": found, "answer": tuple(sorted(answer))}

    def wrong_keys(self, question: Question) -> list[Any]:
        """Each choice flipped in or out: every choice's membership is tested."""
        return flipped(question.answer, range(len(question.choices)))

    def export(self, question: Question) -> dict[str, Any]:
        return {
            "choices": list(question.choices),
            "answer": list(question.answer),
            "answer_text": self.describe(question),
        }

    def parse(self, question: Question, text: str) -> tuple[int, ...]:
        return tuple(sorted(set(letters(text, len(question.choices)))))

    def describe(self, question: Question) -> str:
        return ", ".join(LETTERS[i] for i in question.answer)  # the choices are on screen above

    def describe_response(self, question: Question, response: Any, order: tuple[int, ...]) -> str:
        return ",".join(LETTERS[i] for i in response)

    def body(self, question: Question, order: tuple[int, ...]) -> RenderableType:
        return lettered(question.choices)

    def correction(
        self, question: Question, verdict: Verdict, score: float, response: Any, order: tuple[int, ...]
    ) -> Text | None:
        """The right letters, and which of the user's were missing and which not right."""
        line = super().correction(question, verdict, score, response, order)
        if line is None or response is None:
            return line
        return misses(line, question.answer, response, LETTERS.__getitem__)
