"""The embedded backend over a small corpus of known records: exact ids back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lexdesk.errors import UserInputError
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.query import QuerySyntaxError
from search.records import DocumentRecord, SearchRequest, SortOrder
from search.sqlite import SqliteBackend

K = DocumentKind

# id, kind, date, title, text, fields, amounts
CORPUS = [
    (
        "dec1",
        K.COURT_DECISION,
        dt.date(2021, 3, 15),
        "Решение по делу № 2-101/2021",
        "Суд решил взыскать с должника задолженность за электроэнергию и пени "
        "по части 14 статьи 155 Жилищного кодекса.",
        {
            "court": ["Свердловский районный суд г. Белгорода"],
            "cites": ["zhk_rf:155.14"],
        },
        {"awarded_total": "15300.50"},
    ),
    (
        "dec2",
        K.COURT_DECISION,
        dt.date(2022, 6, 1),
        "Решение по делу № 2-202/2022",
        "В удовлетворении иска о взыскании неустойки отказать. Судебный приказ "
        "ранее был отменён по заявлению должника.",
        {"court": ["Октябрьский районный суд г. Белгорода"], "cites": ["gk_rf:544"]},
        {"awarded_total": "0"},
    ),
    (
        "ord1",
        K.COURT_ORDER,
        dt.date(2021, 7, 20),
        "Судебный приказ по делу № 2-303/2021",
        "Взыскать с должнику (sic) задолженность за потреблённую электрическую энергию "
        "в размере 4 000 руб.",
        {"cites": ["gk_rf:544", "gk_rf:540.1"]},
        {"awarded_total": "4000.00"},
    ),
    (
        "art544",
        K.STATUTE_ARTICLE,
        None,
        "ст. 544 ГК РФ. Оплата энергии",
        "Оплата производится за фактически принятое абонентом количество энергии "
        "в соответствии с данными учета энергии.",
        {},
        {},
    ),
    (
        "clm1",
        K.CLAIM_LETTER,
        dt.date(2021, 2, 1),
        "Претензия",
        "Просим погасить долг по лицевому счёту. Ёмкость счётчика не влияет на долг.",
        {},
        {},
    ),
]


def make_record(
    row: tuple, source: str | None = None, sha: str | None = None
) -> DocumentRecord:  # type: ignore[type-arg]
    doc_id, kind, date, title, text, fields, amounts = row
    return DocumentRecord(
        id=doc_id,
        title=title,
        kind=kind,
        date=date,
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(title),
        source=source or f"/corpus/{doc_id}.txt",
        file_sha256=sha or f"sha-{doc_id}",
        format="text",
        meta={"fields": fields, "amounts": amounts},
    )


@pytest.fixture
def backend(tmp_path: Path) -> SqliteBackend:
    index = SqliteBackend(tmp_path / "index.sqlite3")
    for row in CORPUS:
        record = make_record(row)
        index.write([record], file_sha256=record.file_sha256, source=record.source)
    return index


def ids(backend: SqliteBackend, query: str, **options: object) -> list[str]:
    result = backend.search(SearchRequest(query, limit=50, **options))  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return sorted(hit.id for hit in result.hits)


SEARCH_CASES = [
    # morphology: any form finds any other form through the lemma stream
    ("должнику", ["dec1", "dec2", "ord1"]),
    ("задолженности", ["dec1", "ord1"]),
    ("энергией", ["art544", "ord1"]),
    ("ёмкость", ["clm1"]),
    ("емкость", ["clm1"]),
    # exact phrase on the surface text, stop-words kept
    ('"судебный приказ"', ["dec2", "ord1"]),
    ('"взыскать с должника"', ["dec1"]),
    ('"взыскать с должнику"', ["ord1"]),
    # proximity over lemmas
    ('"задолженность пеня"~4', ["dec1"]),
    ('"задолженность пеня"~1', []),
    # boolean
    ("неустойка OR пени", ["dec1", "dec2"]),
    ("должник -отменён", ["dec1", "ord1"]),
    ("пеня", ["dec1"]),
    ("должник NOT (пени OR неустойка)", ["ord1"]),
    ("задолж*", ["dec1", "ord1"]),
    # fields and ranges
    ("kind:court_order", ["ord1"]),
    ("должник kind:court_decision", ["dec1", "dec2"]),
    ("kind:court_decision -отказать", ["dec1"]),
    ("cites:gk_rf:544", ["dec2", "ord1"]),
    ("cites:gk_rf:540", ["ord1"]),
    ("court:октябрьский", ["dec2"]),
    ("date:2021-01-01..2021-12-31", ["clm1", "dec1", "ord1"]),
    ("должник date:>=2021-07-01", ["dec2", "ord1"]),
    ("amount:>4000", ["dec1"]),
    ("amount:4000", ["ord1"]),
    ("kind:court_order OR оплата", ["art544", "ord1"]),
]


@pytest.mark.parametrize(
    ("query", "expected"), SEARCH_CASES, ids=[c[0] for c in SEARCH_CASES]
)
def test_sqlite_search_returns_expected_ids(
    backend: SqliteBackend, query: str, expected: list[str]
) -> None:
    assert ids(backend, query) == expected


def test_sqlite_search_marks_matched_word_forms(backend: SqliteBackend) -> None:
    hit = backend.search(SearchRequest("должнику kind:court_decision date:2021")).hits[
        0
    ]
    assert hit.id == "dec1"
    assert hit.snippet == (
        "Суд решил взыскать с <mark>должника</mark> задолженность за электроэнергию "
        "и пени по части 14 статьи 155 Жилищного кодекса."
    )


def test_sqlite_search_marks_whole_phrase(backend: SqliteBackend) -> None:
    hit = backend.search(SearchRequest('"судебный приказ" kind:court_decision')).hits[0]
    assert "<mark>Судебный</mark> <mark>приказ</mark>" in hit.snippet


def test_sqlite_search_filters_by_request_kind_and_dates(
    backend: SqliteBackend,
) -> None:
    assert ids(backend, "должник", kinds=(K.COURT_ORDER,)) == ["ord1"]
    assert ids(backend, "должник", date_from=dt.date(2022, 1, 1)) == ["dec2"]
    assert ids(backend, "должник", date_to=dt.date(2021, 12, 31)) == ["dec1", "ord1"]


def test_sqlite_search_sorts_by_date_and_paginates(backend: SqliteBackend) -> None:
    pages = [
        backend.search(
            SearchRequest("должник", limit=1, offset=i, sort=SortOrder.DATE_DESC)
        )
        for i in range(4)
    ]
    assert [p.total for p in pages] == [3, 3, 3, 3]
    assert [h.id for p in pages for h in p.hits] == ["dec2", "ord1", "dec1"]


def test_sqlite_search_ranks_title_matches_first(backend: SqliteBackend) -> None:
    result = backend.search(SearchRequest("приказ"))
    assert [hit.id for hit in result.hits] == ["ord1", "dec2"]
    assert result.hits[0].score > result.hits[1].score > 0


def test_sqlite_search_rejects_unknown_kind(backend: SqliteBackend) -> None:
    with pytest.raises(UserInputError) as caught:
        backend.search(SearchRequest("kind:decree"))
    assert "Неизвестный вид документа «decree»" in caught.value.user_message


def test_sqlite_search_raises_syntax_error_with_position(
    backend: SqliteBackend,
) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        backend.search(SearchRequest('долг "пени'))
    assert caught.value.position == 5


def test_sqlite_write_replaces_previous_version_of_a_source(
    backend: SqliteBackend,
) -> None:
    edited = make_record(
        (
            "clm2",
            K.CLAIM_LETTER,
            dt.date(2021, 2, 2),
            "Претензия",
            "Новая редакция: штраф.",
            {},
            {},
        ),
        source="/corpus/clm1.txt",
        sha="sha-clm1-v2",
    )
    assert (
        backend.write([edited], file_sha256="sha-clm1-v2", source="/corpus/clm1.txt")
        == 1
    )
    assert ids(backend, "ёмкость") == []
    assert ids(backend, "штраф") == ["clm2"]
    assert backend.count() == len(CORPUS)
    assert backend.is_file_indexed("sha-clm1-v2")
    assert not backend.is_file_indexed("sha-clm1")


def test_sqlite_get_round_trips_record(backend: SqliteBackend) -> None:
    record = backend.get("ord1")
    assert record is not None
    assert record == make_record(CORPUS[2])
    assert backend.get("missing") is None


def test_sqlite_write_is_atomic(backend: SqliteBackend) -> None:
    good = make_record(
        ("new1", K.OTHER, None, "Новый", "Новый текст", {}, {}), sha="sha-x"
    )
    bad = make_record(
        ("new2", K.OTHER, None, "Плохой", "Текст", {}, {"x": "не число"}), sha="sha-x"
    )
    with pytest.raises(ArithmeticError):
        backend.write([good, bad], file_sha256="sha-x", source="/corpus/x.txt")
    assert backend.get("new1") is None
    assert not backend.is_file_indexed("sha-x")
    assert ids(backend, "новый") == []


def test_sqlite_outcome_filter_takes_codes_and_russian_labels(tmp_path: Path) -> None:
    index = SqliteBackend(tmp_path / "index.sqlite3")
    record = make_record(
        (
            "dec9",
            K.COURT_DECISION,
            dt.date(2022, 1, 1),
            "Решение",
            "Иск удовлетворить частично.",
            {"outcome": ["granted_part"]},
            {},
        ),
    )
    index.write([record], file_sha256=record.file_sha256, source=record.source)
    assert ids(index, "outcome:granted_part") == ["dec9"]
    assert ids(index, 'outcome:"иск удовлетворён частично"') == ["dec9"]
    assert ids(index, "outcome:denied") == []
    with pytest.raises(UserInputError) as caught:
        index.search(SearchRequest("outcome:отказ"))
    assert caught.value.user_message.startswith(
        "Неизвестный исход дела «отказ». Допустимые:"
    )
    from search.records import FacetName

    result = index.search(SearchRequest("иск", facets=(FacetName.OUTCOME,)))
    (outcome,) = result.facets[FacetName.OUTCOME]
    assert (outcome.value, outcome.label, outcome.count) == (
        "granted_part",
        "иск удовлетворён частично",
        1,
    )
