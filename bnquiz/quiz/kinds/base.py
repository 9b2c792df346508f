"""What a question kind is: the one place that knows what its YAML, answers and screens mean.

A kind validates its own YAML keys into `Question` fields, parses and grades a typed answer,
says its answer in words, draws what goes under its prompt and its line of feedback, and
exports itself. Nothing outside the kind's own module switches on its name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.table import Table
from rich.text import Text

from bnquiz.language import _
from bnquiz.markup import inline
from bnquiz.outcome import Verdict
from bnquiz.quiz.fields import INDEX, Field, Value, texts

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bnquiz.quiz.records import Question
    from bnquiz.quiz.yamlfile import Checker, Map

LETTERS = "abcdefgh"  # answer letters; `q`, `s` and `?` stay free as session commands
MAX_CHOICES = len(LETTERS)


class Judgement(NamedTuple):
    verdict: Verdict
    score: float  # 0..1; a text answer scores the share of key points covered


class Kind:
    """The base of every kind; subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    keys: ClassVar[dict[str, Field]]  # the YAML keys it uses besides the ones every question has
    translated: ClassVar[frozenset[str]] = frozenset()  # those that are text: a 'zh' block has them too
    prompt: ClassVar[str]  # what the answer prompt asks for
    needs_check: ClassVar[bool] = False  # its key rests on a computed number or a framework's shape
    follow_up: ClassVar[str | None] = None  # a second prompt, after the first answer (text)

    # --- the bank ---------------------------------------------------------------------------

    def rules(self) -> list[Value]:
        """What its keys must be together, as JSON Schema (for editors): the answer index
        within the choices, … `fields` checks the same, and more."""
        return []

    def fields(self, chk: Checker, data: Map, where: str) -> dict[str, Any] | None:
        """The `Question` fields its YAML gives (the key first of all); None, with the problems
        recorded in `chk`, when they are wrong."""
        raise NotImplementedError

    def wrong_keys(self, question: Question) -> list[Any]:
        """Keys a careless author could have written instead: the suite proves that the
        question's `check` rejects each one. Empty where a check proves a claim, not the key."""
        return []

    def check_names(self, question: Question) -> dict[str, Any]:
        """What a `check` sees besides the key and the common fields (a listing, …)."""
        return {}

    def export(self, question: Question) -> dict[str, Any]:
        """The question's kind-specific fields as plain data, the key among them."""
        return {"answer": question.answer, "answer_text": self.describe(question)}

    # --- a session --------------------------------------------------------------------------

    def display_order(self, question: Question, rng: random.Random) -> tuple[int, ...]:
        """The order its items are shown in (display position → item), or () when fixed."""
        return ()

    def parse(self, question: Question, text: str) -> Any:
        """A typed answer as a value; ValueError, saying what to type instead, when it is none."""
        raise NotImplementedError

    def grade(self, question: Question, response: Any, order: tuple[int, ...]) -> Judgement:
        return judged(response == question.answer)

    def describe(self, question: Question) -> str:
        """The right answer in words."""
        return str(question.answer)

    def describe_response(self, question: Question, response: Any, order: tuple[int, ...]) -> str:
        """What the user answered, in the words `describe` uses."""
        return str(response)

    # --- screens ----------------------------------------------------------------------------

    def body(self, question: Question, order: tuple[int, ...]) -> RenderableType | None:
        """What goes under the prompt (the choices, …)."""
        return None

    def follow_up_view(self, question: Question) -> RenderableType:
        """Shown before the follow-up prompt, when the kind has one."""
        raise NotImplementedError

    def correction(
        self, question: Question, verdict: Verdict, score: float, response: Any, order: tuple[int, ...]
    ) -> Text | None:
        """What follows the verdict in the feedback: the right answer, when it was not given."""
        if verdict == Verdict.RIGHT:
            return None
        return Text(_("  · the answer: ")).append_text(inline(self.describe(question)))

    def answer_view(self, question: Question) -> RenderableType:
        """The answer, as `bnquiz show` states it."""
        return Text.assemble((_("Answer: "), "bold green"), inline(self.describe(question)))


def judged(right: bool) -> Judgement:
    return Judgement(Verdict.RIGHT, 1.0) if right else Judgement(Verdict.WRONG, 0.0)


def flipped(key: tuple[int, ...], items: Iterable[int]) -> list[tuple[int, ...]]:
    """The key with each item flipped in or out (never empty): the wrong keys of a kind whose
    answer is a set, so that every item's membership is tested."""
    return [found for found in (tuple(sorted(set(key) ^ {i})) for i in items) if found]


def misses(line: Text, key: tuple[int, ...], response: tuple[int, ...], name: Callable[[int], str]) -> Text:
    """`line` with the key's items the response left out and the ones it added that are not in
    the key (each item said by `name`)."""
    missing = [name(i) for i in key if i not in response]
    extra = [name(i) for i in response if i not in key]
    if missing:
        line.append(_(" · missing: {letters}").format(letters=", ".join(missing)))
    if extra:
        line.append(_(" · not right: {letters}").format(letters=", ".join(extra)))
    return line


def letters(text: str, count: int) -> list[int]:
    """'a,c', 'ac', 'A C', '(a)' → [0, 2]; anything else is a ValueError."""
    cleaned = re.sub(r"[\s,;()\[\].)]+", "", text.lower())
    valid = LETTERS[:count]
    if not cleaned or any(ch not in valid for ch in cleaned):
        raise ValueError(_("type letters from a to {last}").format(last=valid[-1]))
    return [valid.index(ch) for ch in cleaned]


def lettered(items: list[str] | tuple[str, ...]) -> Table:
    """Items under their letters, `a)` to `h)`."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for i, item in enumerate(items):
        table.add_row(f"  {LETTERS[i]})", inline(item))
    return table


def index_ok(chk: Checker, data: Map, where: str, value: Any, count: int) -> bool:
    """Whether `value` is a valid choice index; the problem recorded when it is not."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < count:
        said = _("{where}: answer index {value} is out of range 0..{last}")
        chk.add(chk.at(data, "answer"), said.format(where=where, value=repr(value), last=count - 1))
        return False
    return True


CHOICES = Field("2 to 8 choices, shown as a) to h).", texts(2, MAX_CHOICES), True)
INDICES: Value = {"type": "array", "items": INDEX, "minItems": 1, "uniqueItems": True}


def within_choices(listed: bool) -> list[Value]:
    """JSON Schema: the answer index (each index, where they are `listed`) below the number of
    choices. A schema cannot compare two values, so there is one rule for each number."""
    rules = []
    for count in range(2, MAX_CHOICES + 1):
        below: Value = {"maximum": count - 1}
        answer = {"items": below} if listed else below
        rules.append(
            {
                "if": {"properties": {"choices": {"maxItems": count}}},
                "then": {"properties": {"answer": answer}},
            }
        )
    return rules


def choices(chk: Checker, data: Map, where: str) -> tuple[str, ...] | None:
    must = _("2 to {count} non-empty texts").format(count=MAX_CHOICES)
    return chk.texts(data, "choices", where, must, 2, MAX_CHOICES)
