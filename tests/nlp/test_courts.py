"""Tests for nlp.courts: courts, judges, magistrates' sections."""

from __future__ import annotations

import pytest

from nlp.courts import (
    extract_courts,
    extract_judges,
    extract_magistrate_sections,
    region_nominative,
    surname_nominative,
)


@pytest.mark.parametrize(
    ("text", "span", "value", "level", "region"),
    [
        (
            "Тимирязевский районный суд г. Москвы в составе",
            "Тимирязевский районный суд г. Москвы",
            "Тимирязевский районный суд города Москвы",
            "district",
            "Москва",
        ),
        (
            "решение Коптевского районного суда города Москвы от",
            "Коптевского районного суда города Москвы",
            "Коптевский районный суд города Москвы",
            "district",
            "Москва",
        ),
        (
            "обжаловано в Московский городской суд через",
            "Московский городской суд",
            "Московский городской суд",
            "regional",
            "Москва",
        ),
        (
            "Белгородским областным судом",
            "Белгородским областным судом",
            "Белгородский областной суд",
            "regional",
            "Белгородская область",
        ),
        (
            "коллегия Второго кассационного суда общей юрисдикции",
            "Второго кассационного суда общей юрисдикции",
            "Второй кассационный суд общей юрисдикции",
            "cassation",
            "",
        ),
        (
            "Пленума Верховного Суда РФ от",
            "Верховного Суда РФ",
            "Верховный Суд Российской Федерации",
            "supreme",
            "Российская Федерация",
        ),
        (
            "Арбитражный суд Белгородской области в составе",
            "Арбитражный суд Белгородской области",
            "Арбитражный суд Белгородской области",
            "arbitration",
            "Белгородская область",
        ),
        (
            "Девятого арбитражного апелляционного суда",
            "Девятого арбитражного апелляционного суда",
            "Девятый арбитражный апелляционный суд",
            "arbitration_appeal",
            "",
        ),
        (
            "АРБИТРАЖНЫЙ СУД БЕЛГОРОДСКОЙ ОБЛАСТИ\n",
            "АРБИТРАЖНЫЙ СУД БЕЛГОРОДСКОЙ ОБЛАСТИ",
            "Арбитражный суд Белгородской области",
            "arbitration",
            "Белгородская область",
        ),
        (
            "Верховный Cуд Российской Федерации",  # Latin «C», as on court sites
            "Верховный Cуд Российской Федерации",
            "Верховный Суд Российской Федерации",
            "supreme",
            "Российская Федерация",
        ),
    ],
    ids=[
        "district-nominative",
        "district-genitive-города",
        "federal-city-court",
        "regional-instrumental",
        "cassation-ordinal",
        "supreme-abbreviated",
        "arbitration-region",
        "arbitration-appeal",
        "upper-case-heading",
        "latin-c",
    ],
)
def test_extract_courts_normalizes_name_level_region(
    text: str, span: str, value: str, level: str, region: str
) -> None:
    [court] = extract_courts(text)
    assert (court.text, court.value, court.extra["level"], court.extra["region"]) == (
        span,
        value,
        level,
        region,
    )
    assert text[court.start : court.end] == span


@pytest.mark.parametrize(
    "text",
    [
        "суд первой инстанции",
        "районный суд отказал",
        "кассационный суд общей юрисдикции",
    ],
    ids=["instance", "generic-district", "generic-cassation"],
)
def test_extract_courts_ignores_generic_mentions(text: str) -> None:
    assert extract_courts(text) == []


def test_extract_courts_splits_glued_site_menu() -> None:
    text = "Московский городской судВладимирский областной суд"
    values = [c.value for c in extract_courts(text)]
    assert values == ["Московский городской суд", "Владимирский областной суд"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "председательствующего судьи Ерохиной Т.Н., при секретаре",
            [("Ерохиной Т.Н.", "Ерохина Т.Н.", "presiding")],
        ),
        ("Судья\t\t\tТ.Н. Ерохина\n", [("Т.Н. Ерохина", "Ерохина Т.Н.", "judge")]),
        ("Судья: Некряч А.А.", [("Некряч А.А.", "Некряч А.А.", "judge")]),
        (
            "председательствующего Иванова И.И., судей Петровой А.А., Сидоренко Б.Б.",
            [
                ("Иванова И.И.", "Иванов И.И.", "presiding"),
                ("Петровой А.А.", "Петрова А.А.", "judge"),
                ("Сидоренко Б.Б.", "Сидоренко Б.Б.", "judge"),
            ],
        ),
        (
            "Мировой судья судебного участка № 3 Западного округа г.\nБелгорода "
            "Тальникова Т.В., рассмотрев",
            [("Тальникова Т.В.", "Тальникова Т.В.", "presiding")],
        ),
        ("председательствующего судьи ФИО8, при секретаре ФИО9", []),
        ("председательствующего судьи фио,", []),
    ],
    ids=[
        "genitive-presiding",
        "signature-initials-first",
        "colon",
        "collegium-list",
        "magistrate-after-section",
        "masked-fio-number",
        "masked-fio-lower",
    ],
)
def test_extract_judges(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(j.text, j.value, j.extra["role"]) for j in extract_judges(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "span", "number", "district"),
    [
        (
            "мировой судья судебного участка № 5 Свердловского судебного района "
            "г. Белгорода Петрова А.А.",
            "судебного участка № 5 Свердловского судебного района г. Белгорода",
            "5",
            "Свердловского судебного района г. Белгорода",
        ),
        (
            "Судебный участок N 2 г. Губкин Белгородской области\nДело",
            "Судебный участок N 2 г. Губкин Белгородской области",
            "2",
            "г. Губкин Белгородской области",
        ),
        (
            "судебного участка №123 района Люблино г. Москвы от",
            "судебного участка №123 района Люблино г. Москвы",
            "123",
            "района Люблино г. Москвы",
        ),
    ],
    ids=["judicial-district", "koi8-n-sign", "moscow-district"],
)
def test_extract_magistrate_sections(
    text: str, span: str, number: str, district: str
) -> None:
    [section] = extract_magistrate_sections(text)
    assert (section.text, section.value, section.extra["district"]) == (
        span,
        number,
        district,
    )


@pytest.mark.parametrize(
    ("surname", "case", "expected"),
    [
        ("Ерохиной", "gent", "Ерохина"),
        ("Ефремова", "gent", "Ефремов"),
        ("Перовой", "datv", "Перова"),
        ("Кузнецовым", "ablt", "Кузнецов"),
        ("Некряч", "gent", "Некряч"),
        ("Сидоренко", "gent", "Сидоренко"),
    ],
)
def test_surname_nominative(surname: str, case: str, expected: str) -> None:
    assert surname_nominative(surname, case) == expected


@pytest.mark.parametrize(
    ("locality", "expected"),
    [
        ("г. Москвы", "Москва"),
        ("Белгородской области", "Белгородская область"),
        ("Краснодарского края", "Краснодарский край"),
        ("Республики Татарстан", "Республика Татарстан"),
        ("РФ", "Российская Федерация"),
    ],
)
def test_region_nominative(locality: str, expected: str) -> None:
    assert region_nominative(locality) == expected
