"""Benchmark of the embedded index: writing and searching, next to bare FTS5.

Both sides get the same prepared rows (text and lemma streams computed before the
clock starts) and the same FTS5 schema (columns, tokenizer, prefix index). The bare
side is one ``executemany`` into a plain FTS5 table and ``MATCH … ORDER BY rank
LIMIT 10``; our side is :class:`search.sqlite.SqliteBackend` — batched writes with
metadata, and searches that parse the query, count the total and cut snippets.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from lexdesk.bench import Measurement
from lexdesk.synth.texts import SyntheticDocument, generate_documents
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.query import parse_query
from search.records import DocumentRecord, FileRecords, SearchRequest
from search.sqlite import BM25_WEIGHTS, SqliteBackend, _plan

# Query classes of the aims; every query is run REPEATS times per side.
QUERIES: dict[str, tuple[str, ...]] = {
    "rare": (),  # filled with surnames of the generated corpus
    "mid": ("рассрочка", "неустойка", "предупреждение", "отменён", "расчёт"),
    "and": ("рассрочка график", "неустойка несоразмерна", "расчёт проверен"),
    "phrase": (
        '"судебный приказ отменён"',
        '"государственной пошлины"',
        '"арифметически верным"',
    ),
    "frequent": ("задолженность", "суд", "энергия"),
}
REPEATS = 15
FILES_PER_BATCH = 32


def _records(documents: Sequence[SyntheticDocument]) -> list[DocumentRecord]:
    return [
        DocumentRecord(
            id=f"doc{document.number:07d}",
            title=document.title,
            kind=DocumentKind.COURT_DECISION,
            date=dt.date(2019 + document.number % 6, 1 + document.number % 12, 1),
            text=document.text,
            lemmas=lemma_stream(document.text),
            title_lemmas=lemma_stream(document.title),
            source=f"/bench/doc{document.number:07d}.txt",
            file_sha256=f"{document.number:064x}",
            format="text",
            meta={"format": "text", "pages": [], "warnings": []},
        )
        for document in documents
    ]


def _bare_index(path: Path, records: Sequence[DocumentRecord]) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(
        "CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, lemmas, title_lemmas, "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
    )
    weights = ", ".join(map(str, BM25_WEIGHTS))
    db.execute(
        f"INSERT INTO docs_fts(docs_fts, rank) VALUES ('rank', 'bm25({weights})')"
    )
    rows = [(r.title, r.text, r.lemmas, r.title_lemmas) for r in records]
    started = time.perf_counter()
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO docs_fts(title, body, lemmas, title_lemmas) VALUES (?, ?, ?, ?)",
        rows,
    )
    db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return elapsed


def _our_index(path: Path, records: Sequence[DocumentRecord]) -> float:
    backend = SqliteBackend(path)
    files = [FileRecords(r.file_sha256, r.source, (r,)) for r in records]
    started = time.perf_counter()
    for offset in range(0, len(files), FILES_PER_BATCH):
        backend.write_files(files[offset : offset + FILES_PER_BATCH])
    elapsed = time.perf_counter() - started
    backend._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    backend.close()
    return elapsed


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _time(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _bare_search(db: sqlite3.Connection, sql: str, match: str | None) -> None:
    db.execute(sql, (match,)).fetchall()


def _search_latencies(
    bare_path: Path, ours_path: Path, queries: dict[str, tuple[str, ...]]
) -> dict[str, tuple[list[float], list[float]]]:
    bare = sqlite3.connect(bare_path)
    ours = SqliteBackend(ours_path)
    results: dict[str, tuple[list[float], list[float]]] = {}
    for category, texts in queries.items():
        bare_ms: list[float] = []
        our_ms: list[float] = []
        for text in texts:
            match, _, _ = _plan(parse_query(text))
            sql = "SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rank LIMIT 10"
            request = SearchRequest(text)
            # Interleave the two sides so that machine noise hits both alike.
            for _ in range(REPEATS):
                bare_ms.append(_time(partial(_bare_search, bare, sql, match)))
                our_ms.append(_time(partial(ours.search, request)))
        results[category] = (bare_ms, our_ms)
    bare.close()
    ours.close()
    return results


def run(*, quick: bool) -> list[Measurement]:
    """Index a generated corpus both ways, then time the query classes."""
    sizes = (1_000,) if quick else (10_000, 30_000)
    measurements: list[Measurement] = []
    for size in sizes:
        documents = list(generate_documents(size))
        started = time.perf_counter()
        records = _records(documents)
        lemma_seconds = time.perf_counter() - started
        words = sum(record.lemmas.count(" ") + 1 for record in records)
        with tempfile.TemporaryDirectory(prefix="lexdesk-bench-") as folder:
            bare_path, ours_path = (
                Path(folder, "bare.sqlite3"),
                Path(folder, "ours.sqlite3"),
            )
            bare_seconds = _bare_index(bare_path, records)
            our_seconds = _our_index(ours_path, records)
            bare_size = bare_path.stat().st_size / 2**20
            our_size = ours_path.stat().st_size / 2**20
            queries = dict(QUERIES)
            queries["rare"] = tuple(
                d.title.split("(")[1].rstrip(")") for d in documents[:5]
            )
            latencies = _search_latencies(bare_path, ours_path, queries)

        label = f"{size:,} docs".replace(",", " ")
        if size == sizes[0]:
            measurements.append(
                Measurement(
                    "lemma stream (pymorphy3, cached)",
                    "words/s",
                    words / lemma_seconds,
                    note=f"{label}, {words / size:.0f} words/doc, cold cache",
                )
            )
            measurements.append(
                Measurement(
                    "indexing",
                    "docs/s",
                    size / our_seconds,
                    baseline=size / bare_seconds,
                    baseline_name="bare executemany FTS5",
                    aim=">= 0.6x",
                    met=(bare_seconds / our_seconds) >= 0.6,
                    note=label,
                )
            )
            measurements.append(
                Measurement(
                    "index size",
                    "MB",
                    our_size,
                    baseline=bare_size,
                    baseline_name="bare FTS5 file",
                    aim="<= 1.3x",
                    met=our_size <= 1.3 * bare_size,
                    note=label,
                )
            )
        for category, (bare_ms, our_ms) in latencies.items():
            our_p95, bare_p95 = _percentile(our_ms, 0.95), _percentile(bare_ms, 0.95)
            frequent = category == "frequent"
            measurements.append(
                Measurement(
                    f"search p95, {category}",
                    "ms",
                    our_p95,
                    baseline=bare_p95,
                    baseline_name="bare MATCH ORDER BY rank LIMIT 10",
                    aim="" if frequent else "<= 1.5x and <= 50 ms",
                    met=None
                    if frequent
                    else (our_p95 <= 1.5 * bare_p95 and our_p95 <= 50),
                    note=f"{label}; p50 {statistics.median(our_ms):.2f} ms "
                    f"vs {statistics.median(bare_ms):.2f} ms",
                )
            )
    return measurements
