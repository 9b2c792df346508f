"""`lines`: debug this script. A short listing shown with line numbers; the user names the
faulty line(s).

The key is never typed by hand: a question carries its listing (`code`) and the same listing
corrected (`fix`, the same number of lines), and the faulty lines are exactly the lines where the
two differ. Its check runs both and shows the symptom in one and not the other.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text

from bnquiz.language import N_, _, ngettext
from bnquiz.quiz.fields import TEXT, Field
from bnquiz.quiz.kinds.base import Kind, flipped, judged, misses

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bnquiz.outcome import Verdict
    from bnquiz.quiz.kinds.base import Judgement
    from bnquiz.quiz.records import Question
    from bnquiz.quiz.yamlfile import Checker, Map

MAX_LINES = 30  # a listing an interviewer would show on one screen
LINES = {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1, "uniqueItems": True}


class Lines(Kind):
    name = "lines"
    keys: ClassVar[dict[str, Field]] = {
        "code": Field("The listing, 2 to 30 lines.", TEXT, True),
        "fix": Field("The same listing corrected: as many lines, only the faulty ones changed.", TEXT, True),
        "answer": Field("The faulty line numbers: the lines where code and fix differ.", LINES, True),
    }
    prompt = N_("the faulty line numbers, e.g. 4 or 3,7")
    needs_check = True

    def fields(self, chk: Checker, data: Map, where: str) -> dict[str, Any] | None:
        code, fix = chk.text(data, "code", where), chk.text(data, "fix", where)
        if code is None or fix is None:
            return None
        count = len(code.splitlines())
        if not 2 <= count <= MAX_LINES or len(fix.splitlines()) != count:
            said = _("{where}: 'code' must have 2 to {most} lines, and 'fix' as many").format(
                where=where, most=MAX_LINES
            )
            chk.add(chk.at(data, "fix"), said)
            return None
        answer, changed = data.get("answer"), differing(code, fix)
        if not changed or answer != list(changed):
            said = _("{where}: 'answer' must list the lines where 'code' and 'fix' differ: {lines}")
            listed = ", ".join(map(str, changed)) or "-"
            chk.add(chk.at(data, "answer"), said.format(where=where, lines=listed))
            return None
        return {"code": code, "fix": fix, "answer": changed}

    def wrong_keys(self, question: Question) -> list[Any]:
        """Each line flipped in or out: every line's verdict is tested."""
        return flipped(question.answer, range(1, len(question.code.splitlines()) + 1))

    def check_names(self, question: Question) -> dict[str, Any]:
        return {"code": question.code, "fix": question.fix, "changed": differing(question.code, question.fix)}

    def export(self, question: Question) -> dict[str, Any]:
        return {
            **super().export(question),
            "answer": list(question.answer),
            "code": question.code,
            "fix": question.fix,
        }

    def parse(self, question: Question, text: str) -> tuple[int, ...]:
        """'4', '3,7', '3 and 7', 'L3-L4' (a range) → the sorted line numbers."""
        count = len(question.code.splitlines())
        picked: set[int] = set()
        for first, last in re.findall(r"(\d+)(?:\s*[-–~]\s*[Ll]?(\d+))?", text):
            picked.update(range(int(first), int(last or first) + 1))
        if not picked or not all(1 <= n <= count for n in picked):
            raise ValueError(_("type line numbers from 1 to {last}, like 4 or 3,7").format(last=count))
        return tuple(sorted(picked))

    def grade(self, question: Question, response: Any, order: tuple[int, ...]) -> Judgement:
        return judged(tuple(response) == tuple(question.answer))

    def describe(self, question: Question) -> str:
        numbers = ", ".join(map(str, question.answer))
        return ngettext("line {numbers}", "lines {numbers}", len(question.answer)).format(numbers=numbers)

    def describe_response(self, question: Question, response: Any, order: tuple[int, ...]) -> str:
        return ",".join(map(str, response))

    def body(self, question: Question, order: tuple[int, ...]) -> RenderableType:
        return listing(question.code)

    def correction(
        self, question: Question, verdict: Verdict, score: float, response: Any, order: tuple[int, ...]
    ) -> Text | None:
        """The faulty lines, which of the user's were missing and which not faulty, and the fix."""
        line = super().correction(question, verdict, score, response, order)
        if line is None:
            return None
        if response is not None:
            misses(line, question.answer, response, str)
        return line.append_text(fixed_lines(question))

    def answer_view(self, question: Question) -> RenderableType:
        answer = Text.assemble((_("Answer: "), "bold green"), self.describe(question))
        return answer.append_text(fixed_lines(question))


def differing(code: str, fix: str) -> tuple[int, ...]:
    """The 1-based numbers of the lines where the listing and its fix differ."""
    pairs = zip(code.splitlines(), fix.splitlines(), strict=False)
    return tuple(n for n, (a, b) in enumerate(pairs, 1) if a != b)


def listing(code: str) -> RenderableType:
    """The listing with line numbers and Python highlighting (plain text on a plain terminal)."""
    from rich.syntax import Syntax

    return Syntax(code, "python", line_numbers=True, theme="ansi_dark", word_wrap=True)


def fixed_lines(question: Question) -> Text:
    """Each faulty line as the fix writes it."""
    fix = question.fix.splitlines()
    text = Text()
    for n in question.answer:
        text.append("\n  · ").append(_("line {number} fixed: ").format(number=n), "green")
        text.append(fix[n - 1].strip(), "bold")
    return text
