"""`number`: a computed value, right within the question's tolerance."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from bnquiz.language import N_, _
from bnquiz.quiz.fields import Field
from bnquiz.quiz.kinds.base import Kind, judged

if TYPE_CHECKING:
    from bnquiz.quiz.kinds.base import Judgement
    from bnquiz.quiz.records import Question
    from bnquiz.quiz.yamlfile import Checker, Map

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


class Number(Kind):
    name = "number"
    keys: ClassVar[dict[str, Field]] = {
        "answer": Field("The computed value.", {"type": "number"}, True),
        "tolerance": Field(
            "How far an answer may be from it and still be right.", {"type": "number", "minimum": 0}, True
        ),
    }
    prompt = N_("a number")
    needs_check = True

    def fields(self, chk: Checker, data: Map, where: str) -> dict[str, Any] | None:
        answer, tolerance = data.get("answer"), data.get("tolerance")
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            chk.add(chk.at(data, "answer"), _("{where}: 'answer' must be a number").format(where=where))
            return None
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
            chk.add(
                chk.at(data, "tolerance"), _("{where}: 'tolerance' must be a number ≥ 0").format(where=where)
            )
            return None
        return {"answer": float(answer), "tolerance": float(tolerance)}

    def wrong_keys(self, question: Question) -> list[Any]:
        key = question.answer
        step = max(10 * question.tolerance, abs(key) * 0.05, 1e-3)
        return [key + step, key - step, -key if key else 1.0]

    def export(self, question: Question) -> dict[str, Any]:
        return {**super().export(question), "tolerance": question.tolerance}

    def parse(self, question: Question, text: str) -> float:
        """'1.0667', '1e-5', '5/3', '12,544', '34.7%' (the number, not a fraction of one)."""
        cleaned = text.strip().replace("_", "").replace(" ", "").removesuffix("%").replace("−", "-")
        if _THOUSANDS.match(cleaned):
            cleaned = cleaned.replace(",", "")
        try:
            if "/" in cleaned:
                from fractions import Fraction

                return float(Fraction(cleaned))
            return float(cleaned)
        except (ValueError, ZeroDivisionError):
            raise ValueError(_("type a number, like 0.25, 1e-5 or 5/3 (a dot for decimals)")) from None

    def grade(self, question: Question, response: Any, order: tuple[int, ...]) -> Judgement:
        return judged(abs(response - question.answer) <= question.tolerance + 1e-12)

    def describe(self, question: Question) -> str:
        tolerance = f" (± {question.tolerance:g})" if question.tolerance else ""
        return f"{question.answer:g}{tolerance}"

    def describe_response(self, question: Question, response: Any, order: tuple[int, ...]) -> str:
        return f"{response:g}"
