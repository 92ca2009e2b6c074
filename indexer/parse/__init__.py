"""Parsers: one module per file format, one entry point, :func:`parse_file`.

The format is detected from the file's first bytes, not trusted from its name: court
mail arrives with wrong extensions and ``.doc`` files that are really RTF or HTML.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from indexer.errors import EncryptedFileError, ParseError, UnsupportedFormatError
from indexer.parsed import FileFormat, ParsedFile

# Extensions accepted for files whose first bytes say nothing (plain text, HTML).
TEXT_EXTENSIONS = {".txt", ".text", ".csv", ".md"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
SUPPORTED_EXTENSIONS = (
    {".pdf", ".docx", ".rtf", ".doc"} | TEXT_EXTENSIONS | HTML_EXTENSIONS
)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary (MS-CFB)


def detect_format(path: Path, head: bytes) -> FileFormat:
    """Tell the format of a file from its first bytes, falling back to its extension.

    Args:
        path: the file, for its extension.
        head: at least the first 2 KiB of the file.

    Raises:
        UnsupportedFormatError: neither the bytes nor the extension name a format
            lexdesk parses.
    """
    suffix = path.suffix.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return FileFormat.PDF
    if head.startswith(b"{\\rtf"):
        return FileFormat.RTF
    if head.startswith(OLE2_MAGIC):
        # An OLE2 container is a legacy Word file, or an encrypted OOXML package.
        return FileFormat.DOC
    if head.startswith(b"PK\x03\x04"):
        # A ZIP container: checked for a Word main part when it is opened.
        return FileFormat.DOCX
    lowered = stripped[:512].lower()
    if (
        lowered.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or suffix in HTML_EXTENSIONS
    ):
        return FileFormat.HTML
    if suffix in TEXT_EXTENSIONS or _looks_textual(head):
        # Whatever its name says (a text file saved as «.doc» by an old system):
        # text without NUL bytes is read as text; binary content is caught there.
        return FileFormat.TEXT
    raise UnsupportedFormatError(
        f"unsupported file format {suffix or '(no extension)'!r}",
        user_message=(
            f"Формат файла не поддерживается ({suffix or 'без расширения'}): "
            "принимаются PDF, DOCX, RTF, DOC, HTML и текстовые файлы."
        ),
    )


def _looks_textual(head: bytes) -> bool:
    """Whether the bytes look like text in some 8-bit or UTF encoding (no NULs)."""
    return bool(head) and b"\x00" not in head


def _check_word_package(path: Path) -> None:
    """Refuse a ZIP that is truncated, or that is not a Word document (.xlsx, .odt)."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ParseError(
            f"{path.name}: truncated or corrupt DOCX (not a valid ZIP archive)",
            user_message="Файл DOCX повреждён или обрезан (не является архивом ZIP).",
        ) from error
    if "word/document.xml" not in names and "[Content_Types].xml" in names:
        raise UnsupportedFormatError(
            f"{path.name}: an Office package without a Word document part",
            user_message=(
                "Файл — пакет Office, но не документ Word (например, таблица Excel "
                "или презентация): принимаются PDF, DOCX, RTF, DOC, HTML и текст."
            ),
        )
    if "word/document.xml" not in names:
        raise UnsupportedFormatError(
            f"{path.name}: a ZIP archive that is not a Word document",
            user_message=(
                "Файл — архив ZIP, а не документ Word: распакуйте его и загрузите "
                "документы по отдельности."
            ),
        )


def parse_file(path: Path) -> ParsedFile:
    """Parse one file of any supported format into normalized text.

    Raises:
        UnsupportedFormatError: the format is not one lexdesk parses.
        EncryptedFileError: the file is password-protected.
        ParseError: the file is corrupt, truncated or has no text.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise ParseError(
            f"{path.name}: file is empty", user_message="Файл пустой (0 байт)."
        )
    fmt = detect_format(path, head)

    # Imported here so that a missing optional tool for one format never stops
    # the others from loading.
    if fmt is FileFormat.PDF:
        from indexer.parse.pdf import parse_pdf

        return parse_pdf(path)
    if fmt is FileFormat.DOCX:
        _check_word_package(path)
        from indexer.parse.docx import parse_docx

        return parse_docx(path)
    if fmt is FileFormat.RTF:
        from indexer.parse.rtf import parse_rtf

        return parse_rtf(path)
    if fmt is FileFormat.DOC:
        from indexer.parse.doc import parse_doc

        return parse_doc(path)
    if fmt is FileFormat.HTML:
        from indexer.parse.html import parse_html

        return parse_html(path)
    from indexer.parse.text import parse_text

    return parse_text(path)


__all__ = [
    "EncryptedFileError",
    "ParseError",
    "UnsupportedFormatError",
    "detect_format",
    "parse_file",
]
