"""The store of original files: ``LEXDESK_HOME/originals/<sha256>``, by content.

An indexed document keeps only its text; a lawyer also needs the file the court
sent (its stamps, signatures and layout), so ingestion and upload keep a copy of
every accepted file under its SHA-256. Content addressing makes a copy of an
unchanged file free and lets two documents of one file (a statute's articles)
share it. Copies are written to a temporary name and renamed, so a reader never
sees half a file.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from lexdesk.errors import InfrastructureError

logger = logging.getLogger(__name__)

ORIGINALS_DIR = "originals"

# A SHA-256 digest in lower-case hex, e.g. «9f86d081884c7d65…» (64 characters).
_SHA256_RE = re.compile(r"[0-9a-f]{64}")


def original_path(home: Path, sha256: str) -> Path | None:
    """Return the stored copy of the file with this hash, or None when absent.

    Args:
        home: the data directory (``LEXDESK_HOME``).
        sha256: the file's SHA-256 in lower-case hex.
    """
    if _SHA256_RE.fullmatch(sha256) is None:
        return None
    path = home / ORIGINALS_DIR / sha256
    return path if path.is_file() else None


def store_original(home: Path, path: Path, sha256: str) -> Path:
    """Keep a copy of an ingested file; return where it is stored.

    A file already stored is left as it is. The copy is a real copy, never a
    hard link: a link would change with the user's file when it is edited in
    place, and the store must keep the bytes that were indexed.

    Args:
        home: the data directory (``LEXDESK_HOME``).
        path: the file as ingested.
        sha256: its SHA-256 (as :func:`indexer.discover.hash_file` gives it).

    Raises:
        ValueError: ``sha256`` is not a lower-case hex SHA-256.
        InfrastructureError: the store cannot be written (disk full, permissions).
    """
    if _SHA256_RE.fullmatch(sha256) is None:
        raise ValueError(f"not a SHA-256 hex digest: {sha256[:70]!r}")
    folder = home / ORIGINALS_DIR
    target = folder / sha256
    if target.is_file():
        return target
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        os.close(handle)
        shutil.copyfile(path, temporary)
        os.replace(temporary, target)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise InfrastructureError(
            f"cannot store original {sha256[:12]}: {error}",
            user_message=f"Не удалось сохранить оригинал файла: {error.strerror}",
        ) from error
    logger.debug("stored original %s", sha256[:12])
    return target
