"""The question kinds, in one table: `KINDS` maps each kind's name (a question's `kind:`) to it.

A new kind is one module here with one `Kind` subclass (see `base.Kind` for what it answers),
added to the table below; `register` adds one from elsewhere (a plugin, a test). Nothing outside
a kind's module switches on its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bnquiz.quiz.kinds.base import Judgement, Kind
from bnquiz.quiz.kinds.choice import Choice
from bnquiz.quiz.kinds.lines import Lines
from bnquiz.quiz.kinds.multi import Multi
from bnquiz.quiz.kinds.number import Number
from bnquiz.quiz.kinds.order import Order
from bnquiz.quiz.kinds.shape import ShapeKind
from bnquiz.quiz.kinds.text import FreeText
from bnquiz.quiz.kinds.truefalse import TrueFalse

if TYPE_CHECKING:
    from bnquiz.quiz.records import Question

__all__ = ["KINDS", "Judgement", "Kind", "kind_of", "register"]

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (Choice(), Multi(), TrueFalse(), Number(), ShapeKind(), FreeText(), Order(), Lines())
}


def register(kind: Kind) -> None:
    """Add a kind to the table (a kind of the same name is replaced)."""
    KINDS[kind.name] = kind


def kind_of(question: Question) -> Kind:
    return KINDS[question.kind]
