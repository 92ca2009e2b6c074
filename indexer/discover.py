"""Stage 1 of ingestion: find the files under the given paths and hash them.

A folder may hold a ``.lexdeskignore`` file with one glob pattern per line (``#``
starts a comment); matching files and folders in that folder and below are not
ingested. corpus_samples/ uses it to keep its README and manifests out of the index.
Hidden files and folders (``.git``) are always skipped.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lexdesk.errors import UserInputError

logger = logging.getLogger(__name__)

IGNORE_FILE = ".lexdeskignore"
# Read files in 1 MiB blocks when hashing: large scans never sit whole in memory.
HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class FoundFile:
    """A file found for ingestion.

    Attributes:
        path: the file's path as reached from the given argument.
        size: size in bytes.
    """

    path: Path
    size: int


def discover(paths: Sequence[Path]) -> Iterator[FoundFile]:
    """Yield every file under ``paths`` (files are yielded as given), sorted per folder.

    Raises:
        UserInputError: a given path does not exist.
    """
    for path in paths:
        if not path.exists():
            raise UserInputError(
                f"path does not exist: {path}",
                user_message=f"Путь не найден: {path}",
            )
    for path in paths:
        if path.is_file():
            yield FoundFile(path, path.stat().st_size)
            continue
        yield from _walk(path, ())


def _walk(folder: Path, inherited: tuple[str, ...]) -> Iterator[FoundFile]:
    patterns = inherited + _read_ignore(folder)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        logger.warning("cannot list folder %s: %s", folder, error)
        return
    for entry in entries:
        if entry.name.startswith(".") or _is_ignored(entry.name, patterns):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), patterns)
        elif entry.is_file():
            yield FoundFile(Path(entry.path), entry.stat().st_size)


def _read_ignore(folder: Path) -> tuple[str, ...]:
    ignore = folder / IGNORE_FILE
    if not ignore.is_file():
        return ()
    lines = ignore.read_text(encoding="utf-8").splitlines()
    return tuple(
        line.strip().rstrip("/")
        for line in lines
        if line.strip() and not line.startswith("#")
    )


def _is_ignored(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def hash_file(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()
