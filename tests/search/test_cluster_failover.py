"""A 3-node OpenSearch cluster loses a node mid-ingest: nothing acknowledged is lost.

The index has three shards with one replica each; a node is killed (SIGKILL) once
a third of the documents are acknowledged. The ingest goes on through the other
nodes (the client sets the dead one aside, bulk items refused meanwhile are sent
again), and afterwards every document is searchable exactly once.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.cluster import BulkReport, ClusterBackend
from search.cluster_client import ClusterConfig
from search.local_cluster import LocalCluster
from search.records import DocumentRecord, FileRecords, SearchRequest

DOCUMENTS = 6000
# Words the documents are made of; every document also has a unique number word.
_SUBJECTS = ("задолженность", "неустойка", "пени", "рассрочка", "предупреждение")


def make_file(number: int) -> FileRecords:
    subject = _SUBJECTS[number % len(_SUBJECTS)]
    text = (
        f"Документ номер {number}: суд рассмотрел {subject} по лицевому счёту "
        f"л{number:06d} и вынес решение."
    )
    title = f"Решение {number}"
    record = DocumentRecord(
        id=f"f{number:06d}",
        title=title,
        kind=DocumentKind.COURT_DECISION,
        date=dt.date(2020 + number % 5, 1 + number % 12, 1),
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(title),
        source=f"/failover/{number}.txt",
        file_sha256=f"{number:064x}",
        format="text",
        meta={"fields": {"case": [f"2-{number}/2021"]}},
    )
    return FileRecords(record.file_sha256, record.source, (record,))


@pytest.fixture
def three_nodes(tmp_path: Path, cluster_tools: None) -> Iterator[LocalCluster]:
    with LocalCluster.start(tmp_path / "cluster", nodes=3, heap="768m") as cluster:
        yield cluster


@pytest.mark.cluster
@pytest.mark.slow
def test_cluster_ingest_survives_losing_a_node(three_nodes: LocalCluster) -> None:
    config = ClusterConfig(
        urls=three_nodes.urls,
        index=f"failover-{uuid.uuid4().hex[:8]}",
        shards=3,
        replicas=1,
    )
    backend = ClusterBackend(config)
    files = [make_file(number) for number in range(DOCUMENTS)]
    acknowledged = 0
    killed = threading.Event()
    lock = threading.Lock()

    def on_chunk(report: BulkReport) -> None:
        nonlocal acknowledged
        with lock:
            acknowledged += report.acknowledged
            due = acknowledged >= DOCUMENTS // 3 and not killed.is_set()
            if due:
                killed.set()
        if due:
            three_nodes.kill_node(2)

    report = backend.write_stream(iter(files), workers=2, on_chunk=on_chunk)

    assert killed.is_set()
    assert report.failures == {}
    assert report.acknowledged == DOCUMENTS
    assert report.files == DOCUMENTS

    # The two survivors hold every primary (replicas of the lost node promoted;
    # new replicas wait out the engine's one-minute delay, so yellow it is). In
    # the path: opensearch-py would read a «timeout» parameter as its own.
    health = backend._client.request(
        "GET", "/_cluster/health?wait_for_status=yellow&wait_for_nodes=2&timeout=120s"
    )
    assert health["number_of_nodes"] == 2
    assert health["unassigned_shards"] <= 3
    backend.refresh()
    listed = list(backend.iter_ids())
    assert len(listed) == DOCUMENTS
    assert set(listed) == {f"f{number:06d}" for number in range(DOCUMENTS)}
    assert backend.count() == DOCUMENTS
    assert backend.search(SearchRequest("документ", limit=1)).total == DOCUMENTS
    for number in (0, DOCUMENTS // 3, DOCUMENTS // 2, DOCUMENTS - 1):
        hits = backend.search(SearchRequest(f"л{number:06d}")).hits
        assert [hit.id for hit in hits] == [f"f{number:06d}"]
    assert all(backend.is_file_indexed(f"{n:064x}") for n in range(0, DOCUMENTS, 97))
    backend.close()
