"""Parsing typed answers: forgiving in form, strict in substance."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bnquiz import answer


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
    assert answer.parse_shape(typed) == shape


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
        answer.parse_shape(typed)


dims = st.lists(st.one_of(st.integers(1, 4096), st.sampled_from(["N", "C", "H", "W", "G", "D"])), max_size=5)


@given(dims)
def test_shape_round_trip(shape):
    assert answer.parse_shape(answer.format_shape(tuple(shape))) == tuple(shape)


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_number_round_trip(value):
    assert answer.parse_number(repr(value)) == value


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
    assert answer.parse_number(typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["1,5", "abc", "1/0", "", "1.2.3"])
def test_number_nonsense_is_refused(typed):
    with pytest.raises(ValueError):
        answer.parse_number(typed)


@pytest.mark.parametrize(
    ("typed", "picked"), [("a,c", (0, 2)), ("ca", (0, 2)), ("A C", (0, 2)), ("c;a;c", (0, 2))]
)
def test_multi_forms(typed, picked):
    assert answer.parse_multi(typed, 4) == picked


@pytest.mark.parametrize("typed", ["e", "1", "a,z", ""])
def test_letters_out_of_range_are_refused(typed):
    with pytest.raises(ValueError):
        answer.parse_multi(typed, 4)


def test_choice_takes_exactly_one_letter():
    assert answer.parse_choice("(b)", 3) == 1
    with pytest.raises(ValueError, match="one letter"):
        answer.parse_choice("ab", 3)


def test_order_needs_every_letter_once():
    assert answer.parse_order("c, a, b", 3) == (2, 0, 1)
    for typed in ("ca", "caab", "cabd"):
        with pytest.raises(ValueError):
            answer.parse_order(typed, 3)


@pytest.mark.parametrize(
    ("typed", "points"), [("all", (0, 1, 2)), ("none", ()), ("3, 1", (0, 2)), ("2", (1,))]
)
def test_points(typed, points):
    assert answer.parse_points(typed, 3) == points


@pytest.mark.parametrize("typed", ["4", "0,1", "some"])
def test_points_nonsense_is_refused(typed):
    with pytest.raises(ValueError):
        answer.parse_points(typed, 3)


@pytest.mark.parametrize("typed", ["maybe", "tru", ""])
def test_truefalse_nonsense_is_refused(typed):
    with pytest.raises(ValueError):
        answer.parse_bool(typed)
