"""Tests for nlp.addresses: postal addresses and place lines."""

from __future__ import annotations

import pytest

from nlp.addresses import extract_addresses, extract_places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "проживающей по адресу: 308000, Белгородская область, г. Белгород, "
            "ул. Щорса, д. 45, кв. 12; ответчик",
            [
                (
                    "308000, Белгородская область, г. Белгород, ул. Щорса, д. 45, кв. 12",
                    "308000",
                )
            ],
        ),
        (
            "Ответчик: г. Курск, ул. Ленина, д.5А, кв.3. ИНН",
            [("г. Курск, ул. Ленина, д.5А, кв.3", "")],
        ),
        (
            "квартирой по адресу: Москва, ул. ..., – путем",
            [("Москва, ул. ...", "")],
        ),
        (
            "адрес: г. Белгород, ул.\nЗаводская Слобода, д. 107, кв. 56\nВзыскатель",
            [("г. Белгород, ул.\nЗаводская Слобода, д. 107, кв. 56", "")],
        ),
        ("по адресу: <адрес>, общей площадью", []),
        ("по адресу: г. ..., общей площадью", []),
        ("направлены в адрес истца проекты", []),
        ("доехал с Москвы до ул. Ленина", []),
    ],
    ids=[
        "full-with-postcode",
        "no-trigger-street-and-house",
        "partly-masked",
        "wrapped-line",
        "angle-mask",
        "fully-masked",
        "word-адрес",
        "no-house",
    ],
)
def test_extract_addresses(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(a.text, a.extra["postcode"]) for a in extract_addresses(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17 августа 2021 года\t\t\tг. Москва\n", ["Москва"]),
        ("11 февраля 2020 года г. Старый Оскол\n", ["Старый Оскол"]),
        ("г. Москва\nпос. Ерино\n", ["Москва"]),
        ("через Октябрьский районный суд г. Белгорода\n", []),
    ],
    ids=["date-line", "two-word-city", "own-line", "court-name-at-line-end"],
)
def test_extract_places(text: str, expected: list[str]) -> None:
    assert [p.text for p in extract_places(text)] == expected
