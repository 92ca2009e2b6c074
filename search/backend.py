"""The interface every search backend implements, and how one is opened."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from search.records import (
    DocumentRecord,
    FileRecords,
    SearchRequest,
    SearchResult,
    SimilarResult,
)
from search.similar import SimilarityProbe

if TYPE_CHECKING:
    from lexdesk.settings import Settings
    from search.cluster_client import ClusterConfig


class SearchBackend(Protocol):
    """A search index: the embedded SQLite one, or a cluster."""

    def is_file_indexed(self, sha256: str) -> bool:
        """Whether a file with these bytes was already ingested."""
        ...

    def write(
        self, records: Sequence[DocumentRecord], *, file_sha256: str, source: str
    ) -> int:
        """Write the records of one file atomically; return how many were written."""
        ...

    def write_files(self, files: Sequence[FileRecords]) -> int:
        """Write several files in one transaction; return how many records."""
        ...

    def search(self, request: SearchRequest) -> SearchResult:
        """Run a query (raises :class:`search.query.QuerySyntaxError` on bad syntax)."""
        ...

    def get(self, doc_id: str) -> DocumentRecord | None:
        """Return one document, or None when there is no such id."""
        ...

    def ids_for_file(self, sha256: str) -> list[str]:
        """Return the ids of the documents of an ingested file, in order."""
        ...

    def statute_article(self, key: str) -> DocumentRecord | None:
        """Return the indexed statute article with this citation key, or None."""
        ...

    def similar(self, probe: SimilarityProbe, *, limit: int) -> SimilarResult:
        """Return the precedents of a probe, best first (see :mod:`search.similar`)."""
        ...

    def count(self) -> int:
        """Return the number of documents in the index."""
        ...

    def iter_ids(self) -> Iterable[str]:
        """Yield every document id."""
        ...

    def close(self) -> None:
        """Release the index."""
        ...


def open_backend(
    data_dir: Path, *, cluster: ClusterConfig | None = None
) -> SearchBackend:
    """Open the cluster backend when ``cluster`` is given (see
    :func:`search.cluster_client.cluster_config`), else the embedded backend in
    ``data_dir`` (created when missing)."""
    if cluster is not None:
        from search.cluster import ClusterBackend

        return ClusterBackend(cluster)
    from search.sqlite import SqliteBackend

    return SqliteBackend(data_dir / "index.sqlite3")


def open_configured_backend(settings: Settings) -> SearchBackend:
    """Open the backend the settings choose: the cluster, or the embedded index.

    Every entry point (CLI, API, casework linking) opens the index through here,
    so ``LEXDESK_BACKEND`` and ``LEXDESK_SEARCH_URL`` choose it everywhere alike.

    Raises:
        InfrastructureError: a cluster is chosen without a usable URL, or the
            embedded index cannot be opened.
    """
    from search.cluster_client import cluster_config

    return open_backend(settings.home, cluster=cluster_config(settings))
