"""Tests of nlp.normalize: every rule on a small input, exact output."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize_pages, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "строка\r\nстрока\rстрока", "строка\nстрока\nстрока", id="crlf-and-cr"
        ),
        pytest.param(
            "стр\u2028стр\fстр\vстр", "стр\nстр\nстр\nстр", id="unicode-and-ff-breaks"
        ),
        pytest.param("и\u0306од", "йод", id="nfc-composes-short-i"),
        pytest.param("задол\u00adженность", "задолженность", id="soft-hyphen-dropped"),
        pytest.param("северо\u2011западный", "северо-западный", id="no-break-hyphen"),
        pytest.param("\ufb01nal \ufb02at", "final flat", id="ligatures-expanded"),
        pytest.param("ст.\u00a0544\u202fГК\u2009РФ", "ст. 544 ГК РФ", id="odd-spaces"),
        pytest.param(
            "по  делу   №  2-304/2021", "по делу № 2-304/2021", id="space-runs"
        ),
        pytest.param("   УСТАНОВИЛ:   ", "УСТАНОВИЛ:", id="line-edges"),
        pytest.param("a\x07b\x00c\ud800d\x85e", "abcde", id="controls-and-surrogates"),
        pytest.param(
            "цена \t 34,20\t\n\t\nитог", "цена\t34,20\t\n\nитог", id="tabs-kept"
        ),
        pytest.param("абзац\n\n\n\n\nабзац", "абзац\n\nабзац", id="blank-lines"),
        pytest.param("\ufeffтекст\u200b", "текст", id="bom-and-zero-width"),
    ],
)
def test_normalize_text_character_rules(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Р Е Ш Е Н И Е", "РЕШЕНИЕ", id="caps-heading"),
        pytest.param("      Р Е Ш Е Н И Е\n", "РЕШЕНИЕ", id="indented-heading"),
        pytest.param("у с т а н о в и л а:", "установила:", id="lowercase-with-colon"),
        pytest.param("О П Р Е Д Е Л Е Н И Е", "ОПРЕДЕЛЕНИЕ", id="determination"),
        pytest.param(
            "Н А Ч И С Л Е Н О   З А   2012",
            "НАЧИСЛЕНО ЗА 2012",
            id="words-by-wide-gaps",
        ),
        pytest.param("И С К", "ИСК", id="three-capitals"),
        pytest.param(
            "суд и в том числе а и в порядке",
            "суд и в том числе а и в порядке",
            id="prose-one-letter-words-kept",
        ),
        pytest.param("к  и  в  с", "к и в с", id="wide-gapped-singles-kept"),
        pytest.param("ст. 5 п. а и в", "ст. 5 п. а и в", id="short-run-kept"),
    ],
)
def test_normalize_text_letter_spacing(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("задолжен-\nности", "задолженности", id="split-word-joined"),
        pytest.param("ко-\nторый", "который", id="short-head-joined"),
        pytest.param("обяза-\nтельство", "обязательство", id="known-word-joined"),
        pytest.param(
            "жилищно-\nкоммунальных", "жилищно-коммунальных", id="known-compound"
        ),
        pytest.param(
            "юридическо-\nправовой", "юридическо-правовой", id="unknown-compound"
        ),
        pytest.param("кто-\nто", "кто-то", id="hyphenated-particle"),
        pytest.param("Москва-\nРека", "Москва-\nРека", id="capitalised-not-joined"),
        pytest.param("2021-\nгод", "2021-\nгод", id="digits-not-joined"),
        pytest.param("word-\nsplit", "word-\nsplit", id="latin-not-joined"),
        pytest.param("пени -\nсумма", "пени -\nсумма", id="dash-not-joined"),
    ],
)
def test_normalize_text_line_end_hyphenation(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_empty_and_blank() -> None:
    assert (normalize_text(""), normalize_text(" \n\t\n \u00a0")) == ("", "")


# Bodies of realistic length (a running line may be among the first or last three
# lines only when the page is at least three times as long).
_BODY = {
    1: "истец просит\nвзыскать долг\nза энергию\nи пени\nпо договору",
    2: "ответчик возражал\nпротив иска\nссылаясь на\nоплату\nчастично",
    3: "суд установил\nчто договор\nзаключен\nи исполнялся\nненадлежаще",
}


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        pytest.param(
            [
                "Дело № 2-304/2021\nРешение суда\nтекст один\n- 1 -",
                "Дело № 2-304/2021\nтекст два\n- 2 -",
                "Дело № 2-304/2021\nтекст три\n- 3 -",
            ],
            ["Решение суда\nтекст один", "текст два", "текст три"],
            id="running-header-and-dashed-numbers",
        ),
        pytest.param(
            [f"{_BODY[n]}\nСудья Иванова\nСтраница {n} из 3" for n in (1, 2, 3)],
            [_BODY[n] for n in (1, 2, 3)],
            id="running-footer-and-page-of",
        ),
        pytest.param(
            [
                "Копия верна, стр. 1\nтекст\nещё\nконец один",
                "Копия верна, стр. 2\nтекст\nещё\nконец два",
                "другое\nтекст\nещё\nконец три",
            ],
            [
                "текст\nещё\nконец один",
                "текст\nещё\nконец два",
                "другое\nтекст\nещё\nконец три",
            ],
            id="numbers-vary-inside-header",
        ),
        pytest.param(
            ["Суд\nтекст один", "Суд\nтекст два"],
            ["Суд\nтекст один", "Суд\nтекст два"],
            id="two-pages-keep-repeats",
        ),
        pytest.param(["3\nтекст\n17"], ["текст"], id="bare-numbers"),
        pytest.param(
            ["а\nтекст", "б\nтекст", "в\nтекст"],
            ["а\nтекст", "б\nтекст", "в\nтекст"],
            id="short-pages-body-kept",
        ),
        pytest.param(["", "текст"], ["", "текст"], id="empty-page-kept"),
    ],
)
def test_normalize_pages_running_lines(pages: list[str], expected: list[str]) -> None:
    assert normalize_pages(pages) == expected
