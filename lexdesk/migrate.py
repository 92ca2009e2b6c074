"""``lexdesk migrate`` and ``lexdesk reindex``: move an index to a cluster, rebuild it.

``migrate --from sqlite --to opensearch`` (or ``elasticsearch``) copies every
document of the embedded index in ``LEXDESK_HOME`` to the cluster that the
``LEXDESK_SEARCH_*`` settings name, file by file, with parallel bulk requests
and flat memory; files already on the cluster are skipped, so a migration cut
short is simply run again. ``reindex`` rebuilds the cluster index with the
current mapping behind its alias while searches go on.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lexdesk.errors import UserInputError
from lexdesk.settings import BackendName, Settings
from search.cluster import BulkReport, ClusterBackend
from search.cluster_client import ClusterConfig, ClusterFlavor, cluster_config
from search.records import FileRecords
from search.sqlite import SqliteBackend

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
# Files whose presence on the cluster is checked in one request.
CHECK_BATCH = 500


@dataclass(frozen=True)
class MigrationReport:
    """What a migration did.

    Attributes:
        documents: documents in the embedded index.
        files: files they came from.
        skipped_files: files already on the cluster, not sent again.
        created: documents written to the cluster now.
        existing: documents the cluster already had.
        failed: documents the cluster refused (their files stay unmarked).
        cluster_documents: documents in the cluster index afterwards.
    """

    documents: int
    files: int
    skipped_files: int
    created: int
    existing: int
    failed: int
    cluster_documents: int


def iter_files(index: SqliteBackend) -> Iterator[FileRecords]:
    """Yield the embedded index's documents grouped by file, in ingest order.

    A file's documents were written together, so they are consecutive in the
    index's order.
    """
    records = (index.get(doc_id) for doc_id in index.iter_ids())
    present = (record for record in records if record is not None)
    for sha256, group in itertools.groupby(present, key=lambda r: r.file_sha256):
        batch = tuple(group)
        yield FileRecords(sha256, batch[0].source, batch)


def migrate(
    source: Path,
    target: ClusterConfig,
    *,
    workers: int = 2,
    on_file: Callable[[], None] | None = None,
) -> MigrationReport:
    """Copy the embedded index at ``source`` to the cluster index of ``target``.

    Args:
        source: the embedded index file (``index.sqlite3``).
        target: the cluster and its index alias (created when missing).
        workers: bulk requests in flight.
        on_file: called for every file read, for a progress bar.

    Raises:
        UserInputError: there is no embedded index at ``source``.
        ClusterUnavailableError: no node of the cluster answered.
    """
    if not source.is_file():
        raise UserInputError(
            f"no embedded index at {source}",
            user_message=f"Встроенный индекс {source} не найден: переносить нечего.",
        )
    embedded = SqliteBackend(source)
    cluster = ClusterBackend(target)
    counts = {"documents": 0, "files": 0, "skipped": 0}

    def pending() -> Iterator[FileRecords]:
        files = iter_files(embedded)
        while batch := list(itertools.islice(files, CHECK_BATCH)):
            done = cluster.indexed_files([item.sha256 for item in batch])
            for item in batch:
                counts["files"] += 1
                counts["documents"] += len(item.records)
                if on_file is not None:
                    on_file()
                if item.sha256 in done:
                    counts["skipped"] += 1
                    continue
                yield item

    try:
        report: BulkReport = cluster.write_stream(pending(), workers=workers)
        cluster.refresh()
        total = cluster.count()
    finally:
        embedded.close()
        cluster.close()
    for doc_id, reason in itertools.islice(report.failures.items(), 20):
        logger.warning("document %s not migrated: %s", doc_id, reason)
    logger.info(
        "migrated %d files (%d skipped): %d documents new, %d existing, %d refused",
        counts["files"],
        counts["skipped"],
        report.created,
        report.existing,
        len(report.failures),
    )
    return MigrationReport(
        documents=counts["documents"],
        files=counts["files"],
        skipped_files=counts["skipped"],
        created=report.created,
        existing=report.existing,
        failed=len(report.failures),
        cluster_documents=total,
    )


def add_parsers(subparsers: Any) -> None:
    """Register ``migrate`` and ``reindex`` on the CLI's subparsers."""
    migrate_parser = subparsers.add_parser(
        "migrate", help="перенести встроенный индекс в кластер"
    )
    migrate_parser.add_argument(
        "--from",
        dest="source",
        choices=[BackendName.SQLITE.value],
        required=True,
        help="откуда: sqlite (встроенный индекс в LEXDESK_HOME)",
    )
    migrate_parser.add_argument(
        "--to",
        dest="target",
        choices=[flavor.value for flavor in ClusterFlavor],
        required=True,
        help="куда: opensearch или elasticsearch (адрес — LEXDESK_SEARCH_URL)",
    )
    migrate_parser.add_argument(
        "--url",
        default=None,
        help="адреса узлов через запятую вместо LEXDESK_SEARCH_URL",
    )
    migrate_parser.add_argument(
        "--workers", type=int, default=2, help="одновременных запросов _bulk (2)"
    )
    migrate_parser.add_argument("--json", action="store_true", help="итог в JSON")
    migrate_parser.set_defaults(handler=run_migrate)

    reindex_parser = subparsers.add_parser(
        "reindex", help="перестроить кластерный индекс без остановки поиска"
    )
    reindex_parser.add_argument("--json", action="store_true", help="итог в JSON")
    reindex_parser.set_defaults(handler=run_reindex)


def run_migrate(args: argparse.Namespace, settings: Settings) -> int:
    """Handle ``lexdesk migrate``; return the exit status."""
    update: dict[str, Any] = {"backend": BackendName(args.target)}
    if args.url:
        update["search_url"] = args.url
    target = cluster_config(settings.model_copy(update=update))
    assert target is not None  # the backend is a cluster flavour here
    report = migrate(
        settings.home / "index.sqlite3", target, workers=max(1, args.workers)
    )
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    else:
        print(
            f"Перенесено в {target.index}: файлов {report.files} (пропущено уже "
            f"перенесённых: {report.skipped_files}), документов новых {report.created}, "
            f"уже было {report.existing}, отклонено {report.failed}; в кластере "
            f"теперь {report.cluster_documents}.",
            file=sys.stderr,
        )
    return EXIT_FAILURE if report.failed else EXIT_OK


def run_reindex(args: argparse.Namespace, settings: Settings) -> int:
    """Handle ``lexdesk reindex``; return the exit status."""
    config = cluster_config(settings)
    if config is None:
        raise UserInputError(
            "reindex needs a cluster backend",
            user_message=(
                "Переиндексация нужна только кластерному индексу: задайте "
                "LEXDESK_BACKEND=opensearch или elasticsearch и LEXDESK_SEARCH_URL."
            ),
        )
    backend = ClusterBackend(config)
    try:
        old, new, count = backend.reindex()
    finally:
        backend.close()
    if args.json:
        print(json.dumps({"old_index": old, "new_index": new, "documents": count}))
    else:
        print(
            f"Индекс {config.index} перестроен: {old} → {new}, документов {count}.",
            file=sys.stderr,
        )
    return EXIT_OK
