"""Uploaded files: received as a stream, then ingested or only analysed.

A file arrives as ``multipart/form-data`` in the field «file». The body is read
chunk by chunk and counted: past the size limit the request stops with a 413
problem, and the file never sits whole in memory (the multipart parser spools it
to disk beyond 1 MB). It is then copied under its own name into a private
temporary folder, because the parsers tell formats apart partly by the file
extension, and goes through the same stages as ``lexdesk ingest``
(:func:`indexer.pipeline.prepare_file`), so an upload is accepted or rejected for
the same reasons as on the command line.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from api.problems import ParameterError, PayloadTooLargeError
from api.schemas_research import UploadOutcome
from indexer.discover import hash_file
from indexer.originals import store_original
from indexer.parse import parse_file
from indexer.pipeline import FileResult, Outcome, prepare_file
from lexdesk.errors import DataError
from search.backend import SearchBackend
from search.records import DocumentRecord, FileRecords

logger = logging.getLogger(__name__)

# The multipart field that carries the file.
FILE_FIELD = "file"
# Bytes of a multipart body beyond the file itself: boundaries and part headers.
MULTIPART_SLACK = 64 * 1024
# Longest file name kept from the client.
MAX_NAME_LENGTH = 120
# Characters a client-sent file name may not keep: path separators, control
# characters and what Windows forbids, e.g. «../../etc/passwd» or «a:b?.pdf».
_UNSAFE_NAME_RE = re.compile(r'[\x00-\x1f/\\:*?"<>|]')


class UploadRejectedError(DataError):
    """The file was read but cannot be used (corrupt, encrypted, unsupported)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(
            f"upload rejected: {reason}",
            user_message=f"Файл «{name}» не принят: {reason}",
        )
        self.reason = reason


@dataclass(frozen=True)
class ReceivedFile:
    """An uploaded file on disk, for the duration of one request.

    Attributes:
        path: the temporary copy, named like the client's file.
        name: the client's file name, made safe.
        size: its size in bytes.
    """

    path: Path
    name: str
    size: int


@dataclass(frozen=True)
class IngestedUpload:
    """An accepted upload: indexed now, or already in the index."""

    outcome: UploadOutcome
    reason: str
    documents: tuple[str, ...]


def safe_name(name: str | None) -> str:
    """Keep the last component of a client's file name, without unsafe characters."""
    base = re.split(r"[/\\]", name or "")[-1]
    cleaned = _UNSAFE_NAME_RE.sub("_", base).strip(" .")
    return cleaned[-MAX_NAME_LENGTH:] or "upload"


@asynccontextmanager
async def receive_upload(
    request: Request, *, max_bytes: int
) -> AsyncIterator[ReceivedFile]:
    """Receive the «file» part of a multipart request into a temporary file.

    The file is deleted when the context exits.

    Raises:
        PayloadTooLargeError: the body is larger than ``max_bytes`` (plus the
            multipart framing).
        ParameterError: the body is not multipart, or has no «file» part.
    """
    # A declared length refuses a large body before any of it is read.
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + MULTIPART_SLACK:
        raise PayloadTooLargeError(max_bytes)
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ParameterError(
            FILE_FIELD,
            "not a multipart body",
            field_message="тело запроса должно быть multipart/form-data с файлом.",
        )
    parser = MultiPartParser(
        request.headers,
        _limited(request.stream(), max_bytes + MULTIPART_SLACK, max_bytes),
        max_files=1,
        max_fields=4,
    )
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise ParameterError(
            FILE_FIELD,
            f"bad multipart body: {error.message}",
            field_message="тело запроса должно быть multipart/form-data с файлом.",
        ) from error
    upload = form.get(FILE_FIELD)
    if not isinstance(upload, UploadFile):
        await form.close()
        raise ParameterError(
            FILE_FIELD,
            "no file part",
            field_message="прикрепите файл в поле «file».",
        )
    name = safe_name(upload.filename)
    with tempfile.TemporaryDirectory(prefix="lexdesk-upload-") as folder:
        path = Path(folder) / name
        try:
            size = await run_in_threadpool(_copy, upload, path)
        finally:
            await form.close()
        if size > max_bytes:
            raise PayloadTooLargeError(max_bytes)
        yield ReceivedFile(path, name, size)


async def _limited(
    stream: AsyncIterator[bytes], limit: int, reported_limit: int
) -> AsyncGenerator[bytes, None]:
    """Pass the body through, stopping once it grows past ``limit`` bytes."""
    received = 0
    async for chunk in stream:
        received += len(chunk)
        if received > limit:
            raise PayloadTooLargeError(reported_limit)
        yield chunk


def _copy(upload: UploadFile, path: Path) -> int:
    upload.file.seek(0)
    with path.open("wb") as target:
        shutil.copyfileobj(upload.file, target, 2**20)
        return target.tell()


def ingest_upload(
    received: ReceivedFile, backend: SearchBackend, *, home: Path
) -> IngestedUpload:
    """Ingest one uploaded file as ``lexdesk ingest`` would, keeping its original.

    The documents' ``source`` is ``upload/<hash prefix>/<file name>``: unique per
    content, so two different uploads with one name never replace each other.

    Raises:
        UploadRejectedError: the file cannot be used; the reason is in Russian.
        InfrastructureError: the index or the originals store failed.
    """
    prepared = prepare_file(received.path, backend, set())
    if isinstance(prepared, FileResult):
        if prepared.outcome is Outcome.REJECTED:
            raise UploadRejectedError(received.name, prepared.reason)
        sha256 = hash_file(received.path)
        store_original(home, received.path, sha256)
        ids = tuple(backend.ids_for_file(sha256))
        return IngestedUpload(
            UploadOutcome.UNCHANGED, "Этот файл уже есть в индексе.", ids
        )
    item = prepared.item
    source = f"upload/{item.sha256[:16]}/{received.name}"
    records = tuple(replace(record, source=source) for record in item.records)
    store_original(home, received.path, item.sha256)
    backend.write_files([FileRecords(item.sha256, source, records)])
    logger.info("upload indexed: %d documents", len(records))
    return IngestedUpload(
        UploadOutcome.INDEXED,
        f"Файл проиндексирован, документов: {len(records)}.",
        tuple(record.id for record in records),
    )


def analyse_upload(received: ReceivedFile) -> list[DocumentRecord]:
    """Parse and analyse a file without indexing it (for precedents of a draft).

    Raises:
        UploadRejectedError: the file cannot be parsed.
    """
    from indexer.analyse import analyse

    sha256 = hash_file(received.path)
    try:
        parsed = parse_file(received.path)
        records = analyse(parsed, source=Path(received.name), file_sha256=sha256)
    except DataError as error:
        raise UploadRejectedError(received.name, error.user_message) from error
    return with_facts(records)


def text_upload(folder: Path, text: str) -> ReceivedFile:
    """Write pasted text as a UTF-8 file, so that it goes the way of any file."""
    path = folder / "текст.txt"
    data = text.encode("utf-8")
    path.write_bytes(data)
    return ReceivedFile(path, path.name, len(data))


def with_facts(records: Sequence[DocumentRecord]) -> list[DocumentRecord]:
    """Add the NLP facts (citations, court, category …) to records that lack them.

    Ingestion may already run the NLP pipeline; when it has not, precedents of an
    uploaded draft would compare text only, so the pipeline runs here (without
    the neural NER, which citations and case facts do not need).
    """
    try:
        from nlp.pipeline import analyse_text
    except ImportError:  # a build without the NLP pipeline: compare text only
        logger.warning("nlp.pipeline unavailable: precedents compare text only")
        return list(records)

    enriched = []
    for record in records:
        if "fields" in record.meta:
            enriched.append(record)
            continue
        meta = {**record.meta, **analyse_text(record.text, ner=False).to_meta()}
        enriched.append(replace(record, meta=meta))
    return enriched


def text_digest(text: str) -> str:
    """SHA-256 of pasted text, standing in for a file hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
