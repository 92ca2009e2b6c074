"""Moving an embedded index to a real cluster, and rebuilding it behind its alias."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from lexdesk.migrate import add_parsers, migrate
from lexdesk.settings import Settings
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.cluster import ClusterBackend
from search.cluster_client import ClusterConfig
from search.records import DocumentRecord, SearchRequest
from search.sqlite import SqliteBackend

TEXTS = [
    "Взыскать с должника задолженность за электроэнергию и пени.",
    "В иске о взыскании неустойки отказать.",
    "Судебный приказ отменён по заявлению должника.",
]


def make_record(number: int, *, part: int = 0) -> DocumentRecord:
    text = TEXTS[number % len(TEXTS)] + f" Дело {number}."
    return DocumentRecord(
        id=f"m{number}-{part}",
        title=f"Документ {number}",
        kind=DocumentKind.COURT_DECISION,
        date=dt.date(2021, 1 + number % 12, 1),
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(f"Документ {number}"),
        source=f"/corpus/{number}.txt",
        file_sha256=f"sha-{number}",
        format="text",
        meta={"fields": {"court": ["Октябрьский районный суд"]}},
    )


@pytest.fixture
def embedded(tmp_path: Path) -> Path:
    """An embedded index of 12 files; file 5 holds three documents (a statute)."""
    path = tmp_path / "index.sqlite3"
    index = SqliteBackend(path)
    for number in range(12):
        parts = 3 if number == 5 else 1
        records = [make_record(number, part=part) for part in range(parts)]
        index.write(
            records, file_sha256=f"sha-{number}", source=f"/corpus/{number}.txt"
        )
    index.close()
    return path


@pytest.mark.cluster
def test_migrate_copies_every_document_and_skips_them_next_time(
    embedded: Path, make_cluster: Callable[[], ClusterBackend]
) -> None:
    cluster = make_cluster()
    source = SqliteBackend(embedded)

    first = migrate(embedded, cluster.config)
    again = migrate(embedded, cluster.config)

    assert (first.files, first.documents, first.created, first.failed) == (
        12,
        14,
        14,
        0,
    )
    assert first.cluster_documents == 14
    assert (again.skipped_files, again.created, again.cluster_documents) == (12, 0, 14)
    assert sorted(cluster.iter_ids()) == sorted(source.iter_ids())
    assert cluster.get("m5-2") == source.get("m5-2")
    assert cluster.ids_for_file("sha-5") == ["m5-0", "m5-1", "m5-2"]
    query = SearchRequest("должник", limit=50)
    assert sorted(h.id for h in cluster.search(query).hits) == sorted(
        h.id for h in source.search(query).hits
    )


@pytest.mark.cluster
def test_reindex_moves_the_alias_to_a_new_index(
    embedded: Path, make_cluster: Callable[[], ClusterBackend]
) -> None:
    cluster = make_cluster()
    migrate(embedded, cluster.config)

    old, new, count = cluster.reindex()

    assert (old, new, count) == (
        f"{cluster.alias}-000001",
        f"{cluster.alias}-000002",
        14,
    )
    aliases = cluster._client.request("GET", f"/_alias/{cluster.alias}")
    assert sorted(aliases) == [new]
    assert cluster.count() == 14
    assert cluster.search(SearchRequest("неустойка")).total == 4
    assert cluster.is_file_indexed("sha-5")


@pytest.mark.cluster
def test_migrate_command_prints_json_report(
    embedded: Path,
    make_cluster: Callable[[], ClusterBackend],
    capsys: pytest.CaptureFixture[str],
) -> None:
    cluster = make_cluster()
    parser = argparse.ArgumentParser()
    add_parsers(parser.add_subparsers())
    args = parser.parse_args(
        ["migrate", "--from", "sqlite", "--to", "opensearch", "--json"]
    )
    settings = Settings(
        home=embedded.parent,
        search_url=",".join(cluster.config.urls),
        search_index=cluster.alias,
        search_replicas=0,
    )

    status = args.handler(args, settings)

    assert status == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], report["cluster_documents"]) == (14, 14)


def test_reindex_command_refuses_the_embedded_backend(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    add_parsers(parser.add_subparsers())
    args = parser.parse_args(["reindex"])

    with pytest.raises(Exception, match="reindex needs a cluster backend") as caught:
        args.handler(args, Settings(home=tmp_path))
    assert "LEXDESK_BACKEND=opensearch" in caught.value.user_message  # type: ignore[attr-defined]


def test_cluster_config_keeps_secrets_out_of_repr() -> None:
    config = ClusterConfig(
        urls=("http://127.0.0.1:9200",), username="u", password="s3cret", api_key="k3y"
    )

    assert "s3cret" not in repr(config)
    assert "k3y" not in repr(config)
