"""Question kinds: typed answers forgiving in form and strict in substance; a new kind is one unit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bnquiz.quiz.fields import TEXT, Field
from bnquiz.quiz.kinds import KINDS, Kind
from bnquiz.quiz.kinds.shape import format_shape, parse_shape
from bnquiz.quiz.records import Citation, Question, Source


def question(kind, **fields):
    source = Source("s", "S", "A source", "https://example.org")
    return Question("t/q", "t", kind, 1, "Prompt?", "Because.", (Citation(source, ""),), **fields)


def parse(kind, text, **fields):
    return KINDS[kind].parse(question(kind, **fields), text)


CHOICES = ("w", "x", "y", "z")


@pytest.mark.parametrize(
    ("typed", "shape"),
    [
        ("(1, C, 1, 1)", (1, "C", 1, 1)),
        ("[1,C,1,1]", (1, "C", 1, 1)),
        ("1xCx1x1", (1, "C", 1, 1)),
        ("1 × c × 1 × 1", (1, "C", 1, 1)),
        ("(64,)", (64,)),
        ("64", (64,)),
        ("torch.Size([8, 64])", (8, 64)),
        ("(N, C/G, H, W)", ("N", "C/G", "H", "W")),
        ("()", ()),
        ("1 C 1 1", (1, "C", 1, 1)),
        ("NxCxHxW", ("N", "C", "H", "W")),
        ("C", ("C",)),
        ("(Cout,)", ("COUT",)),
    ],
)
def test_shape_forms(typed, shape):
    assert parse_shape(typed) == shape


@pytest.mark.parametrize(
    "typed",
    [
        "(1, , 1)",
        "(a.b)",
        "{1: 2}",
        "1,2;3",
        "help",
        "skip",
        "idk",
        "quit",
        "nan",
        "next",
        "(nan, 3)",
        "(help)",
    ],
)
def test_shape_nonsense_is_refused(typed):
    with pytest.raises(ValueError, match="type a shape"):
        parse_shape(typed)


dims = st.lists(st.one_of(st.integers(1, 4096), st.sampled_from(["N", "C", "H", "W", "G", "D"])), max_size=5)


@given(dims)
def test_shape_round_trip(shape):
    assert parse_shape(format_shape(tuple(shape))) == tuple(shape)


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_number_round_trip(value):
    assert parse("number", repr(value)) == value


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.0667", 1.0667),
        ("1e-5", 1e-5),
        ("5/3", 5 / 3),
        ("12,544", 12544.0),
        ("34.7%", 34.7),
        ("−0.5", -0.5),
    ],
)
def test_number_forms(typed, value):
    assert parse("number", typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["1,5", "abc", "1/0", "", "1.2.3"])
def test_number_nonsense_is_refused(typed):
    with pytest.raises(ValueError):
        parse("number", typed)


@pytest.mark.parametrize(
    ("typed", "picked"), [("a,c", (0, 2)), ("ca", (0, 2)), ("A C", (0, 2)), ("c;a;c", (0, 2))]
)
def test_multi_forms(typed, picked):
    assert parse("multi", typed, choices=CHOICES) == picked


@pytest.mark.parametrize("typed", ["e", "1", "a,z", ""])
def test_letters_out_of_range_are_refused(typed):
    with pytest.raises(ValueError):
        parse("multi", typed, choices=CHOICES)


def test_choice_takes_exactly_one_letter():
    assert parse("choice", "(b)", choices=CHOICES[:3]) == 1
    with pytest.raises(ValueError, match="one letter"):
        parse("choice", "ab", choices=CHOICES[:3])


def test_order_needs_every_letter_once():
    assert parse("order", "c, a, b", steps=CHOICES[:3]) == (2, 0, 1)
    for typed in ("ca", "caab", "cabd"):
        with pytest.raises(ValueError):
            parse("order", typed, steps=CHOICES[:3])


@pytest.mark.parametrize(
    ("typed", "points"), [("all", (0, 1, 2)), ("none", ()), ("3, 1", (0, 2)), ("2", (1,))]
)
def test_points(typed, points):
    assert parse("text", typed, points=CHOICES[:3]) == points


@pytest.mark.parametrize("typed", ["4", "0,1", "some"])
def test_points_nonsense_is_refused(typed):
    with pytest.raises(ValueError):
        parse("text", typed, points=CHOICES[:3])


@pytest.mark.parametrize("typed", ["maybe", "tru", ""])
def test_truefalse_nonsense_is_refused(typed):
    with pytest.raises(ValueError):
        parse("truefalse", typed)


class Word(Kind):
    """A toy kind, declared only here: one word, in any case."""

    name = "word"
    keys = {"answer": Field("The word.", TEXT, True)}  # noqa: RUF012 (a test's toy)
    prompt = "one word"

    def fields(self, chk, data, where):
        answer = chk.text(data, "answer", where)
        return None if answer is None else {"answer": answer.lower()}

    def parse(self, question, text):
        word = text.strip().lower()
        if not word.isalpha():
            raise ValueError("type one word")
        return word


TOY_BANK = """\
format: 1
topic:
  id: toy
  title: Toy topic
  summary: A question of a kind the package does not ship.
questions:
  - id: toy/layer
    kind: word
    level: 1
    prompt: Which layer does `nn.BatchNorm2d` normalize per channel over N, H and W?
    answer: BatchNorm
    explain: It is batch normalization.
    sources: [ioffe2015 Alg. 1]
"""


@pytest.fixture
def toy_kind(monkeypatch, tmp_path):
    monkeypatch.setitem(KINDS, "word", Word())
    (tmp_path / "toy.yaml").write_text(TOY_BANK)
    return tmp_path / "toy.yaml"


def test_a_new_kind_is_one_unit_and_a_quiz_runs_with_it(toy_kind, bnquiz):
    result = bnquiz(
        "quiz", "--bank", str(toy_kind), "--topic", "toy", "--no-record", input="two words\nbatchnorm\n"
    )
    assert result.exit_code == 0, result.output
    assert "one word › two words\ntype one word; try again." in result.output
    assert "✓ right" in result.output and "Total: 1/1 right" in result.output
    shown = bnquiz("show", "toy/layer", "--bank", str(toy_kind))
    assert "Answer: batchnorm" in shown.output
    exported = bnquiz("export", "--bank", str(toy_kind))
    assert '"answer": "batchnorm"' in exported.output


def test_the_editor_schema_knows_a_new_kind_and_its_keys(toy_kind, bnquiz):
    import json

    schema = json.loads(bnquiz("schema").output)
    assert "word" in schema["definitions"]["question"]["properties"]["kind"]["enum"]
    word = schema["definitions"]["question-word"]
    assert word["properties"]["answer"]["description"] == "The word."
    assert "answer" in word["required"] and word["additionalProperties"] is False


def test_a_kind_validates_its_own_keys(toy_kind, bnquiz):
    toy_kind.write_text(
        TOY_BANK.replace("    answer: BatchNorm\n", "    answer: BatchNorm\n    choices: [a, b]\n")
    )
    result = bnquiz("validate", str(toy_kind))
    assert result.exit_code == 1
    assert "unknown key 'choices' in a word question" in result.output


def test_without_the_kind_the_bank_is_refused(tmp_path, bnquiz):
    (tmp_path / "toy.yaml").write_text(TOY_BANK)
    result = bnquiz("validate", str(tmp_path / "toy.yaml"))
    assert result.exit_code == 1 and "'kind' must be one of choice, multi" in result.output
