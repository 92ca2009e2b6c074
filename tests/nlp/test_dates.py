"""Tests for nlp.dates."""

from __future__ import annotations

import pytest

from nlp.dates import extract_dates

DATE_CASES = [
    ("17.08.2021", [("17.08.2021", "2021-08-17")]),
    ("решение от 17 августа 2021 г. вступило", [("17 августа 2021 г.", "2021-08-17")]),
    ("«17» августа 2021 года", [("«17» августа 2021 года", "2021-08-17")]),
    ("17.08.21", [("17.08.21", "2021-08-17")]),
    ("01.02.98", [("01.02.98", "1998-02-01")]),
    (
        "с 01.04.2020г. по 28.02.2021г.,",
        [("01.04.2020г.", "2020-04-01"), ("28.02.2021г.", "2021-02-28")],
    ),
    ("от 1.8.2021", [("1.8.2021", "2021-08-01")]),
    ("07 ОКТЯБРЯ 2021 года", [("07 ОКТЯБРЯ 2021 года", "2021-10-07")]),
    ("17 августа 2021 года \t\t г. Москва", [("17 августа 2021 года", "2021-08-17")]),
]

NO_DATE_CASES = [
    "дело № 2-1016/2021",
    "ст. 333.19 НК РФ",
    "п. 3.2.1 договора",
    "п. 10.12.15 Правил",
    "пункт 10.02.2015 договора",
    "5.1.10",
    "в 2021 году",
    "31.02.2021",
    "12.345.678 руб.",
    "IP 192.168.10.12",
    "17 августа",
]


@pytest.mark.parametrize(
    ("text", "expected"), DATE_CASES, ids=[c[0] for c in DATE_CASES]
)
def test_extract_dates_reads_iso(text: str, expected: list[tuple[str, str]]) -> None:
    entities = extract_dates(text)
    assert [(e.text, e.value) for e in entities] == expected
    assert all(text[e.start : e.end] == e.text for e in entities)


@pytest.mark.parametrize("text", NO_DATE_CASES)
def test_extract_dates_ignores_non_dates(text: str) -> None:
    assert extract_dates(text) == []


@pytest.mark.parametrize("mask", ["ДД.ММ.ГГГГ", "ДД.ММ.ГГГГ года", "ДД.ММ.ГГ"])
def test_extract_dates_marks_depersonalized_dates(mask: str) -> None:
    [entity] = extract_dates(f"решением суда от {mask}, оставленным")
    assert entity.text == mask
    assert entity.value == ""
    assert entity.extra["depersonalized"] == "true"
