"""Page cursors of the embedded backend: pages survive documents indexed meanwhile."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.cursors import InvalidCursorError, PageCursor
from search.records import DocumentRecord, SearchRequest, SortOrder
from search.sqlite import SqliteBackend


def make_record(number: int, *, debts: int, date: dt.date | None) -> DocumentRecord:
    """A document naming «долг» ``debts`` times, so that BM25 ranks differ."""
    text = " ".join(["Должник вернул долг."] * debts + ["Суд рассмотрел дело."] * 3)
    doc_id = f"doc{number:02d}"
    return DocumentRecord(
        id=doc_id,
        title=f"Решение {number}",
        kind=DocumentKind.COURT_DECISION,
        date=date,
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(f"Решение {number}"),
        source=f"/corpus/{doc_id}.txt",
        file_sha256=f"sha-{doc_id}",
        format="text",
        meta={},
    )


def write(backend: SqliteBackend, record: DocumentRecord) -> None:
    backend.write([record], file_sha256=record.file_sha256, source=record.source)


# Thirteen matching documents: repeated dates and undated ones test the tie-breaks.
ORIGINAL = [
    make_record(
        n,
        debts=1 + n % 4,
        date=None if n % 5 == 0 else dt.date(2020 + n % 3, 1 + n % 2, 1),
    )
    for n in range(13)
]
# Documents indexed after the first page: they would sort first in every order.
LATE = [
    make_record(50, debts=9, date=dt.date(2025, 1, 1)),
    make_record(51, debts=9, date=dt.date(2010, 1, 1)),
    make_record(52, debts=9, date=None),
]


@pytest.fixture
def backend(tmp_path: Path) -> SqliteBackend:
    index = SqliteBackend(tmp_path / "index.sqlite3")
    for record in ORIGINAL:
        write(index, record)
    return index


@pytest.mark.parametrize("sort", list(SortOrder), ids=[s.value for s in SortOrder])
def test_sqlite_cursor_pages_have_no_duplicate_and_no_gap(
    backend: SqliteBackend, sort: SortOrder
) -> None:
    everything = backend.search(SearchRequest("долг", limit=50, sort=sort))
    expected = [hit.id for hit in everything.hits]
    assert len(expected) == 13

    first = backend.search(SearchRequest("долг", limit=5, sort=sort))
    for record in LATE:
        write(backend, record)
    second = backend.search(
        SearchRequest("долг", limit=5, sort=sort, cursor=first.next_cursor)
    )
    third = backend.search(
        SearchRequest("долг", limit=5, sort=sort, cursor=second.next_cursor)
    )

    pages = [first, second, third]
    assert [hit.id for page in pages for hit in page.hits] == expected
    assert [page.total for page in pages] == [13, 13, 13]
    assert [len(page.hits) for page in pages] == [5, 5, 3]
    assert third.next_cursor is None
    # A new search sees the late documents.
    assert backend.search(SearchRequest("долг", sort=sort)).total == 16


def test_sqlite_cursor_survives_replaced_last_document(
    backend: SqliteBackend,
) -> None:
    """Deleting the max row id must not let a new row reuse it (AUTOINCREMENT)."""
    first = backend.search(SearchRequest("долг", limit=5, sort=SortOrder.DATE_DESC))
    edited = make_record(12, debts=1, date=dt.date(2030, 1, 1))
    backend.write([edited], file_sha256="sha-doc12-v2", source=ORIGINAL[12].source)

    second = backend.search(
        SearchRequest(
            "долг", limit=50, sort=SortOrder.DATE_DESC, cursor=first.next_cursor
        )
    )

    shown = [hit.id for hit in (*first.hits, *second.hits)]
    # doc12 (2020) was not on page 1; its old row is gone and its new row, with
    # a row id above the snapshot, is a later document: it shows on no page.
    assert "doc12" not in [hit.id for hit in first.hits]
    assert sorted(shown) == sorted(r.id for r in ORIGINAL if r.id != "doc12")


def test_sqlite_offset_page_also_returns_a_cursor(backend: SqliteBackend) -> None:
    by_offset = backend.search(SearchRequest("долг", limit=4, offset=4))
    after = backend.search(
        SearchRequest("долг", limit=50, cursor=by_offset.next_cursor)
    )
    everything = backend.search(SearchRequest("долг", limit=50))

    assert [h.id for h in after.hits] == [h.id for h in everything.hits][8:]


def test_sqlite_cursor_of_another_query_is_refused(backend: SqliteBackend) -> None:
    first = backend.search(SearchRequest("долг", limit=5))

    with pytest.raises(InvalidCursorError) as caught:
        backend.search(SearchRequest("должник", limit=5, cursor=first.next_cursor))
    assert "относится к другому запросу" in caught.value.user_message


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", "", "W10", "x" * 600],
    ids=["garbage", "empty", "empty-list", "too-long"],
)
def test_sqlite_malformed_cursor_is_refused(
    backend: SqliteBackend, cursor: str
) -> None:
    with pytest.raises(InvalidCursorError):
        backend.search(SearchRequest("долг", cursor=cursor))


def test_page_cursor_round_trips() -> None:
    cursor = PageCursor("abcd", 120, 17, -1.25, 10)
    from search.cursors import decode_cursor

    assert decode_cursor(cursor.encode(), expected_fingerprint="abcd") == cursor


def test_sqlite_opens_version_1_index_and_migrates(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)
    db.execute(
        "INSERT INTO documents VALUES (7, 'art', 'Ст. 155', 'statute_article', NULL, "
        "'/zhk.html', 'sha-zhk', 'html', 'Плата вносится', 'плата вноситься', "
        "'ст 155', x'', '{\"statute\": {\"key\": \"zhk_rf:155\"}}')"
    )
    db.execute(
        "INSERT INTO docs_fts(rowid, title, body, lemmas, title_lemmas) "
        "VALUES (7, 'Ст. 155', 'Плата вносится', 'плата вноситься', 'ст 155')"
    )
    db.execute(
        "INSERT INTO documents VALUES (9, 'dec', 'Решение', 'court_decision', "
        "'2021-01-01', '/d.txt', 'sha-d', 'text', 'Плата взыскана', "
        "'плата взыскать', 'решение', x'', '{}')"
    )
    db.execute(
        "INSERT INTO docs_fts(rowid, title, body, lemmas, title_lemmas) "
        "VALUES (9, 'Решение', 'Плата взыскана', 'плата взыскать', 'решение')"
    )
    db.execute("INSERT INTO doc_fields VALUES (9, 'cites', 'zhk_rf:155.14')")
    db.execute("INSERT INTO doc_fields VALUES (9, 'court', 'октябрьский')")
    db.commit()
    db.close()

    backend = SqliteBackend(path)

    assert backend._db.execute("PRAGMA user_version").fetchone()[0] == 2
    found = backend.search(SearchRequest("плата cites:zhk_rf:155"))
    assert [hit.id for hit in found.hits] == ["dec"]
    rows = backend._db.execute(
        "SELECT doc_rowid, field, value, label FROM doc_fields ORDER BY 1, 2"
    ).fetchall()
    assert rows == [
        (7, "statute", "zhk_rf:155", "zhk_rf:155"),
        (9, "cites", "zhk_rf:155.14", "zhk_rf:155.14"),
        (9, "cites_article", "zhk_rf:155", "zhk_rf:155"),
        (9, "court", "октябрьский", "октябрьский"),
    ]
    # Deleting the newest row, then writing, must not reuse its row id.
    backend._db.execute("DELETE FROM documents WHERE rowid = 9")
    write(backend, ORIGINAL[0])
    rowid = backend._db.execute(
        "SELECT rowid FROM documents WHERE id = 'doc00'"
    ).fetchone()[0]
    assert rowid == 10


# The schema of version 1 (lexdesk 0.1.0 before page cursors), to test migration.
V1_SCHEMA = """
CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    kind TEXT NOT NULL, date TEXT, source TEXT NOT NULL, file_sha256 TEXT NOT NULL,
    format TEXT NOT NULL, body TEXT NOT NULL, lemmas TEXT NOT NULL,
    title_lemmas TEXT NOT NULL, checkpoints BLOB NOT NULL, meta TEXT NOT NULL
);
CREATE INDEX documents_kind_date ON documents(kind, date);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_file ON documents(file_sha256);
CREATE INDEX documents_source ON documents(source);
CREATE VIRTUAL TABLE docs_fts USING fts5(
    title, body, lemmas, title_lemmas, content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TABLE doc_fields (
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    field TEXT NOT NULL, value TEXT NOT NULL
);
CREATE INDEX doc_fields_lookup ON doc_fields(field, value);
CREATE INDEX doc_fields_doc ON doc_fields(doc_rowid);
CREATE TABLE doc_amounts (
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    field TEXT NOT NULL, amount_kopecks INTEGER NOT NULL
);
CREATE INDEX doc_amounts_lookup ON doc_amounts(amount_kopecks);
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY, source TEXT NOT NULL, documents INTEGER NOT NULL,
    indexed_at TEXT NOT NULL
);
PRAGMA user_version = 1;
"""
