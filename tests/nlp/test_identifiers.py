"""Tests for nlp.identifiers: personal accounts, INN, OGRN with checksums."""

from __future__ import annotations

import pytest

from nlp.entities import EntityLabel
from nlp.identifiers import (
    extract_accounts,
    extract_identifiers,
    is_valid_inn,
    is_valid_ogrn,
)

# Public registration numbers of PJSC Sberbank, and synthetic checksum-valid ones.
ID_CASES = [
    ("л/с № 123456789", [(EntityLabel.ACCOUNT, "л/с № 123456789", "123456789")]),
    (
        "лицевой счет 3100123456",
        [(EntityLabel.ACCOUNT, "лицевой счет 3100123456", "3100123456")],
    ),
    (
        "по лицевому счёту №31-001-234",
        [(EntityLabel.ACCOUNT, "лицевому счёту №31-001-234", "31001234")],
    ),
    ("ИНН 7707083893", [(EntityLabel.INN, "ИНН 7707083893", "7707083893")]),
    ("ИНН: 500100732259", [(EntityLabel.INN, "ИНН: 500100732259", "500100732259")]),
    (
        "ИНН/КПП 7707083893/773601001",
        [(EntityLabel.INN, "ИНН/КПП 7707083893", "7707083893")],
    ),
    ("ОГРН 1027700132195", [(EntityLabel.OGRN, "ОГРН 1027700132195", "1027700132195")]),
    (
        "ОГРНИП 304500116000157",
        [(EntityLabel.OGRN, "ОГРНИП 304500116000157", "304500116000157")],
    ),
    (
        "за основным государственным регистрационным номером 1027700132195",
        [
            (
                EntityLabel.OGRN,
                "основным государственным регистрационным номером 1027700132195",
                "1027700132195",
            )
        ],
    ),
    (
        "ПАО Сбербанк, ИНН 7707083893, ОГРН 1027700132195",
        [
            (EntityLabel.INN, "ИНН 7707083893", "7707083893"),
            (EntityLabel.OGRN, "ОГРН 1027700132195", "1027700132195"),
        ],
    ),
]

NO_ID_CASES = [
    "ИНН 7707083894",  # bad check digit
    "ИНН 500100732258",  # bad check digit
    "ОГРН 1027700132196",  # bad check digit
    "ИНН 77070838",  # too short
    "тел. 89001234567",
    "номер 7707083893 без метки",
    "счет 40702810900000000001",  # a bank account is not a personal account
]


@pytest.mark.parametrize(("text", "expected"), ID_CASES, ids=[c[0] for c in ID_CASES])
def test_extract_identifiers_reads_labelled_numbers(
    text: str, expected: list[tuple[EntityLabel, str, str]]
) -> None:
    entities = extract_identifiers(text)
    assert [(e.label, e.text, e.value) for e in entities] == expected


@pytest.mark.parametrize("text", NO_ID_CASES)
def test_extract_identifiers_rejects_unlabelled_and_invalid(text: str) -> None:
    assert extract_identifiers(text) == []


def test_extract_identifiers_tells_ogrn_from_ogrnip() -> None:
    kinds = [
        e.extra["kind"]
        for e in extract_identifiers("ОГРН 1027700132195 ОГРНИП 304500116000157")
    ]
    assert kinds == ["ogrn", "ogrnip"]


def test_extract_accounts_returns_accounts_only() -> None:
    assert [e.value for e in extract_accounts("л/с 123456789, ИНН 7707083893")] == [
        "123456789"
    ]


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("7707083893", True),
        ("7701234507", True),
        ("500100732259", True),
        ("7707083890", False),
        ("77070838931", False),
        ("abcdefghij", False),
    ],
)
def test_is_valid_inn_checks_digits(number: str, valid: bool) -> None:
    assert is_valid_inn(number) is valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("1027700132195", True),
        ("304500116000157", True),
        ("1027700132194", False),
        ("304500116000156", False),
        ("12345", False),
    ],
)
def test_is_valid_ogrn_checks_digits(number: str, valid: bool) -> None:
    assert is_valid_ogrn(number) is valid
