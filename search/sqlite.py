"""The embedded search backend: one SQLite file with an FTS5 index.

Layout: ``documents`` holds each record (text, lemma stream, metadata) and is the
external content of the ``docs_fts`` FTS5 table, so text is stored once.
``doc_fields`` holds the facts a query can filter on (court, judge, case, cites,
outcome) and ``doc_amounts`` the sums (amount ranges); both are filled from
``record.meta["fields"]`` and ``record.meta["amounts"]``. ``files`` remembers the
hash of every ingested file so that unchanged files are skipped.

Words match through the lemma columns (all word forms); phrases and prefixes match
the surface text. Ranking is FTS5's BM25 with titles weighted above bodies.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from lexdesk.errors import InfrastructureError, UserInputError
from nlp.kinds import KIND_LABELS_RU, DocumentKind
from nlp.lemmas import lemma_variants
from search.citations import (
    act_label,
    article_key,
    is_article_key,
    outcome_label,
    parse_outcome,
)
from search.cursors import (
    InvalidCursorError,
    PageCursor,
    decode_cursor,
    fingerprint,
)
from search.query import (
    And,
    FieldTerm,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Term,
    parse_query,
)
from search.records import (
    DocumentRecord,
    FacetCount,
    FacetName,
    FileRecords,
    SearchHit,
    SearchRequest,
    SearchResult,
    SimilarResult,
    SortOrder,
)
from search.similar import SimilarityProbe
from search.snippets import compute_checkpoints, highlight_for, make_snippet
from search.sqlite_similar import find_similar

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2

# BM25 column weights: title, body, lemmas, title_lemmas. A word in the title says
# more about what a document is than the same word deep in its reasoning.
BM25_WEIGHTS = (5.0, 1.0, 1.0, 5.0)

# Row ids only grow (AUTOINCREMENT never reuses the id of a deleted row): a page
# cursor's snapshot «rowid <= N» must keep out every document indexed after it.
_DOCUMENTS_TABLE = """
CREATE TABLE IF NOT EXISTS {name} (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    source TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    body TEXT NOT NULL,
    lemmas TEXT NOT NULL,
    title_lemmas TEXT NOT NULL,
    checkpoints BLOB NOT NULL,
    meta TEXT NOT NULL
);
"""

_DOCUMENT_INDEXES = """
CREATE INDEX IF NOT EXISTS documents_kind_date ON documents(kind, date);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file_sha256);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
"""

_SCHEMA = (
    _DOCUMENTS_TABLE.format(name="documents")
    + _DOCUMENT_INDEXES
    + f"""
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    title, body, lemmas, title_lemmas,
    content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2',
    prefix='2 3'
);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_vocab USING fts5vocab(docs_fts, 'col');
CREATE TABLE IF NOT EXISTS doc_fields (
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_fields_lookup ON doc_fields(field, value);
CREATE INDEX IF NOT EXISTS doc_fields_doc ON doc_fields(doc_rowid);
CREATE TABLE IF NOT EXISTS doc_amounts (
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    field TEXT NOT NULL,
    amount_kopecks INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_amounts_lookup ON doc_amounts(amount_kopecks);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    documents INTEGER NOT NULL,
    indexed_at TEXT NOT NULL
);
INSERT INTO docs_fts(docs_fts, rank) VALUES ('rank', 'bm25({", ".join(map(str, BM25_WEIGHTS))})');
PRAGMA user_version = {SCHEMA_VERSION};
"""
)

# Fields the index derives itself, beside the analysis facts of meta["fields"]:
# the article of every citation (citator, «cites:» on articles, precedents) and
# the key of a statute article (so that a citation resolves to its article).
CITES_ARTICLE_FIELD = "cites_article"
STATUTE_FIELD = "statute"


class SqliteBackend:
    """The embedded index in one SQLite file (see module docstring).

    One connection per thread: SQLite connections are not shared across threads,
    and the API serves requests from a thread pool.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._init_schema()
        except (OSError, sqlite3.Error) as error:
            raise InfrastructureError(
                f"cannot open the index at {path}: {error}",
                user_message=f"Не удалось открыть индекс {path}: {error}",
            ) from error

    # -- connection ------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "db", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA cache_size = -65536")
            self._local.db = connection
        return connection

    def _init_schema(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version == 1:
            self._migrate_from_v1()
            return
        if version != 0:
            raise InfrastructureError(
                f"index schema {version} is not {SCHEMA_VERSION}",
                user_message=(
                    f"Индекс {self.path} создан другой версией lexdesk (схема {version}); "
                    "удалите его и выполните ingest заново."
                ),
            )
        self._db.executescript(_SCHEMA)

    def _migrate_from_v1(self) -> None:
        """Bring a version 1 index to version 2 in place, keeping every row id.

        Version 2 makes row ids AUTOINCREMENT (page cursors), labels the field
        values (facets) and derives the article of each citation and the key of
        each statute article (citator). The FTS index is kept as it is: it points
        at row ids, which the copy preserves.
        """
        db = self._db
        logger.info("migrating index %s from schema 1 to 2", self.path)
        # Dropping the old table must not cascade to doc_fields.
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("BEGIN IMMEDIATE")
        try:
            # Statement by statement: executescript() would commit first.
            script = (
                _DOCUMENTS_TABLE.format(name="documents_v2")
                + "INSERT INTO documents_v2 SELECT * FROM documents;"
                "DROP TABLE documents;"
                "ALTER TABLE documents_v2 RENAME TO documents;"
                "ALTER TABLE doc_fields ADD COLUMN label TEXT NOT NULL DEFAULT '';"
                "UPDATE doc_fields SET label = value;"
                + _DOCUMENT_INDEXES
                + "CREATE VIRTUAL TABLE IF NOT EXISTS docs_vocab "
                "USING fts5vocab(docs_fts, 'col');"
            )
            for statement in script.split(";"):
                if statement.strip():
                    db.execute(statement)
            cites = db.execute(
                "SELECT doc_rowid, value FROM doc_fields WHERE field = 'cites'"
            ).fetchall()
            derived = {
                (rowid, CITES_ARTICLE_FIELD, article_key(value), article_key(value))
                for rowid, value in cites
            }
            statutes = db.execute(
                "SELECT rowid, json_extract(meta, '$.statute.key') FROM documents "
                "WHERE json_extract(meta, '$.statute.key') IS NOT NULL"
            ).fetchall()
            derived |= {(rowid, STATUTE_FIELD, key, key) for rowid, key in statutes}
            db.executemany(
                "INSERT INTO doc_fields(doc_rowid, field, value, label) "
                "VALUES (?, ?, ?, ?)",
                sorted(derived),
            )
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            db.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        """Close this thread's connection."""
        connection = getattr(self._local, "db", None)
        if connection is not None:
            connection.close()
            self._local.db = None

    # -- writing -----------------------------------------------------------------

    def is_file_indexed(self, sha256: str) -> bool:
        """Whether a file with these bytes was already ingested."""
        row = self._db.execute(
            "SELECT 1 FROM files WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return row is not None

    def write(
        self, records: Sequence[DocumentRecord], *, file_sha256: str, source: str
    ) -> int:
        """Write the records of one file in one transaction; return how many."""
        return self.write_files([FileRecords(file_sha256, source, tuple(records))])

    def write_files(self, files: Sequence[FileRecords]) -> int:
        """Write several files' records in one transaction; return how many.

        Earlier versions of the same source file are replaced, so a file edited in
        place does not leave its old text searchable. Nothing is half-applied: on
        any error the whole transaction is rolled back and no file of the batch is
        marked as indexed, so the next run ingests them again.
        """
        db = self._db
        written = 0
        db.execute("BEGIN IMMEDIATE")
        try:
            for item in files:
                self._delete_where(
                    "source = ? AND file_sha256 != ?", (item.source, item.sha256)
                )
                count = 0
                for record in item.records:
                    count += self._insert(record)
                db.execute(
                    "INSERT OR REPLACE INTO files(sha256, source, documents, indexed_at) "
                    "VALUES (?, ?, ?, ?)",
                    (
                        item.sha256,
                        item.source,
                        count,
                        dt.datetime.now(dt.UTC).isoformat(),
                    ),
                )
                written += count
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return written

    def _insert(self, record: DocumentRecord) -> int:
        db = self._db
        cursor = db.execute(
            "INSERT OR IGNORE INTO documents(id, title, kind, date, source, file_sha256, "
            "format, body, lemmas, title_lemmas, checkpoints, meta) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                record.title,
                record.kind.value,
                record.date.isoformat() if record.date else None,
                record.source,
                record.file_sha256,
                record.format,
                record.text,
                record.lemmas,
                record.title_lemmas,
                compute_checkpoints(record.text, record.lemmas),
                json.dumps(record.meta, ensure_ascii=False, default=str),
            ),
        )
        if cursor.rowcount == 0:
            logger.debug("document %s already indexed", record.id)
            return 0
        rowid = cursor.lastrowid
        db.execute(
            "INSERT INTO docs_fts(rowid, title, body, lemmas, title_lemmas) "
            "VALUES (?, ?, ?, ?, ?)",
            (rowid, record.title, record.text, record.lemmas, record.title_lemmas),
        )
        db.executemany(
            "INSERT INTO doc_fields(doc_rowid, field, value, label) VALUES (?, ?, ?, ?)",
            [(rowid, *row) for row in _field_rows(record)],
        )
        amounts = record.meta.get("amounts", {})
        db.executemany(
            "INSERT INTO doc_amounts(doc_rowid, field, amount_kopecks) VALUES (?, ?, ?)",
            [
                (rowid, name, int(Decimal(str(value)) * 100))
                for name, value in amounts.items()
                if value is not None
            ],
        )
        return 1

    def _delete_where(self, condition: str, params: tuple[Any, ...]) -> int:
        db = self._db
        rows = db.execute(
            f"SELECT rowid, title, body, lemmas, title_lemmas FROM documents WHERE {condition}",
            params,
        ).fetchall()
        for rowid, title, body, lemmas, title_lemmas in rows:
            db.execute(
                "INSERT INTO docs_fts(docs_fts, rowid, title, body, lemmas, title_lemmas) "
                "VALUES ('delete', ?, ?, ?, ?, ?)",
                (rowid, title, body, lemmas, title_lemmas),
            )
            db.execute("DELETE FROM documents WHERE rowid = ?", (rowid,))
        if rows:
            db.execute(
                "DELETE FROM files WHERE sha256 NOT IN (SELECT file_sha256 FROM documents)"
                " AND documents > 0"
            )
        return len(rows)

    # -- reading -------------------------------------------------------------------

    def count(self) -> int:
        """Return the number of documents in the index."""
        return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def iter_ids(self) -> Iterator[str]:
        """Yield every document id, in insertion order."""
        for (doc_id,) in self._db.execute("SELECT id FROM documents ORDER BY rowid"):
            yield doc_id

    def get(self, doc_id: str) -> DocumentRecord | None:
        """Return one document, or None when there is no such id."""
        row = self._db.execute(
            "SELECT id, title, kind, date, body, lemmas, title_lemmas, source, "
            "file_sha256, format, meta FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        return DocumentRecord(
            id=row[0],
            title=row[1],
            kind=DocumentKind(row[2]),
            date=dt.date.fromisoformat(row[3]) if row[3] else None,
            text=row[4],
            lemmas=row[5],
            title_lemmas=row[6],
            source=row[7],
            file_sha256=row[8],
            format=row[9],
            meta=json.loads(row[10]),
        )

    def ids_for_file(self, sha256: str) -> list[str]:
        """Return the ids of the documents of an ingested file, in order."""
        rows = self._db.execute(
            "SELECT id FROM documents WHERE file_sha256 = ? ORDER BY rowid", (sha256,)
        )
        return [doc_id for (doc_id,) in rows]

    def statute_article(self, key: str) -> DocumentRecord | None:
        """Return the indexed statute article with this key («gk_rf:544»), or None."""
        row = self._db.execute(
            "SELECT d.id FROM doc_fields x JOIN documents d ON d.rowid = x.doc_rowid "
            "WHERE x.field = ? AND x.value = ? ORDER BY d.rowid DESC LIMIT 1",
            (STATUTE_FIELD, key),
        ).fetchone()
        return self.get(row[0]) if row is not None else None

    def similar(self, probe: SimilarityProbe, *, limit: int) -> SimilarResult:
        """Return the precedents of a probe, best first (see :mod:`search.similar`)."""
        try:
            return find_similar(
                self._db, probe, limit=limit, citation_field=CITES_ARTICLE_FIELD
            )
        except sqlite3.OperationalError as error:
            raise InfrastructureError(
                f"precedent query failed: {error}",
                user_message=f"Ошибка индекса при поиске похожих документов: {error}",
            ) from error

    def search(self, request: SearchRequest) -> SearchResult:
        """Run a query; see :mod:`search.query` for the language.

        Facets are counted only when the request names them (one more statement
        over the whole matching set); a cursor continues a result set as it was
        at its first page (see :mod:`search.cursors`).

        Raises:
            QuerySyntaxError: the query is malformed.
            UserInputError: a field value is not allowed (an unknown kind).
            InvalidCursorError: the cursor is malformed or of another search.
        """
        node = parse_query(request.query)
        match, conditions, params = _plan(node)
        for clause, values in _request_filters(request):
            conditions.append(clause)
            params.extend(values)
        cursor: PageCursor | None = None
        if request.cursor is not None:
            cursor = decode_cursor(
                request.cursor, expected_fingerprint=fingerprint(request)
            )
            conditions.append("d.rowid <= ?")
            params.append(cursor.snapshot)
        order = _effective_order(request.sort, ranked=match is not None)

        page_conditions, page_params = list(conditions), list(params)
        if cursor is not None:
            clause, values = self._after(cursor, match, order)
            page_conditions.append(clause)
            page_params.extend(values)
        offset = 0 if cursor is not None else request.offset
        rows = self._page(match, page_conditions, page_params, order, request, offset)
        if cursor is not None:
            total = cursor.seen + (rows[0][1] if rows else 0)
        elif rows:
            total = rows[0][1]
        else:
            total = self._count_beyond(match, _where(conditions), params, offset)

        snapshot = cursor.snapshot if cursor is not None else None
        if rows and snapshot is None:
            snapshot = rows[0][12]
        facets: dict[FacetName, tuple[FacetCount, ...]] = {}
        if request.facets:
            if snapshot is not None and cursor is None:
                conditions.append("d.rowid <= ?")
                params.append(snapshot)
            facets = self._facets(request.facets, match, conditions, params)

        highlight = highlight_for(node)
        hits = tuple(
            SearchHit(
                id=row[2],
                title=row[3],
                kind=DocumentKind(row[4]),
                date=dt.date.fromisoformat(row[5]) if row[5] else None,
                score=round(-float(row[0]), 4),
                snippet=make_snippet(row[7], row[8], row[9], highlight),
                source=row[6],
            )
            for row in rows
        )
        served = (cursor.seen if cursor is not None else offset) + len(rows)
        next_cursor = None
        if rows and served < total and snapshot is not None:
            last = rows[-1]
            key = float(last[0]) if order is SortOrder.RELEVANCE else last[5]
            next_cursor = PageCursor(
                fingerprint(request), snapshot, last[11], key, served
            ).encode()
        return SearchResult(
            total=total, hits=hits, facets=facets, next_cursor=next_cursor
        )

    def _page(
        self,
        match: str | None,
        conditions: list[str],
        params: list[Any],
        order: SortOrder,
        request: SearchRequest,
        offset: int,
    ) -> list[Any]:
        """Fetch one page of rows: rank, total, document columns, rowid, snapshot."""
        where = _where(conditions)
        # Rank and count over the ids only (bodies are never sorted), then join
        # the page's rows back to their documents, in one statement.
        if match is not None:
            page = (
                "SELECT d.rowid AS rowid, f.rank AS rank, count(*) OVER () AS total "
                "FROM docs_fts f JOIN documents d ON d.rowid = f.rowid "
                f"WHERE docs_fts MATCH ? AND {where} "
                f"ORDER BY {_inner_order(order)} LIMIT ? OFFSET ?"
            )
            args: list[Any] = [match, *params, request.limit, offset]
        else:
            page = (
                "SELECT d.rowid AS rowid, 0.0 AS rank, count(*) OVER () AS total "
                f"FROM documents d WHERE {where} "
                f"ORDER BY {_inner_order(order)} LIMIT ? OFFSET ?"
            )
            args = [*params, request.limit, offset]
        # The highest row id, read in the same statement as the page: the
        # snapshot a cursor keeps for later pages.
        sql = (
            "SELECT p.rank, p.total, d.id, d.title, d.kind, d.date, d.source, d.body, "
            "d.lemmas, d.checkpoints, NULL, p.rowid, "
            f"(SELECT max(rowid) FROM documents) FROM ({page}) p JOIN documents d "
            "ON d.rowid = p.rowid ORDER BY "
            + (
                "p.rank, p.rowid"
                if order is SortOrder.RELEVANCE
                else _outer_date_order(order)
            )
        )
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.OperationalError as error:
            raise InfrastructureError(
                f"index query failed: {error}",
                user_message=f"Ошибка индекса при выполнении запроса: {error}",
            ) from error

    def _after(
        self, cursor: PageCursor, match: str | None, order: SortOrder
    ) -> tuple[str, list[Any]]:
        """The keyset condition: rows that sort after the cursor's last hit."""
        if order is SortOrder.RELEVANCE:
            if isinstance(cursor.key, str) or cursor.key is None:
                raise InvalidCursorError("relevance cursor without a rank")
            # BM25 statistics move as documents arrive, so the last hit's rank is
            # read again now: the boundary stays at that hit however scores moved.
            row = self._db.execute(
                "SELECT rank FROM docs_fts WHERE docs_fts MATCH ? AND rowid = ?",
                (match, cursor.rowid),
            ).fetchone()
            rank = float(row[0]) if row is not None else cursor.key
            return "(f.rank > ? OR (f.rank = ? AND d.rowid > ?))", [
                rank,
                rank,
                cursor.rowid,
            ]
        if isinstance(cursor.key, float):
            raise InvalidCursorError("date cursor with a rank")
        if cursor.key is None:
            # Undated documents come last in both date orders, by row id.
            return "(d.date IS NULL AND d.rowid > ?)", [cursor.rowid]
        later = "<" if order is SortOrder.DATE_DESC else ">"
        return (
            f"(d.date IS NULL OR d.date {later} ? OR (d.date = ? AND d.rowid > ?))",
            [cursor.key, cursor.key, cursor.rowid],
        )

    def _facets(
        self,
        names: tuple[FacetName, ...],
        match: str | None,
        conditions: list[str],
        params: list[Any],
    ) -> dict[FacetName, tuple[FacetCount, ...]]:
        """Count the whole matching set by each facet, in one statement."""
        where = _where(conditions)
        if match is not None:
            matched = (
                "SELECT d.rowid AS rowid, d.kind AS kind, d.date AS date "
                "FROM docs_fts f JOIN documents d ON d.rowid = f.rowid "
                f"WHERE docs_fts MATCH ? AND {where}"
            )
            args: list[Any] = [match, *params]
        else:
            matched = (
                "SELECT d.rowid AS rowid, d.kind AS kind, d.date AS date "
                f"FROM documents d WHERE {where}"
            )
            args = list(params)
        parts = [_FACET_SQL[name] for name in dict.fromkeys(names)]
        sql = f"WITH m AS MATERIALIZED ({matched}) " + " UNION ALL ".join(parts)
        counts: dict[FacetName, list[FacetCount]] = {name: [] for name in names}
        for facet, value, label, count in self._db.execute(sql, args):
            name = FacetName(facet)
            counts[name].append(
                FacetCount(value, _facet_label(name, value, label), count)
            )
        return {
            name: tuple(sorted(values, key=_facet_order(name))[:MAX_FACET_VALUES])
            for name, values in counts.items()
        }

    def _count_beyond(
        self, match: str | None, where: str, params: list[Any], offset: int
    ) -> int:
        """Total matches when the requested page is empty (offset past the end)."""
        if offset == 0:
            return 0
        if match is not None:
            sql = (
                "SELECT count(*) FROM docs_fts f JOIN documents d ON d.rowid = f.rowid "
                f"WHERE docs_fts MATCH ? AND {where}"
            )
            return int(self._db.execute(sql, [match, *params]).fetchone()[0])
        sql = f"SELECT count(*) FROM documents d WHERE {where}"
        return int(self._db.execute(sql, params).fetchone()[0])


def _field_rows(record: DocumentRecord) -> list[tuple[str, str, str]]:
    """Rows of doc_fields for one record: (field, value, label).

    Values are lower-cased for matching; labels keep the form people read.
    """
    fields: dict[str, Any] = record.meta.get("fields", {})
    rows = [
        (name, str(value).lower(), str(value))
        for name, values in fields.items()
        for value in values
    ]
    articles = {article_key(str(key).lower()) for key in fields.get("cites", ())}
    rows += [(CITES_ARTICLE_FIELD, key, key) for key in sorted(articles)]
    statute = record.meta.get("statute")
    if isinstance(statute, dict) and statute.get("key"):
        rows.append((STATUTE_FIELD, str(statute["key"]), str(statute["key"])))
    return rows


# -- compiling the query AST ----------------------------------------------------------


def _plan(node: Node) -> tuple[str | None, list[str], list[Any]]:
    """Split a query into one FTS5 MATCH (ranked) and SQL conditions on ``d``.

    The textual positive parts of the top-level AND go into the MATCH so that BM25
    ranks by them; everything else (fields, ranges, exclusions, mixed groups)
    becomes a SQL condition.
    """
    children = node.children if isinstance(node, And) else (node,)
    positives: list[str] = []
    negatives: list[str] = []
    conditions: list[str] = []
    params: list[Any] = []
    for child in children:
        expression = _fts(child)
        if expression is not None:
            positives.append(expression)
            continue
        if isinstance(child, Not) and (negated := _fts(child.child)) is not None:
            negatives.append(negated)
            continue
        clause, values = _sql(child)
        conditions.append(clause)
        params.extend(values)
    if not positives:
        for negated in negatives:
            conditions.append(
                "d.rowid NOT IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)"
            )
            params.append(negated)
        return None, conditions, params
    match = " AND ".join(positives)
    if negatives:
        match = f"({match}) NOT (" + " OR ".join(negatives) + ")"
    return match, conditions, params


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


# Most lemma combinations a proximity query expands to (variants multiply).
MAX_NEAR_COMBINATIONS = 8


def _lemma_match(word: str) -> str:
    """FTS5 expression for any lemma variant of ``word`` (see nlp.lemmas)."""
    variants = lemma_variants(word)
    if len(variants) == 1:
        return _quote(variants[0])
    return "(" + " OR ".join(_quote(variant) for variant in variants) + ")"


def _fts(node: Node) -> str | None:
    """Compile a purely textual subtree to an FTS5 expression, else return None."""
    if isinstance(node, Term):
        if node.prefix:
            prefix = node.text.lower().replace("ё", "е")
            return f"{{body title}} : {_quote(prefix)} *"
        return f"{{lemmas title_lemmas}} : {_lemma_match(node.text)}"
    if isinstance(node, Phrase):
        if node.slop is not None:
            combos = itertools.islice(
                itertools.product(*(lemma_variants(word) for word in node.words)),
                MAX_NEAR_COMBINATIONS,
            )
            nears = [
                "NEAR(" + " ".join(_quote(w) for w in combo) + f", {node.slop})"
                for combo in combos
            ]
            return "{lemmas} : (" + " OR ".join(nears) + ")"
        if len(node.words) == 1:
            return _fts(Term(node.words[0]))
        return f"{{body title}} : {_quote(' '.join(node.words))}"
    if isinstance(node, Or):
        parts = [_fts(child) for child in node.children]
        if any(part is None for part in parts):
            return None
        return "(" + " OR ".join(p for p in parts if p) + ")"
    if isinstance(node, And):
        positives, negatives = [], []
        for child in node.children:
            if isinstance(child, Not):
                negated = _fts(child.child)
                if negated is None:
                    return None
                negatives.append(negated)
                continue
            expression = _fts(child)
            if expression is None:
                return None
            positives.append(expression)
        if not positives:
            return None
        expression = "(" + " AND ".join(positives) + ")"
        for negated in negatives:
            expression = f"({expression} NOT {negated})"
        return expression
    return None


def _sql(node: Node) -> tuple[str, list[Any]]:
    """Compile any subtree to a SQL condition on the documents alias ``d``."""
    text = _fts(node)
    if text is not None:
        return "d.rowid IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)", [text]
    if isinstance(node, Not):
        clause, params = _sql(node.child)
        return f"NOT ({clause})", params
    if isinstance(node, And | Or):
        joiner = " AND " if isinstance(node, And) else " OR "
        clauses, params = [], []
        for child in node.children:
            clause, values = _sql(child)
            clauses.append(f"({clause})")
            params.extend(values)
        return joiner.join(clauses), params
    if isinstance(node, FieldTerm):
        return _field_condition(node)
    if isinstance(node, Range):
        return _range_condition(node)
    raise AssertionError(f"unhandled query node {node!r}")


def _field_condition(node: FieldTerm) -> tuple[str, list[Any]]:
    value = node.value.strip().lower()
    if node.name == "kind":
        try:
            kind = DocumentKind(value)
        except ValueError:
            allowed = ", ".join(kind.value for kind in DocumentKind)
            raise UserInputError(
                f"unknown kind {value!r}",
                user_message=f"Неизвестный вид документа «{value}». Допустимые: {allowed}.",
            ) from None
        return "d.kind = ?", [kind.value]
    lookup = "SELECT doc_rowid FROM doc_fields WHERE field = ? AND "
    if node.name in {"court", "judge"}:
        # Names are matched as a fragment: «court:Свердловский» finds the full name.
        return f"d.rowid IN ({lookup}value LIKE ?)", [node.name, f"%{value}%"]
    if node.name == "cites":
        if is_article_key(value):
            # «cites:gk_rf:544» finds the article and its parts (gk_rf:544.1) but
            # not another article sharing a prefix (nk_rf:333 vs nk_rf:333.19).
            return f"d.rowid IN ({lookup}value = ?)", [CITES_ARTICLE_FIELD, value]
        # «cites:zhk_rf:155.14» also finds the points of that part.
        return (
            f"d.rowid IN ({lookup}(value = ? OR value LIKE ?))",
            [node.name, value, f"{value}.%"],
        )
    if node.name == "outcome":
        return f"d.rowid IN ({lookup}value = ?)", [node.name, parse_outcome(value)]
    return f"d.rowid IN ({lookup}value = ?)", [node.name, value]


def _range_condition(node: Range) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    column = "d.date" if node.name == "date" else "a.amount_kopecks"
    if node.low is not None:
        clauses.append(f"{column} {'>=' if node.include_low else '>'} ?")
        params.append(_bound_value(node.low))
    if node.high is not None:
        clauses.append(f"{column} {'<=' if node.include_high else '<'} ?")
        params.append(_bound_value(node.high))
    condition = " AND ".join(clauses) or "1"
    if node.name == "date":
        return f"(d.date IS NOT NULL AND {condition})", params
    return (
        f"d.rowid IN (SELECT a.doc_rowid FROM doc_amounts a WHERE {condition})",
        params,
    )


def _bound_value(bound: dt.date | Decimal) -> str | int:
    """A range bound as stored: ISO date text, or an amount in kopecks."""
    if isinstance(bound, dt.date):
        return bound.isoformat()
    return int(bound * 100)


def _request_filters(request: SearchRequest) -> list[tuple[str, list[Any]]]:
    filters: list[tuple[str, list[Any]]] = []
    if request.kinds:
        marks = ", ".join("?" for _ in request.kinds)
        filters.append((f"d.kind IN ({marks})", [kind.value for kind in request.kinds]))
    if request.date_from is not None:
        filters.append(("d.date >= ?", [request.date_from.isoformat()]))
    if request.date_to is not None:
        filters.append(("d.date <= ?", [request.date_to.isoformat()]))
    return filters


def _outer_date_order(sort: SortOrder) -> str:
    """The page's order again, on the outer query (a join does not keep it)."""
    if sort is SortOrder.DATE_ASC:
        return "d.date IS NULL, d.date ASC, d.rowid"
    return "d.date IS NULL, d.date DESC, d.rowid"


def _effective_order(sort: SortOrder, *, ranked: bool) -> SortOrder:
    """The order hits really get: without words to rank by, newest first."""
    if sort is SortOrder.RELEVANCE and not ranked:
        return SortOrder.DATE_DESC
    return sort


def _inner_order(order: SortOrder) -> str:
    if order is SortOrder.RELEVANCE:
        return "f.rank, d.rowid"
    return _outer_date_order(order)


def _where(conditions: list[str]) -> str:
    return " AND ".join(conditions) if conditions else "1"


# Values listed per facet; the counts of the rest are left out of the answer.
MAX_FACET_VALUES = 50

# One SELECT per facet over the matched rows «m»: (facet, value, label, count).
# A document counts once per value even when it names a value twice.
_FACET_SQL: dict[FacetName, str] = {
    FacetName.KIND: "SELECT 'kind', kind, '', count(*) FROM m GROUP BY kind",
    FacetName.YEAR: (
        "SELECT 'year', substr(date, 1, 4), '', count(*) FROM m "
        "WHERE date IS NOT NULL GROUP BY 2"
    ),
    **{
        name: (
            f"SELECT '{name.value}', x.value, min(x.label), "
            "count(DISTINCT x.doc_rowid) FROM m JOIN doc_fields x "
            f"ON x.doc_rowid = m.rowid WHERE x.field = '{name.value}' GROUP BY 2"
        )
        for name in (FacetName.COURT, FacetName.JUDGE, FacetName.OUTCOME)
    },
    FacetName.ACT: (
        "SELECT 'act', substr(x.value, 1, instr(x.value, ':') - 1), '', "
        "count(DISTINCT x.doc_rowid) FROM m JOIN doc_fields x "
        f"ON x.doc_rowid = m.rowid WHERE x.field = '{CITES_ARTICLE_FIELD}' GROUP BY 2"
    ),
}


def _facet_label(name: FacetName, value: str, label: str) -> str:
    if name is FacetName.KIND:
        return KIND_LABELS_RU[DocumentKind(value)]
    if name is FacetName.ACT:
        return act_label(value)
    if name is FacetName.OUTCOME:
        return outcome_label(value)
    return label or value


def _facet_order(name: FacetName) -> Callable[[FacetCount], tuple[Any, ...]]:
    """Years newest first; other facets most frequent first, then by value."""
    if name is FacetName.YEAR:
        return lambda item: (-int(item.value),)
    return lambda item: (-item.count, item.value)
