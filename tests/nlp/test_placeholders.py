"""Tests for nlp.placeholders: depersonalization masks."""

from __future__ import annotations

import pytest

from nlp.placeholders import extract_placeholders

PLACEHOLDER_CASES = [
    ("ООО «ПКО» к ФИО1 о взыскании", [("ФИО1", "person")]),
    ("ФИО12 и ФИО 3", [("ФИО12", "person"), ("ФИО 3", "person")]),
    ("фио обратился", [("фио", "person")]),
    ("суда <адрес> от ДД.ММ.ГГГГ,", [("<адрес>", "address"), ("ДД.ММ.ГГГГ", "date")]),
    ("ответчик <***> извещен", [("<***>", "masked")]),
    ("<данные изъяты>", [("<данные изъяты>", "masked")]),
    ("[изъято]", [("[изъято]", "masked")]),
    ("по иску **** к", [("****", "masked")]),
    ("по адресу: Москва, ул. ..., в", [("...", "masked")]),
    ("Истец ...... ... обратился", [("......", "masked"), ("...", "masked")]),
    ("договору № ...(...) от", [("...", "masked"), ("...", "masked")]),
    (
        "с дата по дата в размере сумма.",
        [("дата", "date"), ("дата", "date"), ("сумма", "amount")],
    ),
    ("дело № 2-3538/дата по иску", [("дата", "date")]),
]

NO_PLACEHOLDER_CASES = [
    "«... при отсутствии» и т.д...",
    "сумма долга составила",
    "по дате платежа",
    "если a < b и c > d",
    "Федоров Иван Олегович",
    "ФИОЛЕТОВЫЙ",
    "2 * 3",
]


@pytest.mark.parametrize(
    ("text", "expected"), PLACEHOLDER_CASES, ids=[c[0] for c in PLACEHOLDER_CASES]
)
def test_extract_placeholders_finds_masks(
    text: str, expected: list[tuple[str, str]]
) -> None:
    entities = extract_placeholders(text)
    assert [(e.text, e.value) for e in entities] == expected
    assert all(e.extra["kind"] == e.value for e in entities)


@pytest.mark.parametrize("text", NO_PLACEHOLDER_CASES)
def test_extract_placeholders_ignores_ordinary_text(text: str) -> None:
    assert extract_placeholders(text) == []
