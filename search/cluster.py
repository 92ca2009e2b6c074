"""The cluster search backend: Elasticsearch 8.x or OpenSearch 2.x/3.x.

It answers what the embedded backend answers — the same query language compiled
to the same DSL on both engines (:mod:`search.cluster_dsl`), facets as
aggregations, cursors as ``search_after`` over a point in time — for a corpus
that outgrew one machine.

Index layout: lexdesk reads and writes an alias (``LEXDESK_SEARCH_INDEX``,
``lexdesk`` by default) over one index ``<alias>-000001``; :meth:`ClusterBackend.
reindex` builds ``<alias>-000002`` beside it and moves the alias in one atomic
step, so searches never stop. Ingested files are remembered in
``<alias>-files`` (id: the file's SHA-256).

Writes are idempotent: a document's id is its content id and it is written with
``create``, so a re-ingest or a retried bulk never duplicates it. A bulk item
refused with 429 (the node's write queue is full) or a 5xx is sent again after a
pause; any other refusal is reported with its reason. A file is marked as
ingested only once all its documents were acknowledged, so a file cut short by
a failure is ingested again next time. The engine offers no transaction across
documents: unlike the embedded index, documents acknowledged before a failure
stay written.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from lexdesk.errors import InfrastructureError, UserInputError
from nlp.kinds import DocumentKind
from search.cluster_client import (
    ClusterClient,
    ClusterConfig,
    ClusterRequestError,
    ClusterUnavailableError,
    connect,
)
from search.cluster_dsl import (
    MAPPING_VERSION,
    MAX_RESULT_WINDOW,
    STATUTE_FIELD,
    compile_query,
    document_source,
    facet_aggregations,
    files_index_body,
    index_body,
    is_ranked,
    read_facets,
    record_from_source,
    sort_clause,
)
from search.cluster_similar import find_similar
from search.cursors import InvalidCursorError, fingerprint
from search.query import parse_query
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
from search.snippets import (
    Highlight,
    compute_checkpoints,
    highlight_for,
    make_snippet,
)

logger = logging.getLogger(__name__)

# Attempts of a bulk item refused with 429 or 5xx, and the first pause between
# them (doubled each time, at most BACKOFF_MAX): about 30 s in all, enough for a
# cluster to promote replicas after losing a node.
BULK_ATTEMPTS = 8
BACKOFF_FIRST = 0.25
BACKOFF_MAX = 8.0
# A bulk request is cut at this many documents or bytes, whichever comes first
# (the engines' guidance: a few megabytes per request).
BULK_DOCUMENTS = 500
BULK_BYTES = 8 * 2**20
# How long a point in time behind a cursor lives between two pages.
CURSOR_KEEP_ALIVE = "10m"
CURSOR_VERSION = 1
# Longest cursor accepted: a point-in-time id of a many-shard index is ~1 KB.
MAX_CURSOR_LENGTH = 4096
# Hits fetched per request when listing every id.
ID_PAGE = 1000
# Fields of a hit that a result page needs (its snippet is cut here, from the
# text and its lemma stream, exactly as the embedded backend cuts it).
_HIT_SOURCE = ["id", "title", "kind", "date", "source", "text", "lemmas"]
# Item statuses of a bulk answer.
_CREATED = {200, 201}
_EXISTS = 409


class ExpiredCursorError(UserInputError):
    """A cursor whose point in time expired (no page asked for in 10 minutes)."""

    def __init__(self) -> None:
        super().__init__(
            "page cursor expired",
            user_message=(
                "Курсор страницы устарел (страницы не запрашивались дольше 10 минут); "
                "начните просмотр с первой страницы."
            ),
        )


class BulkWriteError(InfrastructureError):
    """Documents the cluster refused for good; their files are not marked ingested.

    Attributes:
        failures: document id → the engine's reason, for every refused document.
    """

    def __init__(self, failures: Mapping[str, str]) -> None:
        first_id, first_reason = next(iter(failures.items()))
        super().__init__(
            f"cluster refused {len(failures)} documents, first {first_id}: "
            f"{first_reason}",
            user_message=(
                f"Кластер не принял документов: {len(failures)} (первый {first_id}: "
                f"{first_reason[:200]}); их файлы будут загружены при следующем запуске."
            ),
        )
        self.failures = dict(failures)


@dataclass
class BulkReport:
    """What a bulk write did.

    Attributes:
        created: documents written now.
        existing: documents that were already in the index (same id).
        retried: bulk items sent again after a 429 or 5xx.
        failures: document id → reason, for documents refused for good.
        files: files marked as ingested.
    """

    created: int = 0
    existing: int = 0
    retried: int = 0
    failures: dict[str, str] = field(default_factory=dict)
    files: int = 0

    @property
    def acknowledged(self) -> int:
        """Documents the cluster holds now: written now or already there."""
        return self.created + self.existing

    def add(self, other: BulkReport) -> None:
        """Add another report's counts to this one."""
        self.created += other.created
        self.existing += other.existing
        self.retried += other.retried
        self.failures.update(other.failures)
        self.files += other.files


@dataclass(frozen=True)
class _Chunk:
    """Files whose documents go in one bulk request."""

    files: tuple[FileRecords, ...]
    lines: tuple[str, ...]
    ids: tuple[str, ...]
    size: int


@dataclass(frozen=True)
class _Cursor:
    """Where the next page starts; ``pit_id`` is empty until the second page."""

    fingerprint: str
    pit_id: str
    snapshot: int
    after: list[Any]
    seen: int

    def encode(self) -> str:
        payload = json.dumps(
            [
                CURSOR_VERSION,
                self.fingerprint,
                self.pit_id,
                self.snapshot,
                self.after,
                self.seen,
            ],
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_cursor(text: str, *, expected_fingerprint: str) -> _Cursor:
    if len(text) > MAX_CURSOR_LENGTH:
        raise InvalidCursorError("too long")
    try:
        fields = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError) as error:
        raise InvalidCursorError("not base64 JSON") from error
    if not isinstance(fields, list) or len(fields) != 6:
        raise InvalidCursorError("wrong shape")
    version, fingerprint_, pit_id, snapshot, after, seen = fields
    if version != CURSOR_VERSION:
        raise InvalidCursorError(f"version {version!r}")
    if fingerprint_ != expected_fingerprint:
        raise InvalidCursorError("another search")
    if not (
        isinstance(pit_id, str)
        and isinstance(snapshot, int)
        and isinstance(after, list)
        and isinstance(seen, int)
    ):
        raise InvalidCursorError("bad field types")
    return _Cursor(fingerprint_, pit_id, snapshot, after, seen)


def _now_ms() -> int:
    return int(time.time() * 1000)


class ClusterBackend:
    """The search backend on an Elasticsearch or OpenSearch cluster.

    Args:
        config: where the cluster is and how a new index is shaped.
        refresh_writes: make every write searchable before ``write_files``
            returns (tests, small ingests); otherwise documents become
            searchable within the engine's refresh interval (1 s).
        client: a client to use instead of connecting (tests).

    Raises:
        ClusterUnavailableError: no node answered.
        ClusterRequestError: the cluster refused to create the index.
    """

    def __init__(
        self,
        config: ClusterConfig,
        *,
        refresh_writes: bool = False,
        client: ClusterClient | None = None,
    ) -> None:
        self.config = config
        self.alias = config.index
        self.files_index = f"{config.index}-files"
        self.refresh_writes = refresh_writes
        self._client = client if client is not None else connect(config)
        self._ensure_indices()

    # -- index lifecycle -------------------------------------------------------------

    def _ensure_indices(self) -> None:
        """Create the first index with its alias, and the files index, if missing."""
        if self._current_index() is None:
            first = f"{self.alias}-000001"
            body = index_body(shards=self.config.shards, replicas=self.config.replicas)
            body["aliases"] = {self.alias: {}}
            self._create_index(first, body)
            logger.info("created index %s behind alias %s", first, self.alias)
        self._create_index(
            self.files_index, files_index_body(replicas=self.config.replicas)
        )
        version = self._mapping_version()
        if version < MAPPING_VERSION:
            logger.warning(
                "index %s has mapping %d, current is %d: run `lexdesk reindex`",
                self.alias,
                version,
                MAPPING_VERSION,
            )

    def _create_index(self, name: str, body: Mapping[str, Any]) -> None:
        try:
            self._client.request("PUT", f"/{name}", body=body)
        except ClusterRequestError as error:
            # Another process created it first: the same body, nothing to do.
            if "resource_already_exists" not in error.reason:
                raise

    def _current_index(self) -> str | None:
        """The index behind the alias, or None when there is no alias yet."""
        try:
            answer = self._client.request("GET", f"/_alias/{self.alias}")
        except ClusterRequestError as error:
            if error.status == 404:
                return None
            raise
        names = sorted(answer)
        return names[-1] if names else None

    def _mapping_version(self) -> int:
        answer = self._client.request("GET", f"/{self.alias}/_mapping")
        meta = next(iter(answer.values()))["mappings"].get("_meta", {})
        return int(meta.get("lexdesk_mapping", 0))

    def refresh(self) -> None:
        """Make every acknowledged write searchable now."""
        self._client.request("POST", f"/{self.alias},{self.files_index}/_refresh")

    def reindex(self) -> tuple[str, str, int]:
        """Rebuild the index with the current mapping while searches go on.

        The documents are copied into a new index by the engine itself
        (``_reindex``), documents written meanwhile are copied again, then the
        alias moves to the new index in one atomic step and the old one is
        deleted. Documents deleted during the copy (a source file replaced by a
        new version) may reappear: do not ingest while reindexing.

        Returns:
            (old index, new index, documents in the new index).
        """
        old = self._current_index()
        if old is None:
            raise InfrastructureError(
                f"alias {self.alias} does not exist",
                user_message=f"Индекс {self.alias} ещё не создан: сначала загрузите документы.",
            )
        number = int(old.rsplit("-", 1)[-1]) if old.rsplit("-", 1)[-1].isdigit() else 0
        new = f"{self.alias}-{number + 1:06d}"
        self._create_index(
            new, index_body(shards=self.config.shards, replicas=self.config.replicas)
        )
        started = _now_ms()
        self._copy(old, new, query=None)
        # Writes that landed during the copy: the alias still pointed at «old».
        self._client.request("POST", f"/{old}/_refresh")
        self._copy(old, new, query={"range": {"indexed_at": {"gte": started - 1000}}})
        actions = [
            {"remove": {"index": old, "alias": self.alias}},
            {"add": {"index": new, "alias": self.alias}},
        ]
        self._client.request("POST", "/_aliases", body={"actions": actions})
        self._client.request("DELETE", f"/{old}")
        self._client.request("POST", f"/{new}/_refresh")
        count = int(self._client.request("GET", f"/{new}/_count")["count"])
        logger.info("reindexed %s into %s: %d documents", old, new, count)
        return old, new, count

    def _copy(
        self, source: str, target: str, *, query: Mapping[str, Any] | None
    ) -> None:
        body: dict[str, Any] = {"source": {"index": source}, "dest": {"index": target}}
        if query is not None:
            body["source"]["query"] = query
        answer = self._client.request(
            "POST", "/_reindex", params={"wait_for_completion": "true"}, body=body
        )
        failures = answer.get("failures") or []
        if failures:
            raise ClusterRequestError(
                500, f"{len(failures)} documents failed to copy", path="/_reindex"
            )

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    # -- writing -------------------------------------------------------------------

    def is_file_indexed(self, sha256: str) -> bool:
        """Whether a file with these bytes was already ingested."""
        try:
            self._client.request("GET", f"/{self.files_index}/_doc/{quote(sha256)}")
        except ClusterRequestError as error:
            if error.status == 404:
                return False
            raise
        return True

    def indexed_files(self, sha256s: Sequence[str]) -> set[str]:
        """Return which of these file hashes were already ingested (one request)."""
        if not sha256s:
            return set()
        answer = self._client.request(
            "POST", f"/{self.files_index}/_mget", body={"ids": list(sha256s)}
        )
        return {str(doc["_id"]) for doc in answer["docs"] if doc.get("found")}

    def write(
        self, records: Sequence[DocumentRecord], *, file_sha256: str, source: str
    ) -> int:
        """Write the records of one file; return how many were new."""
        return self.write_files([FileRecords(file_sha256, source, tuple(records))])

    def write_files(self, files: Sequence[FileRecords]) -> int:
        """Write several files' records; return how many documents were new.

        Earlier versions of the same source file are deleted once the new one is
        written, as the embedded backend does.

        Raises:
            ArithmeticError: an amount is not a number (nothing is sent then).
            BulkWriteError: documents refused for good; the other files of the
                batch are written and marked.
            ClusterUnavailableError: no node answered, even after retries.
        """
        chunks = list(self._chunks(files))
        report = BulkReport()
        for chunk in chunks:
            report.add(self._write_chunk(chunk))
        if self.refresh_writes:
            self.refresh()
        if report.failures:
            raise BulkWriteError(report.failures)
        return report.created

    def write_stream(
        self,
        files: Iterable[FileRecords],
        *,
        workers: int = 2,
        on_chunk: Callable[[BulkReport], None] | None = None,
    ) -> BulkReport:
        """Write a long stream of files with parallel bulk requests.

        Chunks wait in a queue of ``2 × workers`` places, so memory stays flat
        whatever the stream's length: the producer (this thread) waits while the
        queue is full. Refused documents are collected in the report rather than
        raised, so that one bad document does not stop a migration.

        Args:
            files: the files, read lazily.
            workers: bulk requests in flight at once.
            on_chunk: called with each chunk's report (progress), from a worker.
        """
        pending: queue.Queue[_Chunk | None] = queue.Queue(maxsize=2 * workers)
        total = BulkReport()
        lock = threading.Lock()
        errors: list[BaseException] = []

        def work() -> None:
            while (chunk := pending.get()) is not None:
                if errors:
                    continue
                try:
                    report = self._write_chunk(chunk)
                except BaseException as error:  # handed to the producer, re-raised
                    errors.append(error)
                    continue
                with lock:
                    total.add(report)
                if on_chunk is not None:
                    on_chunk(report)

        threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
        for thread in threads:
            thread.start()
        try:
            for chunk in self._chunks(files):
                if errors:
                    break
                pending.put(chunk)
        finally:
            for _ in threads:
                pending.put(None)
            for thread in threads:
                thread.join()
        if errors:
            raise errors[0]
        if self.refresh_writes:
            self.refresh()
        return total

    def _chunks(self, files: Iterable[FileRecords]) -> Iterator[_Chunk]:
        """Cut files into bulk requests; a file's documents stay in one request."""
        batch: list[FileRecords] = []
        lines: list[str] = []
        ids: list[str] = []
        size = 0
        for item in files:
            indexed_at = _now_ms()
            item_lines, item_ids = [], []
            for position, record in enumerate(item.records):
                source = document_source(record, indexed_at=indexed_at)
                source["position"] = position
                action = {"create": {"_index": self.alias, "_id": record.id}}
                item_lines.append(json.dumps(action, ensure_ascii=False) + "\n")
                item_lines.append(json.dumps(source, ensure_ascii=False) + "\n")
                item_ids.append(record.id)
            item_size = sum(len(line) for line in item_lines)
            if batch and (
                len(ids) + len(item_ids) > BULK_DOCUMENTS
                or size + item_size > BULK_BYTES
            ):
                yield _Chunk(tuple(batch), tuple(lines), tuple(ids), size)
                batch, lines, ids, size = [], [], [], 0
            batch.append(item)
            lines.extend(item_lines)
            ids.extend(item_ids)
            size += item_size
        if batch:
            yield _Chunk(tuple(batch), tuple(lines), tuple(ids), size)

    def _write_chunk(self, chunk: _Chunk) -> BulkReport:
        """Send one chunk, retrying what can succeed later, then mark its files."""
        report = self._send_bulk(list(chunk.lines), list(chunk.ids))
        done = [
            item
            for item in chunk.files
            if not any(record.id in report.failures for record in item.records)
        ]
        self._replace_older_versions(done)
        if done:
            marks: list[str] = []
            now = dt.datetime.now(dt.UTC).isoformat()
            for item in done:
                action = {"index": {"_index": self.files_index, "_id": item.sha256}}
                mark = {
                    "source": item.source,
                    "documents": len(item.records),
                    "indexed_at": now,
                }
                marks.append(json.dumps(action) + "\n")
                marks.append(json.dumps(mark, ensure_ascii=False) + "\n")
            marked = self._send_bulk(marks, [item.sha256 for item in done])
            report.files = len(done) - len(marked.failures)
        logger.debug(
            "bulk of %d documents: %d new, %d existing, %d refused, %d retried",
            len(chunk.ids),
            report.created,
            report.existing,
            len(report.failures),
            report.retried,
        )
        return report

    def _send_bulk(self, lines: list[str], ids: list[str]) -> BulkReport:
        """Send bulk actions (two lines each); retry items refused with 429/5xx."""
        report = BulkReport()
        pending = list(range(len(ids)))
        reasons: dict[int, str] = {}
        for attempt in range(BULK_ATTEMPTS):
            if attempt:
                pause = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (attempt - 1))
                time.sleep(pause * (0.5 + random.random() / 2))
                report.retried += len(pending)
            body = "".join(lines[2 * i] + lines[2 * i + 1] for i in pending)
            try:
                answer = self._client.bulk(body)
            except (ClusterUnavailableError, ClusterRequestError) as error:
                status = getattr(error, "status", 503)
                if status != 429 and status < 500:
                    raise
                logger.warning("bulk request failed (%s), retrying", error)
                reasons.update((i, str(error)) for i in pending)
                continue
            retry: list[int] = []
            for i, item in zip(pending, answer["items"], strict=True):
                result = next(iter(item.values()))
                status = int(result.get("status", 500))
                if status in _CREATED:
                    report.created += 1
                elif status == _EXISTS:
                    report.existing += 1
                elif status == 429 or status >= 500:
                    retry.append(i)
                    reasons[i] = _item_reason(result)
                else:
                    report.failures[ids[i]] = _item_reason(result)
            pending = retry
            if not pending:
                break
        for i in pending:
            report.failures[ids[i]] = reasons.get(i, "no answer")
        if report.failures:
            logger.warning(
                "cluster refused %d of %d documents", len(report.failures), len(ids)
            )
        return report

    def _replace_older_versions(self, files: Sequence[FileRecords]) -> None:
        """Delete documents of earlier versions of these source files."""
        if not files:
            return
        current = {item.source: item.sha256 for item in files}
        # Without a refresh: a version written less than a second ago is not
        # seen, which only matters for a file edited twice within that second.
        answer = self._client.request(
            "POST",
            f"/{self.alias}/_search",
            body={
                "query": {"terms": {"source": sorted(current)}},
                "_source": ["source", "file_sha256"],
                "size": MAX_RESULT_WINDOW,
            },
        )
        stale = [
            hit
            for hit in answer["hits"]["hits"]
            if hit["_source"]["file_sha256"] != current[hit["_source"]["source"]]
        ]
        if not stale:
            return
        old_files = sorted({hit["_source"]["file_sha256"] for hit in stale})
        lines = [
            json.dumps({"delete": {"_index": self.alias, "_id": hit["_id"]}}) + "\n"
            for hit in stale
        ]
        lines += [
            json.dumps({"delete": {"_index": self.files_index, "_id": sha}}) + "\n"
            for sha in old_files
        ]
        self._client.bulk("".join(lines))
        logger.info(
            "replaced %d documents of %d earlier file versions",
            len(stale),
            len(old_files),
        )

    # -- reading -------------------------------------------------------------------

    def count(self) -> int:
        """Return the number of documents in the index."""
        return int(self._client.request("GET", f"/{self.alias}/_count")["count"])

    def iter_ids(self) -> Iterator[str]:
        """Yield every document id, in id order."""
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {
                "size": ID_PAGE,
                "_source": False,
                "sort": [{"id": "asc"}],
                "query": {"match_all": {}},
            }
            if after is not None:
                body["search_after"] = after
            hits = self._client.request("POST", f"/{self.alias}/_search", body=body)[
                "hits"
            ]["hits"]
            for hit in hits:
                yield str(hit["_id"])
            if len(hits) < ID_PAGE:
                return
            after = hits[-1]["sort"]

    def get(self, doc_id: str) -> DocumentRecord | None:
        """Return one document, or None when there is no such id."""
        try:
            answer = self._client.request(
                "GET", f"/{self.alias}/_doc/{quote(doc_id, safe='')}"
            )
        except ClusterRequestError as error:
            if error.status == 404:
                return None
            raise
        return record_from_source(answer["_source"])

    def ids_for_file(self, sha256: str) -> list[str]:
        """Return the ids of the documents of an ingested file, in order."""
        answer = self._client.request(
            "POST",
            f"/{self.alias}/_search",
            body={
                "query": {"term": {"file_sha256": sha256}},
                "sort": [{"position": "asc"}, {"id": "asc"}],
                "_source": False,
                "size": MAX_RESULT_WINDOW,
            },
        )
        return [str(hit["_id"]) for hit in answer["hits"]["hits"]]

    def statute_article(self, key: str) -> DocumentRecord | None:
        """Return the indexed statute article with this citation key, or None."""
        answer = self._client.request(
            "POST",
            f"/{self.alias}/_search",
            body={
                "query": {"term": {f"fields.{STATUTE_FIELD}": key.lower()}},
                "sort": [{"id": "asc"}],
                "size": 1,
            },
        )
        hits = answer["hits"]["hits"]
        return record_from_source(hits[0]["_source"]) if hits else None

    def similar(self, probe: SimilarityProbe, *, limit: int) -> SimilarResult:
        """Return the precedents of a probe, best first (see :mod:`search.similar`)."""
        return find_similar(self._client, self.alias, probe, limit=limit)

    def search(self, request: SearchRequest) -> SearchResult:
        """Run a query; see :mod:`search.query` for the language.

        The first page is a plain search. Its cursor holds the last hit's sort
        key and the time of the first page; the second page opens a point in
        time, and every later page continues in it with ``search_after``, among
        the documents indexed before the first page. A search nobody pages
        through thus costs one request and holds nothing open on the cluster.
        Relevance scores are those of the point in time: documents indexed
        between the first and the second page are never shown, but their words
        move BM25 statistics a little, which can shift the order at that one
        page boundary.

        Raises:
            QuerySyntaxError: the query is malformed.
            UserInputError: a field value is not allowed (an unknown kind), or an
                offset past the engine's window (page by cursor instead).
            InvalidCursorError: the cursor is malformed or of another search.
            ExpiredCursorError: the cursor's point in time expired.
        """
        node = parse_query(request.query)
        ranked = is_ranked(node)
        order = request.sort
        if order is SortOrder.RELEVANCE and not ranked:
            order = SortOrder.DATE_DESC
        key = fingerprint(request)
        body: dict[str, Any] = {
            "size": request.limit,
            "sort": sort_clause(order, ranked=ranked),
            "track_total_hits": True,
            "track_scores": True,
            "_source": _HIT_SOURCE,
        }
        if request.facets:
            body["aggs"] = facet_aggregations(request.facets)

        if request.cursor is None:
            if request.offset + request.limit > MAX_RESULT_WINDOW:
                raise _window_error(request.offset + request.limit)
            snapshot = _now_ms()
            body["query"] = compile_query(node, request)
            body["from"] = request.offset
            answer = self._client.request("POST", f"/{self.alias}/_search", body=body)
            seen, pit_id = request.offset, ""
        else:
            cursor = _decode_cursor(request.cursor, expected_fingerprint=key)
            snapshot, seen, pit_id = cursor.snapshot, cursor.seen, cursor.pit_id
            if not pit_id:
                pit_id = self._client.open_point_in_time(
                    self.alias, keep_alive=CURSOR_KEEP_ALIVE
                )
            body["query"] = compile_query(node, request, snapshot=snapshot)
            body["search_after"] = cursor.after
            body["pit"] = {"id": pit_id, "keep_alive": CURSOR_KEEP_ALIVE}
            answer = self._search_point_in_time(body)
            pit_id = str(answer.get("pit_id") or pit_id)

        hits = answer["hits"]["hits"]
        total = int(answer["hits"]["total"]["value"])
        served = seen + len(hits)
        next_cursor = None
        if hits and served < total:
            next_cursor = _Cursor(
                key, pit_id, snapshot, hits[-1]["sort"], served
            ).encode()
        elif pit_id:
            self._release(pit_id)

        facets: dict[FacetName, tuple[FacetCount, ...]] = {}
        if request.facets:
            facets = read_facets(request.facets, answer["aggregations"])
        highlight = highlight_for(node)
        result_hits = tuple(
            _hit(hit, score_by_rank=ranked, highlight=highlight) for hit in hits
        )
        return SearchResult(
            total=total, hits=result_hits, facets=facets, next_cursor=next_cursor
        )

    def _search_point_in_time(self, body: Mapping[str, Any]) -> Any:
        """Search in a point in time (no index in the path: the point names it)."""
        try:
            return self._client.request("POST", "/_search", body=body)
        except ClusterRequestError as error:
            if error.status == 404 or "search_context_missing" in error.reason:
                raise ExpiredCursorError() from error
            raise

    def _release(self, pit_id: str) -> None:
        try:
            self._client.close_point_in_time(pit_id)
        except ClusterRequestError as error:
            # An expired point in time is already released.
            logger.debug("point in time not released: %s", error.reason)


def _window_error(window: int) -> UserInputError:
    return UserInputError(
        f"offset + limit {window} exceeds {MAX_RESULT_WINDOW}",
        user_message=(
            f"Слишком далёкая страница (позиция {window}): постраничный просмотр "
            f"по номеру доступен до {MAX_RESULT_WINDOW} документов, дальше листайте "
            "курсором следующей страницы."
        ),
    )


def _item_reason(result: Mapping[str, Any]) -> str:
    error = result.get("error")
    if isinstance(error, Mapping):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}"
    return f"status {result.get('status')}"


def _hit(
    hit: Mapping[str, Any], *, score_by_rank: bool, highlight: Highlight
) -> SearchHit:
    source = hit["_source"]
    date = source.get("date")
    text, lemmas = source["text"], source["lemmas"]
    score = hit.get("_score")
    return SearchHit(
        id=source["id"],
        title=source["title"],
        kind=DocumentKind(source["kind"]),
        date=dt.date.fromisoformat(date) if date else None,
        score=round(float(score), 4) if score_by_rank and score is not None else 0.0,
        snippet=make_snippet(
            text, lemmas, compute_checkpoints(text, lemmas), highlight
        ),
        source=source["source"],
    )
