"""Tests for nlp.money: amounts in digits and words, and the digits-and-words writer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lexdesk.errors import UserInputError
from nlp.money import extract_money, format_money

# text → [(span text, value)]
MONEY_CASES = [
    ("12 345 руб. 67 коп.", [("12 345 руб. 67 коп.", "12345.67")]),
    ("в размере 12345,67 рублей.", [("12345,67 рублей", "12345.67")]),
    ("долг 12 345,67 руб. взыскан", [("12 345,67 руб.", "12345.67")]),
    ("в размере 20 340,32 рублей,", [("20 340,32 рублей", "20340.32")]),
    ("составляет 7000800 руб. 42 коп., из", [("7000800 руб. 42 коп.", "7000800.42")]),
    ("в размере 1 031 рубль 62 копейки,", [("1 031 рубль 62 копейки", "1031.62")]),
    ("сумма\u00a012\u00a0345\u00a0руб.", [("12\u00a0345\u00a0руб.", "12345.00")]),
    (
        "1 234 567 (один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь)"
        " рублей 89 копеек",
        [
            (
                "1 234 567 (один миллион двести тридцать четыре тысячи пятьсот шестьдесят"
                " семь) рублей 89 копеек",
                "1234567.89",
            )
        ],
    ),
    (
        "12 345 руб. 67 коп. (двенадцать тысяч триста сорок пять рублей 67 копеек)",
        [
            (
                "12 345 руб. 67 коп. (двенадцать тысяч триста сорок пять рублей 67 копеек)",
                "12345.67",
            )
        ],
    ),
    (
        "двенадцать тысяч триста сорок пять рублей 67 копеек",
        [("двенадцать тысяч триста сорок пять рублей 67 копеек", "12345.67")],
    ),
    ("Пять рублей", [("Пять рублей", "5.00")]),
    ("до двенадцати тысяч рублей", [("двенадцати тысяч рублей", "12000.00")]),
    ("не более 5 тыс. руб.", [("5 тыс. руб.", "5000.00")]),
    ("3,3 млн руб. взыскано", [("3,3 млн руб.", "3300000.00")]),
    ("4,7 миллиона рублей", [("4,7 миллиона рублей", "4700000.00")]),
    ("1 000 р. и 500 ₽", [("1 000 р.", "1000.00"), ("500 ₽", "500.00")]),
    ("в 2021 году 100 руб.", [("100 руб.", "100.00")]),
    (
        "госпошлины в сумме 49204 руб.\nПредставитель",
        [("49204 руб.", "49204.00")],
    ),
]

# Hard negatives: no amount of money in these.
NO_MONEY_CASES = [
    "тел. 8-900-123-45-67",
    "пени в размере 1/300 ставки",
    "площадью 16,8кв.м",
    "в 2021 году",
    "ст. 333.19 НК РФ",
    "одна тысяча экземпляров",
    "12,345 руб. с запятой-разделителем тысяч",
    "рублевый счет",
]


@pytest.mark.parametrize(
    ("text", "expected"), MONEY_CASES, ids=[c[0][:40] for c in MONEY_CASES]
)
def test_extract_money_reads_amounts(
    text: str, expected: list[tuple[str, str]]
) -> None:
    entities = extract_money(text)
    assert [(e.text, e.value) for e in entities] == expected
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text
        assert entity.extra["currency"] == "RUB"


@pytest.mark.parametrize("text", NO_MONEY_CASES)
def test_extract_money_ignores_non_amounts(text: str) -> None:
    assert extract_money(text) == []


def test_extract_money_flags_words_that_disagree_with_digits() -> None:
    [entity] = extract_money("1 500 (одна тысяча) рублей")
    assert entity.value == "1500.00"
    assert entity.extra["words_mismatch"] == "true"


FORMAT_CASES = [
    (
        "12345.67",
        "12 345 руб. 67 коп. (двенадцать тысяч триста сорок пять рублей 67 копеек)",
    ),
    ("1001.01", "1 001 руб. 01 коп. (одна тысяча один рубль 01 копейка)"),
    ("2000000", "2 000 000 руб. 00 коп. (два миллиона рублей 00 копеек)"),
    ("2002.02", "2 002 руб. 02 коп. (две тысячи два рубля 02 копейки)"),
    ("5011.11", "5 011 руб. 11 коп. (пять тысяч одиннадцать рублей 11 копеек)"),
    ("21.05", "21 руб. 05 коп. (двадцать один рубль 05 копеек)"),
    ("0.999", "1 руб. 00 коп. (один рубль 00 копеек)"),
    ("0", "0 руб. 00 коп. (ноль рублей 00 копеек)"),
    (
        "1234567.89",
        "1 234 567 руб. 89 коп. (один миллион двести тридцать четыре тысячи пятьсот "
        "шестьдесят семь рублей 89 копеек)",
    ),
]


@pytest.mark.parametrize(
    ("amount", "expected"), FORMAT_CASES, ids=[c[0] for c in FORMAT_CASES]
)
def test_format_money_writes_digits_and_words(amount: str, expected: str) -> None:
    assert format_money(Decimal(amount)) == expected


@pytest.mark.parametrize(
    "amount", ["12345.67", "1001.01", "2000000", "0.50", "999999999.99"]
)
def test_format_money_round_trips_through_extract(amount: str) -> None:
    [entity] = extract_money(format_money(Decimal(amount)))
    assert Decimal(entity.value) == Decimal(amount)
    assert "words_mismatch" not in entity.extra


@pytest.mark.parametrize("amount", ["-1", "NaN", "Infinity"])
def test_format_money_rejects_bad_amounts(amount: str) -> None:
    with pytest.raises(UserInputError, match="cannot write amount"):
        format_money(Decimal(amount))
