"""The ingest run: discover → parse → analyse → write, one file at a time.

A file that cannot be used is rejected with its reason and the run goes on: a bad
file never stops the run or costs another document. Each file is written in one
transaction, so an interrupted run leaves every file either fully indexed or not
at all, and the next run picks up where it stopped (unchanged files are skipped by
their hash).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from indexer.analyse import analyse
from indexer.discover import FoundFile, discover, hash_file
from indexer.originals import store_original
from indexer.parse import parse_file
from indexer.parsed import ExtractionMethod
from lexdesk.errors import DataError, InfrastructureError
from search.backend import SearchBackend
from search.records import FileRecords

logger = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    """What happened to one file."""

    INDEXED = "indexed"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file.

    Attributes:
        path: the file.
        outcome: indexed, unchanged or rejected.
        documents: records written (a statute gives one per article).
        reason: why it was rejected, in Russian for the person who loaded it.
        ocr_pages: pages that went through OCR.
        warnings: degraded parts of the file (English).
        sha256: the file's hash, when it could be read.
    """

    path: Path
    outcome: Outcome
    documents: int = 0
    reason: str = ""
    ocr_pages: int = 0
    warnings: tuple[str, ...] = ()
    sha256: str = ""


@dataclass
class IngestReport:
    """The results of one ingest run, file by file."""

    results: list[FileResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        """Return how many files had this outcome."""
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def documents(self) -> int:
        """Return how many records were written."""
        return sum(result.documents for result in self.results)

    @property
    def rejected(self) -> list[FileResult]:
        """Return the rejected files with their reasons."""
        return [r for r in self.results if r.outcome is Outcome.REJECTED]


ProgressCallback = Callable[[FileResult], None]

# Files written per transaction: large enough that commits do not dominate
# indexing, small enough that an interrupted run loses little work.
BATCH_FILES = 32


@dataclass(frozen=True)
class _Prepared:
    """A file parsed and analysed, waiting for its batch to be written."""

    path: Path
    item: FileRecords
    ocr_pages: int
    warnings: tuple[str, ...]


def prepare_file(
    path: Path,
    backend: SearchBackend,
    seen: set[str],
    rejected: dict[str, str] | None = None,
) -> _Prepared | FileResult:
    """Hash, parse and analyse one file; a bad file comes back as a rejection.

    Files already in the index, or met earlier in this run (a copy under another
    name), come back as unchanged; a copy of a file rejected earlier in this run
    (``rejected``: hash → reason) is rejected again. Logs name files by the first
    digits of their hash, never by path: file names often carry a debtor's name.
    """
    if rejected is None:
        rejected = {}
    try:
        sha256 = hash_file(path)
    except OSError as error:
        return FileResult(
            path, Outcome.REJECTED, reason=f"Файл не читается: {error.strerror}"
        )
    if sha256 in rejected:
        # A copy of a file refused earlier in this run is refused for the same reason.
        return FileResult(path, Outcome.REJECTED, reason=rejected[sha256])
    if sha256 in seen or backend.is_file_indexed(sha256):
        logger.debug("file %s unchanged", sha256[:12])
        return FileResult(path, Outcome.UNCHANGED, sha256=sha256)
    seen.add(sha256)
    try:
        parsed = parse_file(path)
        records = analyse(parsed, source=path, file_sha256=sha256)
    except DataError as error:
        logger.warning(
            "rejected file %s (%s): %s",
            sha256[:12],
            path.suffix,
            str(error).replace(path.name, "<file>"),
        )
        rejected[sha256] = error.user_message
        return FileResult(path, Outcome.REJECTED, reason=error.user_message)
    except InfrastructureError:
        raise
    except Exception as error:  # the per-document boundary: log, count, go on
        logger.exception("failed to parse file %s (%s)", sha256[:12], path.suffix)
        reason = f"Внутренняя ошибка при разборе файла ({type(error).__name__})."
        rejected[sha256] = reason
        return FileResult(path, Outcome.REJECTED, reason=reason)
    ocr_pages = sum(1 for page in parsed.pages if page.method is ExtractionMethod.OCR)
    return _Prepared(
        path, FileRecords(sha256, str(path), tuple(records)), ocr_pages, parsed.warnings
    )


def ingest(
    paths: Sequence[Path],
    backend: SearchBackend,
    *,
    on_file: ProgressCallback | None = None,
    on_found: Callable[[int], None] | None = None,
    home: Path | None = None,
) -> IngestReport:
    """Ingest every file under ``paths`` into ``backend``.

    Args:
        paths: files and folders (folders are walked recursively).
        backend: the index to write to.
        home: the data directory; when given, a copy of every indexed or
            unchanged file is kept there, so the original can be downloaded.
        on_file: called after each file, for a progress bar.
        on_found: called once with the number of files found, before parsing.

    Raises:
        UserInputError: a path does not exist.
        InfrastructureError: the index failed; batches written so far stay indexed.
    """
    found: list[FoundFile] = list(discover(paths))
    if on_found is not None:
        on_found(len(found))
    report = IngestReport()
    seen: set[str] = set()
    rejected: dict[str, str] = {}
    batch: list[_Prepared] = []

    def keep_original(result: FileResult) -> None:
        if home is None or not result.sha256:
            return
        try:
            store_original(home, result.path, result.sha256)
        except OSError as error:
            logger.warning(
                "original of file %s not kept: %s", result.sha256[:12], error
            )

    def flush() -> None:
        written = backend.write_files([prepared.item for prepared in batch])
        logger.debug("wrote batch of %d files, %d documents", len(batch), written)
        for prepared in batch:
            result = FileResult(
                prepared.path,
                Outcome.INDEXED,
                documents=len(prepared.item.records),
                ocr_pages=prepared.ocr_pages,
                warnings=prepared.warnings,
                sha256=prepared.item.sha256,
            )
            report.results.append(result)
            keep_original(result)
            if on_file is not None:
                on_file(result)
        batch.clear()

    for item in found:
        outcome = prepare_file(item.path, backend, seen, rejected)
        if isinstance(outcome, FileResult):
            report.results.append(outcome)
            keep_original(outcome)
            if on_file is not None:
                on_file(outcome)
            continue
        batch.append(outcome)
        if len(batch) >= BATCH_FILES:
            flush()
    if batch:
        flush()
    logger.info(
        "ingest done: %d files, %d indexed (%d documents), %d unchanged, %d rejected",
        len(found),
        report.count(Outcome.INDEXED),
        report.documents,
        report.count(Outcome.UNCHANGED),
        report.count(Outcome.REJECTED),
    )
    return report
