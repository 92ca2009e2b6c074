"""Tests for nlp.numwords: Russian number words both ways."""

from __future__ import annotations

import pytest

from lexdesk.errors import UserInputError
from nlp.numwords import Gender, number_to_words, parse_number_words, plural_form

WORDS_CASES = [
    (0, Gender.MASCULINE, "ноль"),
    (1, Gender.MASCULINE, "один"),
    (1, Gender.FEMININE, "одна"),
    (2, Gender.FEMININE, "две"),
    (11, Gender.MASCULINE, "одиннадцать"),
    (1000, Gender.MASCULINE, "одна тысяча"),
    (2000, Gender.MASCULINE, "две тысячи"),
    (5000, Gender.MASCULINE, "пять тысяч"),
    (12345, Gender.MASCULINE, "двенадцать тысяч триста сорок пять"),
    (21_001, Gender.MASCULINE, "двадцать одна тысяча один"),
    (1_000_000, Gender.MASCULINE, "один миллион"),
    (3_002_000_114, Gender.MASCULINE, "три миллиарда два миллиона сто четырнадцать"),
]


@pytest.mark.parametrize(
    ("number", "gender", "expected"), WORDS_CASES, ids=[str(c[0]) for c in WORDS_CASES]
)
def test_number_to_words_agrees_in_gender(
    number: int, gender: Gender, expected: str
) -> None:
    assert number_to_words(number, gender=gender) == expected


@pytest.mark.parametrize("number", [-1, 10**12])
def test_number_to_words_rejects_out_of_range(number: int) -> None:
    with pytest.raises(UserInputError, match="out of range"):
        number_to_words(number)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "рубль"),
        (2, "рубля"),
        (5, "рублей"),
        (11, "рублей"),
        (14, "рублей"),
        (21, "рубль"),
        (22, "рубля"),
        (111, "рублей"),
        (101, "рубль"),
    ],
)
def test_plural_form_picks_agreeing_form(number: int, expected: str) -> None:
    assert plural_form(number, ("рубль", "рубля", "рублей")) == expected


PARSE_CASES = [
    ("двенадцать тысяч триста сорок пять", 12345),
    ("один миллион двести тысяч сорок", 1_200_040),
    ("двенадцати тысяч", 12000),
    ("тысяча", 1000),
    ("Одна Тысяча", 1000),
    ("сто", 100),
    ("тысяча миллион", None),
    ("двенадцать коров", None),
    ("", None),
]


@pytest.mark.parametrize(
    ("text", "expected"), PARSE_CASES, ids=[c[0] or "empty" for c in PARSE_CASES]
)
def test_parse_number_words_reads_value(text: str, expected: int | None) -> None:
    assert parse_number_words(text) == expected


@pytest.mark.parametrize(
    "number", [0, 1, 19, 99, 100, 999, 1001, 12_345, 900_019, 7_654_321, 2_000_000_002]
)
def test_parse_number_words_round_trips(number: int) -> None:
    assert parse_number_words(number_to_words(number)) == number
