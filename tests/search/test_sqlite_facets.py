"""Facet counts of the embedded backend: exact numbers over the whole matching set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.records import DocumentRecord, FacetCount, FacetName, SearchRequest
from search.sqlite import SqliteBackend

K = DocumentKind
OKT = "Октябрьский районный суд г. Белгорода"
SVE = "Свердловский районный суд г. Белгорода"

# id, kind, date, text, fields; names are fictitious.
CORPUS: list[tuple[str, DocumentKind, dt.date | None, str, dict[str, list[str]]]] = [
    (
        "d1",
        K.COURT_DECISION,
        dt.date(2021, 3, 1),
        "Взыскать задолженность за электроэнергию и пени.",
        {
            "court": [OKT],
            "judge": ["Полянин П.Ю."],
            "outcome": ["granted_full"],
            "cites": ["gk_rf:544", "zhk_rf:155.14", "zhk_rf:155.1"],
        },
    ),
    (
        "d2",
        K.COURT_DECISION,
        dt.date(2021, 9, 1),
        "Задолженность взыскать частично, пени снизить.",
        {
            "court": [OKT],
            "judge": ["Калинников Р.И."],
            "outcome": ["granted_partly"],
            "cites": ["gk_rf:333", "zhk_rf:155.14"],
        },
    ),
    (
        "d3",
        K.COURT_DECISION,
        dt.date(2022, 2, 1),
        "В иске о взыскании задолженности отказать.",
        {
            "court": [SVE],
            "judge": ["Калинников Р.И."],
            "outcome": ["denied"],
            "cites": ["gk_rf:196"],
        },
    ),
    (
        "o1",
        K.COURT_ORDER,
        dt.date(2022, 5, 1),
        "Взыскать с должника задолженность по оплате электроэнергии.",
        {"court": [SVE], "cites": ["gpk_rf:121", "nk_rf:333.19"]},
    ),
    (
        "c1",
        K.CLAIM_LETTER,
        None,
        "Просим погасить задолженность.",
        {},
    ),
    # Does not match «задолженность»: must not be counted.
    (
        "x1",
        K.COURT_DECISION,
        dt.date(2020, 1, 1),
        "Иск о расторжении договора удовлетворить.",
        {"court": [OKT], "outcome": ["granted_full"], "cites": ["gk_rf:450"]},
    ),
]


def make_record(
    doc_id: str,
    kind: DocumentKind,
    date: dt.date | None,
    text: str,
    fields: dict[str, list[str]],
) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id,
        title=f"Документ {doc_id}",
        kind=kind,
        date=date,
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(f"Документ {doc_id}"),
        source=f"/corpus/{doc_id}.txt",
        file_sha256=f"sha-{doc_id}",
        format="text",
        meta={"fields": fields},
    )


@pytest.fixture
def backend(tmp_path: Path) -> SqliteBackend:
    index = SqliteBackend(tmp_path / "index.sqlite3")
    for row in CORPUS:
        record = make_record(*row)
        index.write([record], file_sha256=record.file_sha256, source=record.source)
    return index


def counts(result: Any, name: FacetName) -> list[tuple[str, int]]:
    return [(item.value, item.count) for item in result.facets[name]]


def test_sqlite_facets_count_the_whole_matching_set(backend: SqliteBackend) -> None:
    # One hit per page: the counts still cover all five matches.
    result = backend.search(
        SearchRequest("задолженность", limit=1, facets=tuple(FacetName))
    )

    assert result.total == 5
    assert len(result.hits) == 1
    assert counts(result, FacetName.KIND) == [
        ("court_decision", 3),
        ("claim_letter", 1),
        ("court_order", 1),
    ]
    assert counts(result, FacetName.YEAR) == [("2022", 2), ("2021", 2)]
    assert counts(result, FacetName.COURT) == [
        ("октябрьский районный суд г. белгорода", 2),
        ("свердловский районный суд г. белгорода", 2),
    ]
    assert counts(result, FacetName.JUDGE) == [
        ("калинников р.и.", 2),
        ("полянин п.ю.", 1),
    ]
    assert counts(result, FacetName.OUTCOME) == [
        ("denied", 1),
        ("granted_full", 1),
        ("granted_partly", 1),
    ]
    # d1 cites two parts of ЖК РФ art. 155: the act counts the document once.
    assert counts(result, FacetName.ACT) == [
        ("gk_rf", 3),
        ("zhk_rf", 2),
        ("gpk_rf", 1),
        ("nk_rf", 1),
    ]


def test_sqlite_facets_carry_labels_for_people(backend: SqliteBackend) -> None:
    result = backend.search(
        SearchRequest(
            "задолженность",
            facets=(FacetName.COURT, FacetName.KIND, FacetName.ACT),
        )
    )

    assert result.facets[FacetName.COURT][0] == FacetCount(
        "октябрьский районный суд г. белгорода", OKT, 2
    )
    assert result.facets[FacetName.KIND][0].label == "решение суда"
    assert [item.label for item in result.facets[FacetName.ACT]] == [
        "ГК РФ",
        "ЖК РФ",
        "ГПК РФ",
        "НК РФ",
    ]
    assert set(result.facets) == {FacetName.COURT, FacetName.KIND, FacetName.ACT}


def test_sqlite_facets_follow_filters(backend: SqliteBackend) -> None:
    result = backend.search(
        SearchRequest(
            "задолженность court:октябрьский",
            facets=(FacetName.OUTCOME, FacetName.YEAR),
        )
    )

    assert result.total == 2
    assert counts(result, FacetName.OUTCOME) == [
        ("granted_full", 1),
        ("granted_partly", 1),
    ]
    assert counts(result, FacetName.YEAR) == [("2021", 2)]


def test_sqlite_facets_on_a_field_only_query(backend: SqliteBackend) -> None:
    result = backend.search(SearchRequest("cites:gk_rf:544", facets=(FacetName.ACT,)))

    assert [hit.id for hit in result.hits] == ["d1"]
    assert counts(result, FacetName.ACT) == [("gk_rf", 1), ("zhk_rf", 1)]


def test_sqlite_search_without_facets_returns_none(backend: SqliteBackend) -> None:
    result = backend.search(SearchRequest("задолженность"))

    assert result.facets == {}
    assert result.total == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cites:zhk_rf:155", ["d1", "d2"]),
        ("cites:zhk_rf:155.14", ["d1", "d2"]),
        ("cites:zhk_rf:155.1", ["d1"]),
        # НК РФ art. 333.19 is not a part of art. 333, nor art. 333 of ГК РФ.
        ("cites:nk_rf:333.19", ["o1"]),
        ("cites:nk_rf:333", []),
        ("cites:gk_rf:333", ["d2"]),
    ],
    ids=["article", "part", "other-part", "dotted-article", "dotted-base", "gk-333"],
)
def test_sqlite_cites_filter_matches_articles_and_parts(
    backend: SqliteBackend, query: str, expected: list[str]
) -> None:
    result = backend.search(SearchRequest(query, limit=50))

    assert sorted(hit.id for hit in result.hits) == expected
