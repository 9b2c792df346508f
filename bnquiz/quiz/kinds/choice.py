"""`choice`: one right answer among lettered choices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from bnquiz.language import N_, _
from bnquiz.quiz.fields import INDEX, Field
from bnquiz.quiz.kinds.base import (
    CHOICES,
    LETTERS,
    Kind,
    choices,
    index_ok,
    lettered,
    letters,
    within_choices,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bnquiz.quiz.fields import Value
    from bnquiz.quiz.records import Question
    from bnquiz.quiz.yamlfile import Checker, Map


class Choice(Kind):
    name = "choice"
    keys: ClassVar[dict[str, Field]] = {
        "choices": CHOICES,
        "answer": Field("The right choice: its 0-based index.", INDEX, True),
    }
    translated = frozenset({"choices"})
    prompt = N_("one letter")

    def rules(self) -> list[Value]:
        return within_choices(listed=False)

    def fields(self, chk: Checker, data: Map, where: str) -> dict[str, Any] | None:
        found = choices(chk, data, where)
        if found is None or not index_ok(chk, data, where, data.get("answer"), len(found)):
            return None
        return {"choices": found, "answer": data["answer"]}

    def wrong_keys(self, question: Question) -> list[Any]:
        return [i for i in range(len(question.choices)) if i != question.answer]

    def export(self, question: Question) -> dict[str, Any]:
        return {"choices": list(question.choices), **super().export(question)}

    def parse(self, question: Question, text: str) -> int:
        picked = letters(text, len(question.choices))
        if len(picked) != 1:
            raise ValueError(
                _("type one letter, a to {last}").format(last=LETTERS[len(question.choices) - 1])
            )
        return picked[0]

    def describe(self, question: Question) -> str:
        return f"{LETTERS[question.answer]}) {question.choices[question.answer]}"

    def describe_response(self, question: Question, response: Any, order: tuple[int, ...]) -> str:
        return LETTERS[response]

    def body(self, question: Question, order: tuple[int, ...]) -> RenderableType:
        return lettered(question.choices)
