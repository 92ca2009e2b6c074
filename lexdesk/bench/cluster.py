"""Benchmark of the cluster backend on a real OpenSearch node, in one run.

Indexing: the same generated corpus is written twice into fresh indices with the
same mapping — once as a bare ``_bulk`` of JSON prepared before the clock starts
(the engine's own speed through one HTTP connection per worker), once through
:meth:`search.cluster.ClusterBackend.write_stream` (building each document's
JSON, marking its file, checking for older versions, reading every item's status).
Both use the same request size and two requests in flight.

Searching: the query classes of :mod:`lexdesk.bench.index`, each run
:data:`REPEATS` times on the cluster and on the embedded backend holding the same
corpus, interleaved so that machine noise hits both alike.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from lexdesk.bench import Measurement
from lexdesk.synth.texts import SyntheticDocument, generate_documents
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.cluster import BULK_DOCUMENTS, ClusterBackend
from search.cluster_client import ClusterConfig
from search.cluster_dsl import document_source, index_body
from search.local_cluster import LocalCluster
from search.records import DocumentRecord, FileRecords, SearchRequest
from search.sqlite import SqliteBackend

# The corpus size for the cluster figures; --quick takes a small one.
DOCUMENTS = 50_000
QUICK_DOCUMENTS = 2_000
WORKERS = 2
# Documents sent to a throwaway index before the clock starts.
WARM_DOCUMENTS = 5_000
REPEATS = 15
# Files per embedded write (the ingest pipeline's batch).
FILES_PER_BATCH = 32
QUERIES: dict[str, tuple[str, ...]] = {
    "rare": (),  # surnames of the generated corpus
    "mid": ("рассрочка", "неустойка", "предупреждение", "отменён", "расчёт"),
    "and": ("рассрочка график", "неустойка несоразмерна", "расчёт проверен"),
    "phrase": (
        '"судебный приказ отменён"',
        '"государственной пошлины"',
        '"арифметически верным"',
    ),
    "fields": ("kind:court_decision date:2021", "неустойка amount:>10000"),
    "frequent": ("задолженность", "суд", "энергия"),
}
COURTS = ("Октябрьский районный суд г. Белгорода", "Свердловский районный суд")


def _records(documents: Sequence[SyntheticDocument]) -> list[DocumentRecord]:
    return [
        DocumentRecord(
            id=f"doc{d.number:07d}",
            title=d.title,
            kind=DocumentKind.COURT_DECISION,
            date=dt.date(2019 + d.number % 6, 1 + d.number % 12, 1),
            text=d.text,
            lemmas=lemma_stream(d.text),
            title_lemmas=lemma_stream(d.title),
            source=f"/bench/doc{d.number:07d}.txt",
            file_sha256=f"{d.number:064x}",
            format="text",
            meta={
                "fields": {"court": [COURTS[d.number % 2]], "cites": ["gk_rf:544"]},
                "amounts": {"claimed": f"{1000 + d.number % 50_000}.50"},
            },
        )
        for d in documents
    ]


def _bulk_bodies(records: Sequence[DocumentRecord], index: str) -> list[bytes]:
    """The same documents as prepared ``_bulk`` bodies of BULK_DOCUMENTS each."""
    now = int(time.time() * 1000)
    bodies = []
    for start in range(0, len(records), BULK_DOCUMENTS):
        lines = []
        for record in records[start : start + BULK_DOCUMENTS]:
            action = {"create": {"_index": index, "_id": record.id}}
            lines.append(json.dumps(action))
            lines.append(
                json.dumps(document_source(record, indexed_at=now), ensure_ascii=False)
            )
        bodies.append(("\n".join(lines) + "\n").encode())
    return bodies


def _bare_bulk(url: str, bodies: Sequence[bytes]) -> float:
    """POST prepared bodies with WORKERS connections; return the seconds taken."""
    parts = urlsplit(url)
    remaining = list(reversed(bodies))
    lock = threading.Lock()

    def work() -> None:
        connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=120
        )
        while True:
            with lock:
                if not remaining:
                    break
                body = remaining.pop()
            connection.request(
                "POST", "/_bulk", body, {"Content-Type": "application/x-ndjson"}
            )
            answer = json.loads(connection.getresponse().read())
            if answer.get("errors"):
                raise RuntimeError("bare bulk refused documents")
        connection.close()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _time_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def run(*, quick: bool) -> list[Measurement]:
    """Start a local node, index the corpus both ways, time searches on both backends."""
    size = QUICK_DOCUMENTS if quick else DOCUMENTS
    documents = list(generate_documents(size))
    records = _records(documents)
    label = f"{size:,} docs".replace(",", " ")
    queries = dict(QUERIES)
    queries["rare"] = tuple(d.title.split("(")[1].rstrip(")") for d in documents[:5])
    with (
        tempfile.TemporaryDirectory(prefix="lexdesk-bench-cluster-") as folder,
        LocalCluster.start(Path(folder, "node"), nodes=1) as cluster,
    ):
        config = ClusterConfig(
            urls=cluster.urls, index=f"bench-{uuid.uuid4().hex[:8]}", replicas=0
        )
        backend = ClusterBackend(config)
        measurements = [_indexing_figure(backend, cluster.urls[0], records, label)]

        embedded = SqliteBackend(Path(folder, "index.sqlite3"))
        files = [FileRecords(r.file_sha256, r.source, (r,)) for r in records]
        for offset in range(0, len(files), FILES_PER_BATCH):
            embedded.write_files(files[offset : offset + FILES_PER_BATCH])
        measurements += _search_figures(backend, embedded, queries, label)
        embedded.close()
        backend.close()
    return measurements


def _indexing_figure(
    backend: ClusterBackend, url: str, records: Sequence[DocumentRecord], label: str
) -> Measurement:
    """Bare ``_bulk`` of prepared JSON, then the same corpus through lexdesk."""
    # A cold JVM indexes slower for its first seconds (JIT): warm it on a
    # throwaway index so that neither side pays for it.
    warm_index = f"{backend.alias}-warm"
    backend._client.request(
        "PUT", f"/{warm_index}", body=index_body(shards=1, replicas=0)
    )
    _bare_bulk(url, _bulk_bodies(records[:WARM_DOCUMENTS], warm_index))
    backend._client.request("DELETE", f"/{warm_index}")

    bare_index = f"{backend.alias}-bare"
    backend._client.request(
        "PUT", f"/{bare_index}", body=index_body(shards=1, replicas=0)
    )
    bodies = _bulk_bodies(records, bare_index)
    bare_seconds = _bare_bulk(url, bodies)
    del bodies

    files = (FileRecords(r.file_sha256, r.source, (r,)) for r in records)
    started = time.perf_counter()
    report = backend.write_stream(files, workers=WORKERS)
    our_seconds = time.perf_counter() - started
    backend.refresh()
    size = len(records)
    return Measurement(
        "cluster bulk indexing",
        "docs/s",
        size / our_seconds,
        baseline=size / bare_seconds,
        baseline_name="bare _bulk of prepared JSON",
        aim=">= 0.7x",
        met=bare_seconds / our_seconds >= 0.7,
        note=f"{label}, OpenSearch 2.19 single node, 1 GB heap, {WORKERS} requests "
        f"in flight; {report.acknowledged} acknowledged",
    )


def _search_figures(
    cluster: ClusterBackend,
    embedded: SqliteBackend,
    queries: dict[str, tuple[str, ...]],
    label: str,
) -> list[Measurement]:
    figures = []
    for category, texts in queries.items():
        cluster_ms: list[float] = []
        embedded_ms: list[float] = []
        for text in texts:
            request = SearchRequest(text)
            # Warm both (first parse, caches), then interleave.
            cluster.search(request)
            embedded.search(request)
            for _ in range(REPEATS):
                cluster_ms.append(_time_ms(partial(cluster.search, request)))
                embedded_ms.append(_time_ms(partial(embedded.search, request)))
        figures.append(
            Measurement(
                f"cluster search p95, {category}",
                "ms",
                _percentile(cluster_ms, 0.95),
                baseline=_percentile(embedded_ms, 0.95),
                baseline_name="embedded SQLite backend",
                note=f"{label}; p50 {statistics.median(cluster_ms):.2f} ms vs "
                f"{statistics.median(embedded_ms):.2f} ms",
            )
        )
    return figures
