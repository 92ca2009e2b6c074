"""Bulk writes: items refused with 429 are sent again, others are reported.

A scripted client answers the backend's requests, so each test fixes exactly
which bulk items the "cluster" refuses and how; the real engine's behaviour is
covered by the conformance and failover suites.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import pytest

import search.cluster
from nlp.kinds import DocumentKind
from search.cluster import BulkWriteError, ClusterBackend
from search.cluster_client import ClusterConfig, ClusterFlavor
from search.records import DocumentRecord, FileRecords


class ScriptedClient:
    """Answers index housekeeping, and each document bulk from ``script``."""

    flavor = ClusterFlavor.OPENSEARCH

    def __init__(self, script: list[dict[str, tuple[int, str]]]) -> None:
        # One dict per bulk attempt: document id → (status, error type).
        self.script = script
        self.bulks: list[list[str]] = []
        self.marked: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> Any:
        if path.startswith("/_alias/"):
            return {"lexdesk-000001": {}}
        if path.endswith("/_mapping"):
            return {"lexdesk-000001": {"mappings": {"_meta": {"lexdesk_mapping": 1}}}}
        if path.endswith("/_search"):
            return {"hits": {"total": {"value": 0}, "hits": []}}
        return {"acknowledged": True}

    def bulk(self, lines: str, *, params: Mapping[str, str] | None = None) -> Any:
        actions = [json.loads(line) for line in lines.splitlines()[::2]]
        ids = [next(iter(action.values()))["_id"] for action in actions]
        if all("files" in next(iter(a.values()))["_index"] for a in actions):
            self.marked += ids
            return {"items": [{"index": {"status": 201}} for _ in ids]}
        self.bulks.append(ids)
        answers = self.script[len(self.bulks) - 1]
        items = []
        for doc_id in ids:
            status, error = answers.get(doc_id, (201, ""))
            result: dict[str, Any] = {"_id": doc_id, "status": status}
            if error:
                result["error"] = {"type": error, "reason": f"{error} for {doc_id}"}
            items.append({"create": result})
        return {"errors": True, "items": items}

    def open_point_in_time(self, index: str, *, keep_alive: str) -> str:
        return "pit"

    def close_point_in_time(self, pit_id: str) -> None:
        return None

    def close(self) -> None:
        return None


def file_of(number: int, documents: int = 1) -> FileRecords:
    records = tuple(
        DocumentRecord(
            id=f"d{number}-{part}",
            title="Решение",
            kind=DocumentKind.COURT_DECISION,
            date=dt.date(2021, 1, 1),
            text="Взыскать долг.",
            lemmas="взыскать долг",
            title_lemmas="решение",
            source=f"/c/{number}.txt",
            file_sha256=f"sha-{number}",
            format="text",
        )
        for part in range(documents)
    )
    return FileRecords(f"sha-{number}", f"/c/{number}.txt", records)


@pytest.fixture(autouse=True)
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search.cluster, "BACKOFF_FIRST", 0.0)


def backend_with(client: ScriptedClient) -> ClusterBackend:
    config = ClusterConfig(urls=("http://127.0.0.1:9",))
    return ClusterBackend(config, client=client)


def test_bulk_retries_items_refused_with_429_until_accepted() -> None:
    client = ScriptedClient(
        [
            {"d1-0": (429, "es_rejected_execution_exception")},
            {"d1-0": (429, "es_rejected_execution_exception")},
            {},
        ]
    )

    written = backend_with(client).write_files([file_of(0), file_of(1), file_of(2)])

    assert written == 3
    assert client.bulks == [["d0-0", "d1-0", "d2-0"], ["d1-0"], ["d1-0"]]
    assert sorted(client.marked) == ["sha-0", "sha-1", "sha-2"]


def test_bulk_counts_existing_documents_as_acknowledged_not_new() -> None:
    client = ScriptedClient([{"d0-0": (409, "version_conflict_engine_exception")}])

    written = backend_with(client).write_files([file_of(0), file_of(1)])

    assert written == 1
    assert client.bulks == [["d0-0", "d1-0"]]
    assert sorted(client.marked) == ["sha-0", "sha-1"]


def test_bulk_reports_refusals_that_retrying_cannot_fix() -> None:
    client = ScriptedClient([{"d1-1": (400, "mapper_parsing_exception")}])

    with pytest.raises(BulkWriteError) as caught:
        backend_with(client).write_files([file_of(0), file_of(1, documents=2)])

    assert caught.value.failures == {
        "d1-1": "mapper_parsing_exception: mapper_parsing_exception for d1-1"
    }
    assert "Кластер не принял документов: 1 (первый d1-1" in caught.value.user_message
    # Sent once (no retry); the file with the refused document stays unmarked.
    assert client.bulks == [["d0-0", "d1-0", "d1-1"]]
    assert client.marked == ["sha-0"]


def test_bulk_gives_up_on_429_after_the_last_attempt() -> None:
    refuse = {"d0-0": (429, "es_rejected_execution_exception")}
    client = ScriptedClient([refuse] * search.cluster.BULK_ATTEMPTS)

    report = backend_with(client).write_stream(iter([file_of(0)]), workers=1)

    assert len(client.bulks) == search.cluster.BULK_ATTEMPTS
    assert report.retried == search.cluster.BULK_ATTEMPTS - 1
    assert report.failures == {
        "d0-0": "es_rejected_execution_exception: "
        "es_rejected_execution_exception for d0-0"
    }
    assert client.marked == []


def test_write_stream_keeps_a_bounded_number_of_chunks_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search.cluster, "BULK_DOCUMENTS", 10)
    client = ScriptedClient([{}] * 100)
    produced = 0

    def files() -> Any:
        nonlocal produced
        for number in range(200):
            produced += 1
            # Chunks of 10 files; the queue holds 2 × workers of them, a worker
            # one more, and the producer one it is building.
            assert produced - 10 * len(client.bulks) <= 10 * (2 + 1 + 1)
            yield file_of(number)

    report = backend_with(client).write_stream(files(), workers=1)

    assert report.created == 200
    assert len(client.bulks) == 20
