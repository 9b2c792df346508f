"""Typed answers: forgiving in form (case, spaces, `a,c` or `ac`), strict in substance.

Each `parse_*` turns what the user typed into a value or raises ValueError with a message that
says what to type instead; the session re-asks. `judge` compares a parsed response with the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bnquiz.bank import Question

LETTERS = "abcdefgh"


@dataclass(frozen=True)
class Judgement:
    verdict: str  # "right" | "partial" | "wrong"
    score: float  # 0..1; text questions score the share of key points covered


def letter(index: int) -> str:
    return LETTERS[index]


def _letters(text: str, count: int) -> list[int]:
    """'a,c', 'ac', 'A C', '(a)' → [0, 2]; anything else is a ValueError."""
    cleaned = re.sub(r"[\s,;()\[\].)]+", "", text.lower())
    valid = LETTERS[:count]
    if not cleaned or any(ch not in valid for ch in cleaned):
        raise ValueError(f"type letters from a to {valid[-1]}")
    return [valid.index(ch) for ch in cleaned]


def parse_choice(text: str, count: int) -> int:
    picked = _letters(text, count)
    if len(picked) != 1:
        raise ValueError(f"type one letter, a to {LETTERS[count - 1]}")
    return picked[0]


def parse_multi(text: str, count: int) -> tuple[int, ...]:
    return tuple(sorted(set(_letters(text, count))))


_TRUE = {"t", "true", "y", "yes"}
_FALSE = {"f", "false", "n", "no"}


def parse_bool(text: str) -> bool:
    word = text.strip().lower().rstrip(".!")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError("type t(rue) or f(alse)")


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def parse_number(text: str) -> float:
    """'1.0667', '1e-5', '5/3', '12,544', '34.7%' (the number, not a fraction of one)."""
    cleaned = text.strip().replace("_", "").replace(" ", "").removesuffix("%")
    cleaned = cleaned.replace("−", "-")
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        if "/" in cleaned:
            from fractions import Fraction

            return float(Fraction(cleaned))
        return float(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ValueError("type a number, like 0.25, 1e-5 or 5/3 (a dot for decimals)") from None


_SHAPE_TOKEN = re.compile(r"^[A-Za-z0-9_/*+\-]+$")
# words people type when they do not know (or mean something else); never a dimension's name
_NOT_DIMENSIONS = {
    "NAN",
    "INF",
    "NONE",
    "NULL",
    "IDK",
    "HELP",
    "SKIP",
    "QUIT",
    "EXIT",
    "PASS",
    "DUNNO",
    "UNKNOWN",
    "HINT",
}


def parse_shape(text: str) -> tuple[int | str, ...]:
    """'(1, C, 1, 1)', '[1,C,1,1]', '1xCx1x1', '1×C×1×1', 'torch.Size([64])', '(64,)' → a tuple.

    Symbols are compared case-insensitively (`c` is `C`); `()` is the shape of a scalar.
    """
    body = text.strip()
    if re.fullmatch(r"[A-Za-z]{3,}", body) and not re.fullmatch(r"[A-Za-z]([x×][A-Za-z])+", body):
        raise ValueError(_SHAPE_HELP)  # a word (idk, help, next) is not a shape; (Cout,) is
    body = re.sub(r"^torch\.Size\((.*)\)$", r"\1", body)
    body = body.strip().strip("()[]").strip()
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
        if not part or not _SHAPE_TOKEN.match(part) or part.upper() in _NOT_DIMENSIONS:
            raise ValueError(_SHAPE_HELP)
        shape.append(int(part) if part.isdigit() else part.upper())
    return tuple(shape)


_SHAPE_HELP = "type a shape, like (1, C, 1, 1), [64] or 1xCx1x1"


def format_shape(shape: tuple[int | str, ...]) -> str:
    inner = ", ".join(str(dim) for dim in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def parse_order(text: str, count: int) -> tuple[int, ...]:
    """'cabd', 'c, a, b, d' → displayed positions; every letter exactly once."""
    picked = _letters(text, count)
    if sorted(picked) != list(range(count)):
        raise ValueError(f"type all {count} letters a to {LETTERS[count - 1]}, each once, in order")
    return tuple(picked)


def parse_points(text: str, count: int) -> tuple[int, ...]:
    """'1,3', '1 3', 'all', 'none' → the 0-based key points the user says they covered."""
    word = text.strip().lower()
    if word == "all":
        return tuple(range(count))
    if word in ("none", "0", "-"):
        return ()
    try:
        numbers = {int(n) for n in re.split(r"[\s,;]+", word) if n}
    except ValueError:
        numbers = set()
    if not numbers or not all(1 <= n <= count for n in numbers):
        raise ValueError(f"type the numbers of the points you covered (1 to {count}), 'all' or 'none'")
    return tuple(sorted(n - 1 for n in numbers))


def parse(question: Question, text: str) -> Any:
    """Parse a typed answer for any kind but `text` (whose typed answer is free)."""
    kind = question.kind
    if kind == "choice":
        return parse_choice(text, len(question.choices))
    if kind == "multi":
        return parse_multi(text, len(question.choices))
    if kind == "truefalse":
        return parse_bool(text)
    if kind == "number":
        return parse_number(text)
    if kind == "shape":
        return parse_shape(text)
    if kind == "order":
        return parse_order(text, len(question.steps))
    raise ValueError(f"no parser for kind {kind!r}")


def judge(question: Question, response: Any, order: tuple[int, ...] = ()) -> Judgement:
    """Compare a parsed response with the key.

    `order` is the shuffled display order of an order question's steps (display position →
    step index); `response` for a text question is the tuple of covered points.
    """
    if question.kind == "text":
        share = len(response) / len(question.points)
        verdict = "right" if share == 1 else "wrong" if share == 0 else "partial"
        return Judgement(verdict, share)
    if question.kind == "number":
        right = abs(response - question.answer) <= question.tolerance + 1e-12
    elif question.kind == "order":
        right = [order[pos] for pos in response] == list(range(len(question.steps)))
    else:
        right = response == question.answer
    return Judgement("right" if right else "wrong", 1.0 if right else 0.0)


def describe(question: Question) -> str:
    """The correct answer in words, as shown after a question is answered."""
    kind, key = question.kind, question.answer
    if kind == "choice":
        return f"{letter(key)}) {question.choices[key]}"
    if kind == "multi":  # the letters: the choices themselves are on screen just above
        return ", ".join(letter(i) for i in key)
    if kind == "truefalse":
        return "true" if key else "false"
    if kind == "number":
        tolerance = f" (± {question.tolerance:g})" if question.tolerance else ""
        return f"{key:g}{tolerance}"
    if kind == "shape":
        return format_shape(key)
    if kind == "order":
        return " → ".join(question.steps)
    return str(key)


def describe_response(question: Question, response: Any, order: tuple[int, ...] = ()) -> str:
    """What the user answered, in the same words as `describe`, for the JSON record."""
    kind = question.kind
    if kind == "choice":
        return letter(response)
    if kind == "multi":
        return ",".join(letter(i) for i in response)
    if kind == "truefalse":
        return "true" if response else "false"
    if kind == "number":
        return f"{response:g}"
    if kind == "shape":
        return format_shape(response)
    if kind == "order":
        return " → ".join(question.steps[order[pos]] for pos in response)
    return ",".join(str(i + 1) for i in response) or "none"
