"""The query language: text in, AST out, and the malformed cases with positions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from search.query import (
    And,
    FieldTerm,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Range,
    Term,
    parse_query,
)

PARSE_CASES = [
    ("должнику", Term("должнику")),
    ("пени неустойка", And((Term("пени"), Term("неустойка")))),
    ('"судебный приказ"', Phrase(("судебный", "приказ"))),
    ('"о взыскании с должника"', Phrase(("о", "взыскании", "с", "должника"))),
    ('"пени неустойка"~5', Phrase(("пени", "неустойка"), slop=5)),
    ("пени OR неустойка", Or((Term("пени"), Term("неустойка")))),
    ("пени ИЛИ неустойка", Or((Term("пени"), Term("неустойка")))),
    ("пени или неустойка", And((Term("пени"), Term("или"), Term("неустойка")))),
    ("долг -отмена", And((Term("долг"), Not(Term("отмена"))))),
    ("долг NOT отмена", And((Term("долг"), Not(Term("отмена"))))),
    ("долг AND пени", And((Term("долг"), Term("пени")))),
    (
        "(пени OR неустойка) долг",
        And((Or((Term("пени"), Term("неустойка"))), Term("долг"))),
    ),
    ("задолж*", Term("задолж", prefix=True)),
    ("2-1234/2021", Phrase(("2", "1234", "2021"))),
    ("kind:court_order", FieldTerm("kind", "court_order")),
    ("cites:gk_rf:544", FieldTerm("cites", "gk_rf:544")),
    ('court:"Свердловский районный"', FieldTerm("court", "Свердловский районный")),
    (
        "date:2021-01-01..2021-12-31",
        Range("date", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
    ),
    ("date:01.07.2021..", Range("date", dt.date(2021, 7, 1), None)),
    ("date:2021", Range("date", dt.date(2021, 1, 1), dt.date(2021, 12, 31))),
    ("date:2024-02", Range("date", dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
    ("date:2021-12", Range("date", dt.date(2021, 12, 1), dt.date(2021, 12, 31))),
    ("amount:>10000", Range("amount", Decimal("10000"), None, include_low=False)),
    ("amount:<=5000,50", Range("amount", None, Decimal("5000.50"))),
    (
        "kind:court_order -отмена",
        And((FieldTerm("kind", "court_order"), Not(Term("отмена")))),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES]
)
def test_parse_query_builds_ast(text: str, expected: object) -> None:
    assert parse_query(text) == expected


ERROR_CASES = [
    ("", 0, "Пустой запрос"),
    ('"судебный приказ', 0, "Незакрытая кавычка"),
    ('долг "пени', 5, "позиции 6"),
    ("(пени OR неустойка", 0, "не закрыта"),
    ("пени)", 4, "Лишняя закрывающая скобка в позиции 5"),
    ("пени OR", 5, "После оператора OR в позиции 6"),
    ("долг AND", 5, "После оператора AND в позиции 6"),
    ("NOT пени", 0, "только из исключений"),
    ("-пени -долг", 0, "только из исключений"),
    ("foo:bar", 0, "Неизвестное поле «foo:»"),
    ("долг date:2021-13-45", 5, "Неверная дата «2021-13-45»"),
    ("amount:много", 0, "Неверная сумма"),
    ("date:2022-01-01..2021-01-01", 0, "начало позже конца"),
    ("з*", 0, "не меньше двух букв"),
    ('"пени долг"~500', 0, "слишком велико"),
    ("()", 0, "Пустые скобки"),
    ("долг ---", 5, "не содержит ни букв, ни цифр"),
    ("(" * 33 + "долг" + ")" * 33, 32, "допускается не больше 32 уровней"),
    ("(" * 500 + "долг" + ")" * 500, 32, "Слишком глубокая вложенность"),
    ("NOT " * 40 + "долг", 128, "Слишком глубокая вложенность"),
    ("до\x00лг", 2, "управляющий символ в позиции 3"),
    ("долг kind:", 5, "У поля «kind:» в позиции 6 нет значения"),
    ("amount:>-5", 0, "вне допустимых пределов"),
    ("amount:>1e400", 0, "вне допустимых пределов"),
    ("amount:>10000000000000000000000000", 0, "вне допустимых пределов"),
]


@pytest.mark.parametrize(
    ("text", "position", "message"),
    ERROR_CASES,
    ids=[c[0] or "empty" for c in ERROR_CASES],
)
def test_parse_query_reports_position(text: str, position: int, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert caught.value.position == position
    assert message in caught.value.user_message


def test_parse_query_rejects_overlong_text() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("долг " * 500)
    assert "слишком длинный" in caught.value.user_message
