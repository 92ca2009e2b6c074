"""Generate many documents at once into a folder or a zip, reporting progress.

One bad record (a rendering failure) is logged with its index and skipped; the
batch goes on and the result lists what failed. File names are given by the
caller (typically the debtor's account number and the document kind) so that no
personal data has to be put into them.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from casework.documents.models import DocumentData
from casework.documents.render import render_document
from lexdesk.errors import DataError, UserInputError

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
"""Called after each document with (done, total)."""


@dataclass(frozen=True)
class BatchItem:
    """One document of a batch.

    Attributes:
        name: the file name inside the folder or zip, ending in ``.docx``.
        document: what to render.
    """

    name: str
    document: DocumentData


@dataclass(frozen=True)
class BatchResult:
    """What a batch produced.

    Attributes:
        target: the folder or zip file written.
        written: file names written, in order.
        failed: (file name, reason) of the documents skipped.
    """

    target: Path
    written: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]


def generate_batch(
    items: Sequence[BatchItem],
    *,
    target: Path,
    as_zip: bool = False,
    progress: ProgressCallback | None = None,
) -> BatchResult:
    """Render every item into ``target``.

    Args:
        items: the documents with their file names; names must be unique.
        target: a folder (created if missing) or, with ``as_zip``, the zip file.
        as_zip: write one zip archive instead of separate files.
        progress: called after each document with (done, total).

    Returns:
        The names written and the failures.

    Raises:
        UserInputError: a name is repeated, unsafe or not a .docx name.
    """
    _check_names(items)
    written: list[str] = []
    failed: list[tuple[str, str]] = []
    archive = _open_zip(target) if as_zip else None
    if archive is None:
        target.mkdir(parents=True, exist_ok=True)
    try:
        for done, item in enumerate(items, start=1):
            try:
                _write(item, target, archive)
            except DataError as error:
                logger.warning("batch item %d (%s) skipped: %s", done, item.name, error)
                failed.append((item.name, error.user_message))
            else:
                written.append(item.name)
            if progress is not None:
                progress(done, len(items))
    finally:
        if archive is not None:
            archive.close()
    logger.info(
        "batch into %s: %d written, %d failed", target, len(written), len(failed)
    )
    return BatchResult(target=target, written=tuple(written), failed=tuple(failed))


def _write(item: BatchItem, target: Path, archive: zipfile.ZipFile | None) -> None:
    if archive is None:
        render_document(item.document, target / item.name)
        return
    buffer = io.BytesIO()
    render_document(item.document, buffer)
    archive.writestr(item.name, buffer.getvalue())


def _open_zip(target: Path) -> zipfile.ZipFile:
    target.parent.mkdir(parents=True, exist_ok=True)
    # .docx files are zips already: storing them again is as small and faster.
    return zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED)


def _check_names(items: Sequence[BatchItem]) -> None:
    seen: set[str] = set()
    for item in items:
        name = item.name
        unsafe = "/" in name or "\\" in name or name.startswith(".")
        if unsafe or not name.endswith(".docx") or name in seen:
            raise UserInputError(
                f"bad or repeated batch file name {name!r:.60}",
                user_message=(
                    f"Недопустимое или повторяющееся имя файла «{name:.60}»: нужно "
                    "уникальное имя без папок, оканчивающееся на .docx"
                ),
            )
        seen.add(name)
