"""Plain-text files (.txt and friends) in any common Russian encoding.

The encoding is detected from the bytes (see :mod:`indexer.parse.encoding`): UTF-8
with or without a BOM, UTF-16 with a BOM, Windows-1251, KOI8-R or CP866.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from indexer.errors import ParseError
from indexer.parse.encoding import decode_bytes
from indexer.parsed import FileFormat, ParsedFile
from nlp.normalize import normalize_text

logger = logging.getLogger(__name__)

# Control characters that never occur in text (tabs, line and page breaks do);
# a file where more than BINARY_SHARE of characters are such is a binary file
# renamed .txt. Real text files, cp1251 or UTF-8, have none of them.
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
BINARY_SHARE = 0.01


def _is_binary(text: str) -> bool:
    sample = text[:65536]
    return bool(sample) and len(_BINARY_CHARS.findall(sample)) > BINARY_SHARE * len(
        sample
    )


def parse_text(path: Path) -> ParsedFile:
    """Read a plain-text file, detect its encoding and normalize its text.

    Args:
        path: the file.

    Returns:
        The normalized text with ``encoding`` set to the detected codec name
        (e.g. "utf-8", "cp1251", "koi8-r", "utf-16-le").

    Raises:
        ParseError: the file cannot be read or holds no text.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(
            f"{path.name}: cannot read file: {error.strerror}",
            user_message=f"Не удалось прочитать файл {path.name}.",
        ) from error
    decoded = decode_bytes(data)
    if _is_binary(decoded.text):
        raise ParseError(
            f"{path.name}: binary data, not text",
            user_message=(
                f"Файл {path.name} — двоичный (программа, архив или изображение), а не "
                "текст: проверьте, что загружен нужный файл."
            ),
        )
    text = normalize_text(decoded.text)
    if not text:
        raise ParseError(
            f"{path.name}: text file has no text",
            user_message=f"Текстовый файл {path.name} не содержит текста.",
        )
    warnings: tuple[str, ...] = ()
    if not decoded.confident:
        warnings = (
            f"encoding guessed as {decoded.encoding}: text does not read as Russian",
        )
    logger.debug("text file decoded as %s", decoded.encoding)
    return ParsedFile(
        text=text,
        format=FileFormat.TEXT,
        encoding=decoded.encoding,
        warnings=warnings,
    )
