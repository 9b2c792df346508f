"""The `check` code that proves each answer key and each cheat-sheet figure.

Checks are Python from the bank's own YAML (the bundled one is reviewed with the code); they run
in the test suite, never during a quiz.
"""

from __future__ import annotations

from typing import Any

from bnquiz.quiz.kinds import kind_of
from bnquiz.quiz.records import Bank, Question, SheetEntry

_UNSET: Any = object()


def run_check(question: Question, answer: Any = _UNSET) -> None:
    """Execute the question's `check`; it raises (AssertionError) when the answer key is wrong.

    The check sees `answer` (the parsed key: index, sorted indices, bool, float, shape tuple,
    model answer or steps), `choices`, `steps`, `points`, `tolerance` and what its kind adds
    (a `lines` check sees `code`, `fix` and `changed`, the lines they differ on). Passing `answer`
    replaces the key, which is how the tests prove that a wrong key would be caught.
    """
    if question.check is None:
        return
    namespace = {
        "answer": question.answer if answer is _UNSET else answer,
        "choices": question.choices,
        "steps": question.steps,
        "points": question.points,
        "tolerance": question.tolerance,
        **kind_of(question).check_names(question),
    }
    exec(compile(question.check, f"<check {question.id}>", "exec"), namespace)


def run_sheet_check(entry: SheetEntry, bank: Bank) -> None:
    """Execute a sheet entry's `check`: it sees `formula`, `tex`, `table` (header row first),
    `text` and the whole `bank`, so a figure can be tied to the question that uses it."""
    if entry.check is None:
        return
    namespace = {
        "formula": entry.formula,
        "tex": entry.tex,
        "table": entry.table,
        "text": entry.text,
        "bank": bank,
    }
    exec(compile(entry.check, f"<sheet check {entry.title}>", "exec"), namespace)
