"""`shape`: a tensor's shape, with symbols (`C`) or sizes (`64`) as its dimensions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from bnquiz.language import N_, _
from bnquiz.quiz.fields import Field
from bnquiz.quiz.kinds.base import Kind

if TYPE_CHECKING:
    from bnquiz.quiz.records import Question
    from bnquiz.quiz.yamlfile import Checker, Map

Shape = tuple[int | str, ...]

_TOKEN = re.compile(r"^[A-Za-z0-9_/*+\-]+$")
# words people type when they do not know (or mean something else); never a dimension's name
_NOT_DIMENSIONS = {
    "NAN", "INF", "NONE", "NULL", "IDK", "HELP", "SKIP", "QUIT", "EXIT", "PASS", "DUNNO", "UNKNOWN", "HINT",
}  # fmt: skip
_HELP = N_("type a shape, like (1, C, 1, 1), [64] or 1xCx1x1")


def parse_shape(text: str) -> Shape:
    """'(1, C, 1, 1)', '[1,C,1,1]', '1xCx1x1', '1×C×1×1', 'torch.Size([64])', '(64,)' → a tuple.

    Symbols are compared case-insensitively (`c` is `C`); `()` is the shape of a scalar.
    """
    body = text.strip()
    if re.fullmatch(r"[A-Za-z]{3,}", body) and not re.fullmatch(r"[A-Za-z]([x×][A-Za-z])+", body):
        raise ValueError(_(_HELP))  # a word (idk, help, next) is not a shape; (Cout,) is
    body = re.sub(r"^torch\.Size\((.*)\)$", r"\1", body).strip().strip("()[]").strip()
    if not body:
        return ()
    body = body.replace("·", "*")
    if "," in body:
        parts = body.split(",")
        if parts[-1].strip() == "":  # the trailing comma of a 1-tuple
            parts = parts[:-1]
    else:
        parts = re.split(r"\s*[x×]\s*|\s+", body) if re.search(r"[x×\s]", body) else [body]
    shape: list[int | str] = []
    for part in (p.replace(" ", "") for p in parts):
        if not part or not _TOKEN.match(part) or part.upper() in _NOT_DIMENSIONS:
            raise ValueError(_(_HELP))
        shape.append(int(part) if part.isdigit() else part.upper())
    return tuple(shape)


def format_shape(shape: Shape) -> str:
    inner = ", ".join(str(dim) for dim in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


class ShapeKind(Kind):
    name = "shape"
    keys: ClassVar[dict[str, Field]] = {
        "answer": Field("A shape: '(1, C, 1, 1)', '(64,)'.", {"type": ["string", "integer"]}, True)
    }
    prompt = N_("a shape, e.g. (N, C)")
    needs_check = True

    def fields(self, chk: Checker, data: Map, where: str) -> dict[str, Any] | None:
        try:
            return {"answer": parse_shape(str(data.get("answer", "")))}
        except ValueError as exc:
            said = _("{where}: 'answer' is not a shape: {error}").format(where=where, error=exc)
            chk.add(chk.at(data, "answer"), said)
            return None

    def wrong_keys(self, question: Question) -> list[Any]:
        key = question.answer
        return [
            (*key, 1),
            key[:-1] if key else (1,),
            tuple(reversed(key)) if len(set(key)) > 1 else (2, *key),
        ]

    def export(self, question: Question) -> dict[str, Any]:
        return {"answer": format_shape(question.answer), "answer_text": self.describe(question)}

    def parse(self, question: Question, text: str) -> Shape:
        return parse_shape(text)

    def describe(self, question: Question) -> str:
        return format_shape(question.answer)

    def describe_response(self, question: Question, response: Any, order: tuple[int, ...]) -> str:
        return format_shape(response)
