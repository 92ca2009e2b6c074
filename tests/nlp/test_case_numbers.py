"""Tests for nlp.case_numbers."""

from __future__ import annotations

import pytest

from nlp.case_numbers import extract_case_numbers

# text → [(span text, key, kind)]
CASE_CASES = [
    ("гражданское дело №2-1016/21 по иску", [("2-1016/21", "2-1016/2021", "general")]),
    ("дело № 2-1234/2021", [("2-1234/2021", "2-1234/2021", "general")]),
    ("02-1016/2021", [("02-1016/2021", "2-1016/2021", "general")]),
    ("суд первой инстанции 02-0214/2022", [("02-0214/2022", "2-214/2022", "general")]),
    ("делу № № 2- 1117/2014 от", [("2- 1117/2014", "2-1117/2014", "general")]),
    ("№ 2а-77/2020", [("2а-77/2020", "2а-77/2020", "administrative")]),
    ("№ 2A-77/2020", [("2A-77/2020", "2а-77/2020", "administrative")]),
    ("материал М-567/2021", [("М-567/2021", "М-567/2021", "material")]),
    ("M-197/18", [("M-197/18", "М-197/2018", "material")]),
    ("№ 13-45/2022", [("13-45/2022", "13-45/2022", "post_judgment")]),
    ("Дело № 33-32495/2022", [("33-32495/2022", "33-32495/2022", "appeal")]),
    ("Дело № 88-14715/2026", [("88-14715/2026", "88-14715/2026", "cassation")]),
    ("№ 8Г-1234/2021", [("8Г-1234/2021", "8г-1234/2021", "cassation")]),
    ("№ 5-123/2021", [("5-123/2021", "5-123/2021", "offence")]),
    ("А40-254628/2022", [("А40-254628/2022", "А40-254628/2022", "arbitration")]),
    ("A40-254628/22", [("A40-254628/22", "А40-254628/2022", "arbitration")]),
    ("№А08-1234/2021", [("А08-1234/2021", "А08-1234/2021", "arbitration")]),
    ("05АП-1687/2021", [("05АП-1687/2021", "05АП-1687/2021", "arbitration_appeal")]),
    ("09AP-12/21", [("09AP-12/21", "09АП-12/2021", "arbitration_appeal")]),
    ("Ф05-17737/21", [("Ф05-17737/21", "Ф05-17737/2021", "arbitration_cassation")]),
    (
        "УИД 73RS0003-01-2023-004017-47",
        [("73RS0003-01-2023-004017-47", "73RS0003-01-2023-004017-47", "uid")],
    ),
    (
        "77RS0032-02-2020-001987-37",
        [("77RS0032-02-2020-001987-37", "77RS0032-02-2020-001987-37", "uid")],
    ),
    (
        "УИД 77ms0123-01-2021-001234-56",
        [("77ms0123-01-2021-001234-56", "77MS0123-01-2021-001234-56", "uid")],
    ),
    (
        "ИП № 12345/21/31001-ИП",
        [("12345/21/31001-ИП", "12345/21/31001-ИП", "enforcement")],
    ),
    (
        "сводное 1234/22/77001-СД",
        [("1234/22/77001-СД", "1234/22/77001-СД", "enforcement")],
    ),
]

# Hard negatives from the corpus and the brief.
NO_CASE_CASES = [
    "17.08.2021",
    "Заключение эксперта №ЭЗ-198/2022",
    "пени в размере 1/300",
    "Постановление №572/20 от",
    "тел. 8-800-555-35-35",
    "1/2 доли квартиры",
    "ст. 333.19 НК РФ",
    "2-х комнатная квартира",
    "2-15/1300",
    "12 345 руб.",
    "7-12/2021",
]


@pytest.mark.parametrize(
    ("text", "expected"), CASE_CASES, ids=[c[0] for c in CASE_CASES]
)
def test_extract_case_numbers_normalizes(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    entities = extract_case_numbers(text)
    assert [(e.text, e.value, e.extra["kind"]) for e in entities] == expected
    assert all(text[e.start : e.end] == e.text for e in entities)


@pytest.mark.parametrize("text", NO_CASE_CASES)
def test_extract_case_numbers_ignores_lookalikes(text: str) -> None:
    assert extract_case_numbers(text) == []


def test_extract_case_numbers_joins_case_and_material() -> None:
    [entity] = extract_case_numbers("Дело 2-331/2018 ~ М-197/2018 рассмотрено")
    assert entity.text == "2-331/2018 ~ М-197/2018"
    assert entity.value == "2-331/2018 ~ М-197/2018"
    assert dict(entity.extra) == {
        "kind": "general",
        "case": "2-331/2018",
        "material": "М-197/2018",
    }


@pytest.mark.parametrize(
    ("text", "key", "section"),
    [("2-1234/125-2021", "2-1234/2021", "125"), ("2-1234/5/2021", "2-1234/2021", "5")],
)
def test_extract_case_numbers_keeps_magistrate_section(
    text: str, key: str, section: str
) -> None:
    [entity] = extract_case_numbers(text)
    assert (entity.value, entity.extra["section"]) == (key, section)


def test_extract_case_numbers_finds_several_in_order() -> None:
    text = "Дело № 88-14715/2026 УИД 77RS0020-02-2025-007285-88 (№ 2-5462/2025)"
    assert [e.value for e in extract_case_numbers(text)] == [
        "88-14715/2026",
        "77RS0020-02-2025-007285-88",
        "2-5462/2025",
    ]
