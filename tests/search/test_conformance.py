"""One suite, every backend: the same cases give the same ids on SQLite and a cluster.

The cluster runs are real (see conftest.py): an OpenSearch node started from Maven
Central artifacts, or the cluster ``LEXDESK_SEARCH_URL`` names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from lexdesk.errors import UserInputError
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.backend import SearchBackend
from search.cursors import InvalidCursorError
from search.query import QuerySyntaxError
from search.records import (
    DocumentRecord,
    FacetCount,
    FacetName,
    SearchRequest,
    SearchResult,
    SortOrder,
)
from search.similar import probe_from_records
from search.sqlite import SqliteBackend

K = DocumentKind
OKT = "Октябрьский районный суд г. Белгорода"
SVE = "Свердловский районный суд г. Белгорода"

Row = tuple[
    str,
    DocumentKind,
    dt.date | None,
    str,
    str,
    dict[str, list[str]],
    dict[str, str],
]

# id, kind, date, title, text, fields, amounts; names are fictitious.
CORPUS: list[Row] = [
    (
        "dec1",
        K.COURT_DECISION,
        dt.date(2021, 3, 15),
        "Решение по делу № 2-101/2021",
        "Суд решил взыскать с должника задолженность за электроэнергию и пени "
        "по части 14 статьи 155 Жилищного кодекса.",
        {
            "court": [SVE],
            "judge": ["Полянин П.Ю."],
            "outcome": ["granted_full"],
            "case": ["2-101/2021"],
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
        {
            "court": [OKT],
            "judge": ["Калинников Р.И."],
            "outcome": ["denied"],
            "cites": ["gk_rf:544", "nk_rf:333.19"],
        },
        {"awarded_total": "0"},
    ),
    (
        "ord1",
        K.COURT_ORDER,
        dt.date(2021, 7, 20),
        "Судебный приказ по делу № 2-303/2021",
        "Взыскать с должнику (sic) задолженность за потреблённую электрическую энергию "
        "в размере 4 000 руб.",
        {"court": [OKT], "cites": ["gk_rf:544", "gk_rf:540.1"]},
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


def make_record(row: Row, *, source: str = "", sha: str = "") -> DocumentRecord:
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


def fill(backend: SearchBackend, rows: list[Row]) -> SearchBackend:
    for row in rows:
        record = make_record(row)
        backend.write([record], file_sha256=record.file_sha256, source=record.source)
    return backend


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("cluster", id="cluster", marks=pytest.mark.cluster),
]


def open_backend_of(
    kind: str, request: pytest.FixtureRequest, *, shared: bool
) -> SearchBackend:
    if kind == "sqlite":
        factory = request.getfixturevalue("tmp_path_factory")
        return SqliteBackend(factory.mktemp("index") / "index.sqlite3")
    fixture = "module_cluster" if shared else "make_cluster"
    make: Callable[[], SearchBackend] = request.getfixturevalue(fixture)
    return make()


@pytest.fixture(scope="module", params=BACKENDS)
def corpus(request: pytest.FixtureRequest) -> SearchBackend:
    """Each backend holding CORPUS, shared by the read-only cases of this module."""
    return fill(open_backend_of(request.param, request, shared=True), CORPUS)


@pytest.fixture(params=BACKENDS)
def empty(request: pytest.FixtureRequest) -> SearchBackend:
    """A fresh, empty index of each backend, for cases that write."""
    return open_backend_of(request.param, request, shared=False)


def ids(backend: SearchBackend, query: str, **options: Any) -> list[str]:
    result = backend.search(SearchRequest(query, limit=50, **options))
    assert result.total == len(result.hits)
    return sorted(hit.id for hit in result.hits)


SEARCH_CASES = [
    # morphology: any form finds any other form through the lemma stream
    ("должнику", ["dec1", "dec2", "ord1"]),
    ("задолженности", ["dec1", "ord1"]),
    ("энергией", ["art544", "ord1"]),
    ("ёмкость", ["clm1"]),
    ("емкость", ["clm1"]),
    # title words count as well as body words
    ("претензия", ["clm1"]),
    # exact phrase on the surface text, stop-words kept
    ('"судебный приказ"', ["dec2", "ord1"]),
    ('"взыскать с должника"', ["dec1"]),
    ('"взыскать с должнику"', ["ord1"]),
    ('"потреблённую электрическую"', ["ord1"]),
    # a case number is a phrase of its pieces
    ("2-303/2021", ["ord1"]),
    # proximity over lemmas
    ('"задолженность пеня"~4', ["dec1"]),
    ('"пеня задолженность"~4', ["dec1"]),
    ('"задолженность пеня"~1', []),
    # boolean
    ("неустойка OR пени", ["dec1", "dec2"]),
    ("должник -отменён", ["dec1", "ord1"]),
    ("пеня", ["dec1"]),
    ("должник NOT (пени OR неустойка)", ["ord1"]),
    ("задолж*", ["dec1", "ord1"]),
    ("потребл*", ["ord1"]),
    ("(неустойка OR пени) AND -отказать", ["dec1"]),
    # fields and ranges
    ("kind:court_order", ["ord1"]),
    ("должник kind:court_decision", ["dec1", "dec2"]),
    ("kind:court_decision -отказать", ["dec1"]),
    ("cites:gk_rf:544", ["dec2", "ord1"]),
    ("cites:gk_rf:540", ["ord1"]),
    ("cites:zhk_rf:155", ["dec1"]),
    ("cites:zhk_rf:155.14", ["dec1"]),
    ("cites:nk_rf:333.19", ["dec2"]),
    ("cites:nk_rf:333", []),
    ("court:октябрьский", ["dec2", "ord1"]),
    ('court:"Свердловский районный"', ["dec1"]),
    ("judge:калинников", ["dec2"]),
    ("outcome:denied", ["dec2"]),
    ("case:2-101/2021", ["dec1"]),
    ("date:2021-01-01..2021-12-31", ["clm1", "dec1", "ord1"]),
    ("date:2021-07", ["ord1"]),
    ("должник date:>=2021-07-01", ["dec2", "ord1"]),
    ("amount:>4000", ["dec1"]),
    ("amount:4000", ["ord1"]),
    ("amount:0..4000", ["dec2", "ord1"]),
    ("kind:court_order OR оплата", ["art544", "ord1"]),
    ("court:октябрьский -kind:court_order", ["dec2"]),
]


@pytest.mark.parametrize(
    ("query", "expected"), SEARCH_CASES, ids=[case[0] for case in SEARCH_CASES]
)
def test_backend_search_returns_expected_ids(
    corpus: SearchBackend, query: str, expected: list[str]
) -> None:
    assert ids(corpus, query) == expected


def test_backend_search_marks_matched_word_forms(corpus: SearchBackend) -> None:
    hit = corpus.search(SearchRequest("должнику kind:court_decision date:2021")).hits[0]

    assert hit.id == "dec1"
    assert hit.snippet == (
        "Суд решил взыскать с <mark>должника</mark> задолженность за электроэнергию "
        "и пени по части 14 статьи 155 Жилищного кодекса."
    )
    assert hit.title == "Решение по делу № 2-101/2021"
    assert hit.date == dt.date(2021, 3, 15)
    assert hit.source == "/corpus/dec1.txt"


def test_backend_search_marks_whole_phrase(corpus: SearchBackend) -> None:
    hit = corpus.search(SearchRequest('"судебный приказ" kind:court_decision')).hits[0]

    assert hit.id == "dec2"
    assert "<mark>Судебный</mark> <mark>приказ</mark>" in hit.snippet


def test_backend_search_filters_by_request_kind_and_dates(
    corpus: SearchBackend,
) -> None:
    assert ids(corpus, "должник", kinds=(K.COURT_ORDER,)) == ["ord1"]
    assert ids(corpus, "должник", date_from=dt.date(2022, 1, 1)) == ["dec2"]
    assert ids(corpus, "должник", date_to=dt.date(2021, 12, 31)) == ["dec1", "ord1"]


def test_backend_search_sorts_by_date_and_paginates(corpus: SearchBackend) -> None:
    pages = [
        corpus.search(
            SearchRequest("должник", limit=1, offset=i, sort=SortOrder.DATE_DESC)
        )
        for i in range(4)
    ]

    assert [page.total for page in pages] == [3, 3, 3, 3]
    assert [hit.id for page in pages for hit in page.hits] == ["dec2", "ord1", "dec1"]


def test_backend_search_without_words_lists_newest_first(
    corpus: SearchBackend,
) -> None:
    result = corpus.search(SearchRequest("date:>=2021-01-01", limit=10))

    assert [hit.id for hit in result.hits] == ["dec2", "ord1", "dec1", "clm1"]
    assert {hit.score for hit in result.hits} == {0.0}


def test_backend_search_ranks_title_matches_first(corpus: SearchBackend) -> None:
    result = corpus.search(SearchRequest("приказ"))

    assert [hit.id for hit in result.hits] == ["ord1", "dec2"]
    assert result.hits[0].score > result.hits[1].score > 0


def test_backend_search_rejects_unknown_kind(corpus: SearchBackend) -> None:
    with pytest.raises(UserInputError) as caught:
        corpus.search(SearchRequest("kind:decree"))

    assert "Неизвестный вид документа «decree»" in caught.value.user_message


def test_backend_search_raises_syntax_error_with_position(
    corpus: SearchBackend,
) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        corpus.search(SearchRequest('долг "пени'))

    assert caught.value.position == 5


def test_backend_get_round_trips_record(corpus: SearchBackend) -> None:
    assert corpus.get("ord1") == make_record(CORPUS[2])
    assert corpus.get("missing") is None


def test_backend_counts_and_lists_every_id(corpus: SearchBackend) -> None:
    assert corpus.count() == len(CORPUS)
    assert sorted(corpus.iter_ids()) == sorted(row[0] for row in CORPUS)
    assert corpus.is_file_indexed("sha-dec1")
    assert not corpus.is_file_indexed("sha-unknown")


# -- facets ------------------------------------------------------------------------


def counts(result: SearchResult, name: FacetName) -> list[tuple[str, int]]:
    return [(item.value, item.count) for item in result.facets[name]]


def test_backend_facets_count_the_whole_matching_set(corpus: SearchBackend) -> None:
    result = corpus.search(SearchRequest("должник", limit=1, facets=tuple(FacetName)))

    assert result.total == 3
    assert len(result.hits) == 1
    assert counts(result, FacetName.KIND) == [("court_decision", 2), ("court_order", 1)]
    assert counts(result, FacetName.YEAR) == [("2022", 1), ("2021", 2)]
    assert counts(result, FacetName.COURT) == [
        ("октябрьский районный суд г. белгорода", 2),
        ("свердловский районный суд г. белгорода", 1),
    ]
    assert counts(result, FacetName.JUDGE) == [
        ("калинников р.и.", 1),
        ("полянин п.ю.", 1),
    ]
    assert counts(result, FacetName.OUTCOME) == [("denied", 1), ("granted_full", 1)]
    # ord1 cites two articles of ГК РФ: the act counts the document once.
    assert counts(result, FacetName.ACT) == [("gk_rf", 2), ("nk_rf", 1), ("zhk_rf", 1)]


def test_backend_facets_carry_labels_for_people(corpus: SearchBackend) -> None:
    result = corpus.search(
        SearchRequest(
            "должник", facets=(FacetName.COURT, FacetName.KIND, FacetName.ACT)
        )
    )

    assert result.facets[FacetName.COURT][0] == FacetCount(
        "октябрьский районный суд г. белгорода", OKT, 2
    )
    assert [item.label for item in result.facets[FacetName.KIND]] == [
        "решение суда",
        "судебный приказ",
    ]
    assert [item.label for item in result.facets[FacetName.ACT]] == [
        "ГК РФ",
        "НК РФ",
        "ЖК РФ",
    ]
    assert set(result.facets) == {FacetName.COURT, FacetName.KIND, FacetName.ACT}


def test_backend_facets_follow_filters(corpus: SearchBackend) -> None:
    result = corpus.search(
        SearchRequest("court:октябрьский", facets=(FacetName.OUTCOME, FacetName.YEAR))
    )

    assert result.total == 2
    assert counts(result, FacetName.OUTCOME) == [("denied", 1)]
    assert counts(result, FacetName.YEAR) == [("2022", 1), ("2021", 1)]


def test_backend_search_without_facets_returns_none(corpus: SearchBackend) -> None:
    result = corpus.search(SearchRequest("должник"))

    assert result.facets == {}
    assert result.total == 3


# -- cursors -----------------------------------------------------------------------


def pages(backend: SearchBackend, request: SearchRequest) -> list[SearchResult]:
    results = [backend.search(request)]
    while (cursor := results[-1].next_cursor) is not None:
        results.append(
            backend.search(
                SearchRequest(
                    request.query, limit=request.limit, sort=request.sort, cursor=cursor
                )
            )
        )
        assert len(results) < 10
    return results


@pytest.mark.parametrize(
    "sort", [SortOrder.RELEVANCE, SortOrder.DATE_DESC, SortOrder.DATE_ASC]
)
def test_backend_cursor_pages_cover_the_result_once(
    corpus: SearchBackend, sort: SortOrder
) -> None:
    whole = corpus.search(SearchRequest("должник OR энергия", limit=50, sort=sort))
    paged = pages(corpus, SearchRequest("должник OR энергия", limit=2, sort=sort))

    assert [len(page.hits) for page in paged] == [2, 2]
    assert [hit.id for page in paged for hit in page.hits] == [
        hit.id for hit in whole.hits
    ]
    assert {page.total for page in paged} == {4}
    assert paged[-1].next_cursor is None


def test_backend_cursor_keeps_out_documents_indexed_after_first_page(
    empty: SearchBackend,
) -> None:
    fill(empty, CORPUS)
    first = empty.search(SearchRequest("должник", limit=2, sort=SortOrder.DATE_DESC))
    late = make_record(
        (
            "late1",
            K.COURT_ORDER,
            dt.date(2021, 1, 1),
            "Приказ",
            "Долг должника.",
            {},
            {},
        )
    )
    empty.write([late], file_sha256="sha-late1", source="/corpus/late1.txt")
    assert first.next_cursor is not None
    second = empty.search(
        SearchRequest(
            "должник", limit=2, sort=SortOrder.DATE_DESC, cursor=first.next_cursor
        )
    )

    assert [hit.id for hit in first.hits + second.hits] == ["dec2", "ord1", "dec1"]
    assert second.total == 3
    assert second.next_cursor is None
    assert ids(empty, "должник") == ["dec1", "dec2", "late1", "ord1"]


def test_backend_cursor_of_another_search_is_refused(corpus: SearchBackend) -> None:
    first = corpus.search(SearchRequest("должник", limit=1))
    assert first.next_cursor is not None

    with pytest.raises(InvalidCursorError):
        corpus.search(SearchRequest("пени", limit=1, cursor=first.next_cursor))
    with pytest.raises(InvalidCursorError):
        corpus.search(SearchRequest("должник", limit=1, cursor="not-a-cursor"))


# -- writing -----------------------------------------------------------------------


def test_backend_reingest_never_duplicates(empty: SearchBackend) -> None:
    records = [make_record(row) for row in CORPUS[:2]]

    assert empty.write(records, file_sha256="sha-f", source="/corpus/f.txt") == 2
    assert empty.write(records, file_sha256="sha-f", source="/corpus/f.txt") == 0
    assert empty.count() == 2
    assert ids(empty, "должник") == ["dec1", "dec2"]


def test_backend_write_replaces_previous_version_of_a_source(
    empty: SearchBackend,
) -> None:
    fill(empty, CORPUS)
    edited = make_record(
        ("clm2", K.CLAIM_LETTER, dt.date(2021, 2, 2), "Претензия", "Штраф.", {}, {}),
        source="/corpus/clm1.txt",
        sha="sha-clm1-v2",
    )

    assert (
        empty.write([edited], file_sha256="sha-clm1-v2", source="/corpus/clm1.txt") == 1
    )
    assert ids(empty, "ёмкость") == []
    assert ids(empty, "штраф") == ["clm2"]
    assert empty.count() == len(CORPUS)
    assert empty.is_file_indexed("sha-clm1-v2")
    assert not empty.is_file_indexed("sha-clm1")


def test_backend_write_with_a_bad_amount_writes_nothing(empty: SearchBackend) -> None:
    good = make_record(("new1", K.OTHER, None, "Новый", "Новый текст", {}, {}))
    bad = make_record(("new2", K.OTHER, None, "Плохой", "Текст", {}, {"x": "не число"}))

    with pytest.raises(ArithmeticError):
        empty.write([good, bad], file_sha256="sha-x", source="/corpus/x.txt")
    assert empty.get("new1") is None
    assert not empty.is_file_indexed("sha-x")
    assert empty.count() == 0


# -- precedents, statute articles, files ---------------------------------------------

PROBE_TEXT = (
    "Суд взыскал задолженность за электроэнергию. Неустойку суд снизил по статье "
    "333 ГК РФ. Рассрочка нарушена, поставщик ввёл ограничение режима потребления."
)
TOPICS = (
    "Брак супругов расторгнут, имущество разделено поровну.",
    "Наследство принято наследником по завещанию.",
    "Работник восстановлен на работе, премия выплачена.",
    "Автомобиль возвращён покупателю, страховая выплата произведена.",
    "Земельный участок передан арендатору по акту.",
    "Алименты на ребёнка взысканы ежемесячно.",
    "Право собственности на гараж признано.",
)
# id, kind, text, fields: a probe, its twin, a document citing the same norms,
# an exact copy of the probe, a notice sharing words, and unrelated documents
# (BM25 needs the probe's words to be rare).
SIMILAR_CORPUS: list[tuple[str, DocumentKind, str, dict[str, list[str]]]] = [
    (
        "probe",
        K.COURT_DECISION,
        PROBE_TEXT,
        {
            "cites": ["gk_rf:333", "zhk_rf:155.14", "gk_rf:544"],
            "category": ["energy_debt"],
        },
    ),
    (
        "twin",
        K.COURT_DECISION,
        "Рассрочка нарушена должником. Неустойку снизил суд, ограничение режима "
        "потребления признано законным; задолженность за электроэнергию взыскана.",
        {"cites": ["gk_rf:333", "zhk_rf:155.1"], "category": ["energy_debt"]},
    ),
    (
        "same-norms",
        K.COURT_DECISION,
        "Банк просил взыскать с заёмщика долг по кредитному договору.",
        {"cites": ["gk_rf:544", "zhk_rf:155", "gk_rf:333.1"]},
    ),
    ("copy", K.COURT_DECISION, PROBE_TEXT, {"cites": ["gk_rf:333"]}),
    (
        "notice",
        K.WARNING_NOTICE,
        "Предупреждение: при неоплате будет введено ограничение режима потребления.",
        {},
    ),
    ("lease", K.COURT_DECISION, "Договор аренды нежилого помещения расторгнут.", {}),
    *[
        (f"other{number}", K.OTHER, TOPICS[number % len(TOPICS)], {})
        for number in range(14)
    ],
]


def test_backend_similar_ranks_and_explains(empty: SearchBackend) -> None:
    for doc_id, kind, text, fields in SIMILAR_CORPUS:
        row: Row = (
            doc_id,
            kind,
            dt.date(2022, 1, 1),
            f"Документ {doc_id}",
            text,
            fields,
            {},
        )
        record = make_record(row)
        empty.write([record], file_sha256=record.file_sha256, source=record.source)
    probe = empty.get("probe")
    assert probe is not None

    result = empty.similar(probe_from_records([probe], is_indexed=True), limit=10)

    assert [hit.id for hit in result.hits] == ["twin", "same-norms", "notice"]
    assert result.citations == ("gk_rf:333", "gk_rf:544", "zhk_rf:155")
    assert result.key_terms[:3] == ("суд", "поставщик", "статья")
    twin, norms, notice = result.hits
    assert twin.shared_citations == ("gk_rf:333", "zhk_rf:155")
    assert twin.citation_score == pytest.approx(2 / 3, abs=1e-4)
    assert (twin.category_score, norms.category_score, notice.category_score) == (
        1.0,
        0.5,
        0.0,
    )
    assert "рассрочка" in twin.shared_terms
    assert 0.5 < twin.text_score <= 1.0
    assert (norms.citation_score, norms.text_score, norms.shared_terms) == (
        1.0,
        0.0,
        (),
    )
    assert notice.shared_terms == ("ввести", "ограничение", "потребление")
    assert twin.score > norms.score > notice.score > 0


def test_backend_finds_statute_articles_and_file_documents(
    empty: SearchBackend,
) -> None:
    articles = []
    for number, heading in ((539, "Договор энергоснабжения"), (544, "Оплата энергии")):
        row: Row = (
            f"gk{number}",
            K.STATUTE_ARTICLE,
            None,
            f"ст. {number} ГК РФ. {heading}",
            f"{heading}: текст статьи {number}.",
            {},
            {},
        )
        record = make_record(row, source="/corpus/gk.html", sha="sha-gk")
        articles.append(
            replace(record, meta={**record.meta, "statute": {"key": f"gk_rf:{number}"}})
        )
    empty.write(articles, file_sha256="sha-gk", source="/corpus/gk.html")

    found = empty.statute_article("gk_rf:544")
    assert found is not None
    assert found.title == "ст. 544 ГК РФ. Оплата энергии"
    assert empty.statute_article("gk_rf:1") is None
    assert empty.ids_for_file("sha-gk") == ["gk539", "gk544"]
    assert empty.ids_for_file("sha-none") == []
