"""Benchmark of the HTTP API: search latency over loopback next to the same search
in-process, and the cost of facet counts.

One generated corpus (:func:`lexdesk.synth.texts.generate_documents`, with court,
judge, outcome and citation fields so that facets have something to count) is
indexed once. ``uvicorn api.app:create_app`` then serves it from a subprocess on
127.0.0.1, and the same queries are timed through an ``httpx`` client (token
check, audit row, JSON) and through :meth:`search.sqlite.SqliteBackend.search`,
interleaved so that machine noise hits both alike.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

import httpx

from lexdesk.bench import Measurement
from lexdesk.synth.texts import SyntheticDocument, generate_documents
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.records import ALL_FACETS, DocumentRecord, FileRecords, SearchRequest
from search.sqlite import SqliteBackend

# Queries of the index benchmark's classes that the generated texts contain.
QUERIES = (
    "рассрочка",
    "неустойка",
    "предупреждение",
    "рассрочка график",
    "расчёт проверен",
    '"судебный приказ отменён"',
    '"государственной пошлины"',
    "задолженность cites:gk_rf:333",
)
REPEATS = 15
FILES_PER_BATCH = 256
# How long the server may take to start: a guard against hanging, not a figure.
STARTUP_LIMIT_S = 120.0

# Citations a generated sentence carries, by a phrase of it.
_CITATIONS = {
    "статьёй 539": "gk_rf:539",
    "статье 544": "gk_rf:544",
    "статьёй 153": "zhk_rf:153",
    "части 14 статьи 155": "zhk_rf:155.14",
    "статьи 333": "gk_rf:333",
    "статьёй 98": "gpk_rf:98",
    "пункта 119": "pp_354:119",
}
_COURTS = ("Свердловский районный суд", "Октябрьский районный суд", "Ленинский суд")
_OUTCOMES = ("granted_full", "granted_partly", "denied")
_USER = "bench"
_PASSWORD = "bench password, loopback only"


def _records(documents: Sequence[SyntheticDocument]) -> list[DocumentRecord]:
    records = []
    for document in documents:
        number = document.number
        cites = [key for phrase, key in _CITATIONS.items() if phrase in document.text]
        fields = {
            "court": [_COURTS[number % len(_COURTS)]],
            "judge": [f"Судья {number % 17}"],
            "outcome": [_OUTCOMES[number % len(_OUTCOMES)]],
            "cites": cites,
        }
        records.append(
            DocumentRecord(
                id=f"doc{number:07d}",
                title=document.title,
                kind=DocumentKind.COURT_DECISION,
                date=dt.date(2019 + number % 6, 1 + number % 12, 1),
                text=document.text,
                lemmas=lemma_stream(document.text),
                title_lemmas=lemma_stream(document.title),
                source=f"/bench/doc{number:07d}.txt",
                file_sha256=f"{number:064x}",
                format="text",
                meta={"fields": fields},
            )
        )
    return records


def _index(home: Path, records: Sequence[DocumentRecord]) -> None:
    backend = SqliteBackend(home / "index.sqlite3")
    files = [FileRecords(r.file_sha256, r.source, (r,)) for r in records]
    for offset in range(0, len(files), FILES_PER_BATCH):
        backend.write_files(files[offset : offset + FILES_PER_BATCH])
    backend.close()


def _add_user(home: Path) -> None:
    from lexdesk.accounts import Role, create_user
    from lexdesk.settings import sqlite_url
    from lexdesk.store import open_store

    store = open_store(sqlite_url(home))
    with store.session() as session:
        create_user(session, _USER, role=Role.VIEWER, password=_PASSWORD)
    store.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(home: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    env = {**os.environ, "LEXDESK_HOME": str(home)}
    with log.open("wb") as output:
        return subprocess.Popen(command, env=env, stdout=output, stderr=output)


def _wait_up(process: subprocess.Popen[bytes], http: httpx.Client, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited: {log.read_text(errors='replace')}")
        try:
            http.get("/health", timeout=2.0)
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        return
    raise RuntimeError(f"uvicorn did not answer within {STARTUP_LIMIT_S} s")


def _time(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _http_search(http: httpx.Client, params: dict[str, str]) -> None:
    response = http.get("/search", params=params)
    response.raise_for_status()
    response.json()


def _latencies(
    home: Path, http: httpx.Client
) -> Iterator[tuple[str, list[float], list[float]]]:
    """Yield (what, ours, baseline) sample lists, in milliseconds."""
    backend = SqliteBackend(home / "index.sqlite3")
    over_http: list[float] = []
    in_process: list[float] = []
    with_facets: list[float] = []
    without_facets: list[float] = []
    for query in QUERIES:
        plain = SearchRequest(query)
        faceted = SearchRequest(query, facets=ALL_FACETS)
        params = {"q": query}
        # Interleave the sides so that machine noise hits both alike.
        for _ in range(REPEATS):
            over_http.append(_time(partial(_http_search, http, params)))
            in_process.append(_time(partial(backend.search, plain)))
            with_facets.append(_time(partial(backend.search, faceted)))
            without_facets.append(_time(partial(backend.search, plain)))
    backend.close()
    yield "http", over_http, in_process
    yield "facets", with_facets, without_facets


def run(*, quick: bool) -> list[Measurement]:
    """Index a generated corpus, serve it, and time searches over HTTP and in-process."""
    size = 1_000 if quick else 10_000
    label = f"{size:,} docs".replace(",", " ")
    records = _records(list(generate_documents(size)))
    measurements: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="lexdesk-bench-api-") as folder:
        home = Path(folder)
        _index(home, records)
        _add_user(home)
        port = _free_port()
        log = home / "uvicorn.log"
        process = _serve(home, port, log)
        try:
            base_url = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base_url, trust_env=False) as http:
                _wait_up(process, http, log)
                token = http.post(
                    "/auth/token", data={"username": _USER, "password": _PASSWORD}
                ).json()["access_token"]
                http.headers["Authorization"] = f"Bearer {token}"
                results = list(_latencies(home, http))
        finally:
            process.terminate()
            process.wait(timeout=30)

    for what, ours, baseline in results:
        ours_p95, base_p95 = _percentile(ours, 0.95), _percentile(baseline, 0.95)
        note = (
            f"{label}, {len(QUERIES)} queries x {REPEATS}; p50 "
            f"{statistics.median(ours):.2f} ms vs {statistics.median(baseline):.2f} ms"
        )
        if what == "http":
            measurements.append(
                Measurement(
                    "API /search p95 over HTTP (token, audit row, JSON)",
                    "ms",
                    ours_p95,
                    baseline=base_p95,
                    baseline_name="same search in-process",
                    aim="<= +10 ms",
                    met=ours_p95 - base_p95 <= 10,
                    note=note,
                )
            )
        else:
            measurements.append(
                Measurement(
                    "search p95 with all facets",
                    "ms",
                    ours_p95,
                    baseline=base_p95,
                    baseline_name="same search without facets",
                    note=note + "; facets are opt-in",
                )
            )
    return measurements
