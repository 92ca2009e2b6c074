"""Precedent search on the embedded backend: exact ids, score parts and reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.records import DocumentRecord
from search.similar import (
    KeyTerm,
    probe_from_records,
    select_key_terms,
    term_counts,
)
from search.sqlite import SqliteBackend

K = DocumentKind

PROBE_TEXT = (
    "Суд взыскал задолженность за электроэнергию. Неустойку суд снизил по статье "
    "333 ГК РФ. Рассрочка нарушена, поставщик ввёл ограничение режима потребления."
)

# id, kind, text, fields
CORPUS: list[tuple[str, DocumentKind, str, dict[str, list[str]]]] = [
    (
        "probe",
        K.COURT_DECISION,
        PROBE_TEXT,
        {
            "cites": ["gk_rf:333", "zhk_rf:155.14", "gk_rf:544"],
            "category": ["energy_debt"],
        },
    ),
    # Same subject, part of the same citations, same category.
    (
        "twin",
        K.COURT_DECISION,
        "Рассрочка нарушена должником. Неустойку снизил суд, ограничение режима "
        "потребления признано законным; задолженность за электроэнергию взыскана.",
        {"cites": ["gk_rf:333", "zhk_rf:155.1"], "category": ["energy_debt"]},
    ),
    # Other subject, but exactly the same articles.
    (
        "same-norms",
        K.COURT_DECISION,
        "Банк просил взыскать с заёмщика долг по кредитному договору.",
        {"cites": ["gk_rf:544", "zhk_rf:155", "gk_rf:333.1"]},
    ),
    # The probe's text loaded again from another file: not a precedent.
    ("copy", K.COURT_DECISION, PROBE_TEXT, {"cites": ["gk_rf:333"]}),
    # Shares some words, no citations, another kind.
    (
        "notice",
        K.WARNING_NOTICE,
        "Предупреждение: при неоплате будет введено ограничение режима потребления.",
        {},
    ),
    ("lease", K.COURT_DECISION, "Договор аренды нежилого помещения расторгнут.", {}),
]
# Unrelated documents: BM25 needs a corpus where the probe's words are rare (FTS5
# gives a word in more than half of the documents no weight at all).
TOPICS = (
    "Брак супругов расторгнут, имущество разделено поровну.",
    "Наследство принято наследником по завещанию.",
    "Работник восстановлен на работе, премия выплачена.",
    "Автомобиль возвращён покупателю, страховая выплата произведена.",
    "Земельный участок передан арендатору по акту.",
    "Алименты на ребёнка взысканы ежемесячно.",
    "Право собственности на гараж признано.",
)
CORPUS += [
    (f"other{number}", K.OTHER, TOPICS[number % len(TOPICS)], {})
    for number in range(14)
]


def make_record(
    doc_id: str, kind: DocumentKind, text: str, fields: dict[str, list[str]]
) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id,
        title=f"Документ {doc_id}",
        kind=kind,
        date=dt.date(2022, 1, 1),
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


def probe_of(backend: SqliteBackend, doc_id: str) -> object:
    record = backend.get(doc_id)
    assert record is not None
    return probe_from_records([record], is_indexed=True)


def test_sqlite_similar_ranks_and_explains(backend: SqliteBackend) -> None:
    record = backend.get("probe")
    assert record is not None
    result = backend.similar(probe_from_records([record], is_indexed=True), limit=10)

    assert [hit.id for hit in result.hits] == ["twin", "same-norms", "notice"]
    assert result.citations == ("gk_rf:333", "gk_rf:544", "zhk_rf:155")
    twin, norms, notice = result.hits
    # twin: {333, 155} of the probe's {333, 544, 155}; same category.
    assert twin.shared_citations == ("gk_rf:333", "zhk_rf:155")
    assert twin.citation_score == pytest.approx(2 / 3, abs=1e-4)
    assert twin.category_score == 1.0
    assert twin.shared_terms == (
        "суд",
        "задолженность",
        "нарушить",
        "неустойка",
        "рассрочка",
        "снизить",
        "электроэнергия",
        "ограничение",
        "потребление",
    )
    assert twin.text_score == pytest.approx(0.791, abs=1e-3)
    # same-norms: every article shared (parts fold into articles), no shared words.
    assert norms.shared_citations == ("gk_rf:333", "gk_rf:544", "zhk_rf:155")
    assert norms.citation_score == 1.0
    assert norms.text_score == 0.0
    assert norms.shared_terms == ()
    assert norms.category_score == 0.5
    assert norms.score == pytest.approx(0.3 * 1.0 + 0.1 * 0.5, abs=1e-4)
    # notice: words only, another kind.
    assert notice.shared_citations == ()
    assert notice.category_score == 0.0
    assert notice.shared_terms == ("ввести", "ограничение", "потребление")
    assert twin.score > norms.score > notice.score > 0


def test_sqlite_similar_excludes_itself_and_exact_duplicates(
    backend: SqliteBackend,
) -> None:
    record = backend.get("probe")
    assert record is not None
    result = backend.similar(probe_from_records([record], is_indexed=True), limit=50)

    ids = [hit.id for hit in result.hits]
    assert "probe" not in ids
    assert "copy" not in ids
    assert "lease" not in ids


def test_sqlite_similar_for_text_not_in_the_index(backend: SqliteBackend) -> None:
    text = "Ограничение режима потребления введено после предупреждения."
    pasted = make_record("pasted", K.WARNING_NOTICE, text, {})
    result = backend.similar(probe_from_records([pasted], is_indexed=False), limit=3)

    assert [hit.id for hit in result.hits][:1] == ["notice"]
    assert result.hits[0].category_score == 0.5
    assert result.hits[0].text_score == 1.0


def test_sqlite_similar_respects_the_limit(backend: SqliteBackend) -> None:
    record = backend.get("probe")
    assert record is not None
    result = backend.similar(probe_from_records([record], is_indexed=True), limit=1)

    assert [hit.id for hit in result.hits] == ["twin"]


def test_select_key_terms_prefers_rare_repeated_lemmas() -> None:
    counts = term_counts("рассрочка рассрочка суд суд суд неустойка 333 ст и")
    terms = select_key_terms(
        counts,
        {"рассрочка": 3, "суд": 100, "неустойка": 3},
        documents=100,
        is_indexed=False,
    )

    assert [term.lemma for term in terms] == ["рассрочка", "неустойка", "суд"]
    assert terms[0].weight > terms[1].weight
    assert terms[2] == KeyTerm("суд", pytest.approx(terms[2].weight))


def test_select_key_terms_drops_lemmas_only_the_probe_has() -> None:
    terms = select_key_terms(
        {"рассрочка": 2, "уникальный": 5},
        {"рассрочка": 2, "уникальный": 1},
        documents=10,
        is_indexed=True,
    )

    assert [term.lemma for term in terms] == ["рассрочка"]
