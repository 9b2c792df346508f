"""`truefalse`: a statement to judge true or false."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text

from bnquiz.language import N_, _
from bnquiz.quiz.fields import Field
from bnquiz.quiz.kinds.base import Kind

if TYPE_CHECKING:
    from bnquiz.quiz.records import Question
    from bnquiz.quiz.yamlfile import Checker, Map

_TRUE = {"t", "true", "y", "yes", "对", "是", "正确"}
_FALSE = {"f", "false", "n", "no", "错", "否", "错误"}


class TrueFalse(Kind):
    name = "truefalse"
    keys: ClassVar[dict[str, Field]] = {"answer": Field("true or false.", {"type": "boolean"}, True)}
    prompt = N_("t or f")

    def fields(self, chk: Checker, data: Map, where: str) -> dict[str, Any] | None:
        if not isinstance(data.get("answer"), bool):
            chk.add(chk.at(data, "answer"), _("{where}: 'answer' must be true or false").format(where=where))
            return None
        return {"answer": data["answer"]}

    def wrong_keys(self, question: Question) -> list[Any]:
        return [not question.answer]

    def parse(self, question: Question, text: str) -> bool:
        word = text.strip().lower().rstrip(".!。！")
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise ValueError(_("type t(rue) or f(alse)"))

    def describe(self, question: Question) -> str:
        return _("true") if question.answer else _("false")

    def describe_response(self, question: Question, response: Any, order: tuple[int, ...]) -> str:
        return _("true") if response else _("false")

    def body(self, question: Question, order: tuple[int, ...]) -> Text:
        return Text(_("True or false?"), style="italic")
