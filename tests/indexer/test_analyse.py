"""analyse(): a parsed file becomes records with kind, facts and filterable fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.analyse import analyse, document_id
from indexer.parsed import FileFormat, ParsedFile
from nlp.kinds import DocumentKind
from search.records import SearchRequest
from search.sqlite import SqliteBackend

ORDER = """\
СУДЕБНЫЙ ПРИКАЗ
Дело № 2-4172/2020
21 июля 2020 года г. Белгород
Мировой судья судебного участка № 5 Западного округа г. Белгорода Ковалева Н.И.,
рассмотрев заявление АО «Светлоградэнергосбыт» о вынесении судебного приказа,
руководствуясь ст. 539, 544 ГК РФ, ч. 14 ст. 155 ЖК РФ, ст. 121–127 ГПК РФ,
приказал:
взыскать с должника Тимофеева Игоря Петровича задолженность за электрическую
энергию в размере 12 345 руб. 67 коп., пени 1 000 руб. 00 коп.
"""


def parsed(text: str) -> ParsedFile:
    return ParsedFile(text=text, format=FileFormat.TEXT, encoding="utf-8")


def test_analyse_court_order_fills_kind_date_title_and_fields() -> None:
    (record,) = analyse(parsed(ORDER), source=Path("o.txt"), file_sha256="ab" * 32)
    assert record.id == document_id("ab" * 32)
    assert record.kind is DocumentKind.COURT_ORDER
    assert record.title == "Судебный приказ по делу № 2-4172/2020"
    assert record.date is not None
    assert record.date.isoformat() == "2020-07-21"
    fields = record.meta["fields"]
    assert fields["case"] == ["2-4172/2020"]
    assert {"gk_rf:539", "gk_rf:544", "zhk_rf:155.14", "gpk_rf:121"} <= set(
        fields["cites"]
    )
    assert fields["outcome"] == ["order_issued"]
    money = [e for e in record.meta["entities"] if e["label"] == "MONEY"]
    assert [e["value"] for e in money][:2] == ["12345.67", "1000.00"]
    for entity in record.meta["entities"]:
        assert ORDER[entity["start"] : entity["end"]] == entity["text"]


def test_analyse_facts_are_filterable_in_search(tmp_path: Path) -> None:
    records = analyse(parsed(ORDER), source=Path("o.txt"), file_sha256="cd" * 32)
    backend = SqliteBackend(tmp_path / "index.sqlite3")
    backend.write(records, file_sha256="cd" * 32, source="o.txt")
    for query in (
        "cites:gk_rf:544",
        "cites:zhk_rf:155",
        "case:2-4172/2020",
        "outcome:order_issued",
        "kind:court_order должник",
    ):
        assert [hit.id for hit in backend.search(SearchRequest(query)).hits] == [
            records[0].id
        ], query
    assert backend.search(SearchRequest("cites:gk_rf:540")).total == 0


@pytest.mark.parametrize(
    "text",
    ["\n\n   \n", "The parties agreed on the terms of delivery of goods in 2021."],
    ids=["blank-page", "english"],
)
def test_analyse_document_without_facts_is_valid_and_empty(text: str) -> None:
    (record,) = analyse(parsed(text), source=Path("x.txt"), file_sha256="ef" * 32)
    assert record.kind is DocumentKind.OTHER
    assert record.meta["fields"] == {}
    assert record.meta["amounts"] == {}
    assert [e["label"] for e in record.meta["entities"] if e["label"] != "DATE"] == []
