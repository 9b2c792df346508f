"""The session engine: a program drives it one typed line at a time; it does no I/O.

    session = Session(bank, plan(bank, count=3, seed=1))
    while session.question is not None:
        event = session.answer(input(session.prompt + " › "))

Each line gives an event: `Answered` (judged, or skipped with `s`), `Hint` (`?`), `FollowUp` (a
kind that asks a second line, as text questions ask for the key points covered), `Reask` (not an
answer: say why, ask again) or `Quit` (`q`). `stop()` ends the session from outside (Ctrl-C,
end of input); the finished attempts stay in `attempts` either way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from bnquiz.language import N_, _
from bnquiz.outcome import Verdict
from bnquiz.quiz.kinds import kind_of

if TYPE_CHECKING:
    from bnquiz.quiz.plan import Plan
    from bnquiz.quiz.records import Bank, Question


def half_width(text: str) -> str:
    """Ａ，１（）→ A,1(): what a Chinese input method types, read as what it means. 、 separates
    letters as a comma does (`A、C`)."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).replace("、", ",")


NO_ANSWER = N_("Type an answer (or ? for a hint, s to skip, q to quit).")


class Attempt(NamedTuple):
    question: Question
    verdict: Verdict
    score: float
    given: str  # what the user typed, as typed
    response: str  # what that means, in the words of the answer key
    hint_used: bool
    seconds: float


class Answered(NamedTuple):
    attempt: Attempt
    response: Any  # the parsed answer (None when skipped), for the feedback
    order: tuple[int, ...]  # the question's display order


class Hint(NamedTuple):
    text: str | None  # None: the question has none


class FollowUp(NamedTuple):
    question: Question


class Reask(NamedTuple):
    message: str


class Quit(NamedTuple):
    pass


Event = Answered | Hint | FollowUp | Reask | Quit


class Session:
    """One session over a plan. `on_attempt` is called with each attempt the moment it is
    judged (the progress recorder); `clock` times each question."""

    def __init__(
        self,
        bank: Bank,
        plan: Plan,
        on_attempt: Callable[[Attempt], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bank = bank
        self.plan = plan
        self.attempts: list[Attempt] = []
        self.on_attempt = on_attempt
        self._clock = clock
        self._index = 0
        self._stopped = False
        self._given: str | None = None  # the first line, while a follow-up is asked
        self._hint_used = False
        self._start = clock()

    @property
    def question(self) -> Question | None:
        """The question being asked; None once the session is over."""
        if self._stopped or self._index >= len(self.plan.questions):
            return None
        return self.plan.questions[self._index]

    @property
    def position(self) -> int:
        """The question's number, from 1."""
        return self._index + 1

    @property
    def order(self) -> tuple[int, ...]:
        """The question's display order (display position → item), or () when fixed."""
        question = self.question
        return self.plan.orders.get(question.id, ()) if question is not None else ()

    @property
    def prompt(self) -> str:
        """What the next line should be: the kind's prompt, or its follow-up's."""
        kind = kind_of(self._current())
        if self._given is not None and kind.follow_up is not None:
            return _(kind.follow_up)
        return _(kind.prompt)

    def answer(self, typed: str) -> Event:
        """Take one typed line (full-width letters, digits and punctuation read as half-width)."""
        text = half_width(typed)
        question, command = self._current(), text.strip().lower()
        if command == "q":
            self.stop()
            return Quit()
        kind = kind_of(question)
        if self._given is None:
            if command == "s":
                return self._finish(
                    Attempt(question, Verdict.SKIPPED, 0.0, "", "", self._hint_used, 0.0), None
                )
            if command == "?":
                self._hint_used = self._hint_used or bool(question.hint)  # only a hint shown counts
                return Hint(question.hint)
            if not command:
                return Reask(_(NO_ANSWER))
            if kind.follow_up is not None:
                self._given = typed.strip()
                return FollowUp(question)
        try:
            response = kind.parse(question, text)
        except ValueError as exc:
            return Reask(_("{problem}; try again.").format(problem=exc))
        judgement = kind.grade(question, response, self.order)
        given = typed.strip() if self._given is None else self._given
        said = kind.describe_response(question, response, self.order)
        attempt = Attempt(question, judgement.verdict, judgement.score, given, said, self._hint_used, 0.0)
        return self._finish(attempt, response)

    def stop(self) -> None:
        self._stopped = True

    def _current(self) -> Question:
        question = self.question
        if question is None:
            raise RuntimeError("the session is over")
        return question

    def _finish(self, attempt: Attempt, response: Any) -> Answered:
        """Time and keep the attempt, hand it to `on_attempt`, and move to the next question."""
        event = Answered(attempt._replace(seconds=self._clock() - self._start), response, self.order)
        self.attempts.append(event.attempt)
        if self.on_attempt is not None:
            self.on_attempt(event.attempt)
        self._index += 1
        self._given, self._hint_used, self._start = None, False, self._clock()
        return event
