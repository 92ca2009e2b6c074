"""What a parser returns: the text of a file and what was learnt about the file.

Every parser in :mod:`indexer.parse` returns a :class:`ParsedFile`. The text is
already normalized (see :mod:`nlp.normalize`) and is what gets indexed. For paged
formats (PDF) each page says how its text was obtained, so that a lawyer and an
operator can see which pages were OCR'd or recovered from a broken text layer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class FileFormat(enum.StrEnum):
    """The formats lexdesk parses."""

    PDF = "pdf"
    DOCX = "docx"
    RTF = "rtf"
    DOC = "doc"
    HTML = "html"
    TEXT = "text"


class ExtractionMethod(enum.StrEnum):
    """How the text of one PDF page was obtained."""

    PDFIUM = "pdfium"  # the fast text-layer path (pypdfium2)
    PDFMINER = (
        "pdfminer"  # pdfminer.six / pdfplumber where pdfium's text failed the gate
    )
    OCR = "ocr"  # Tesseract with the Russian model: no usable text layer
    EMPTY = "empty"  # nothing usable even after OCR (a blank page)


@dataclass(frozen=True)
class Page:
    """One page of a paged document.

    Attributes:
        number: 1-based page number.
        text: the page text after normalization.
        method: how the text was obtained.
        quality: the quality-gate score of the text finally kept, 0.0–1.0.
    """

    number: int
    text: str
    method: ExtractionMethod
    quality: float


@dataclass(frozen=True)
class ParsedFile:
    """The text of one file plus what the parser learnt about it.

    Attributes:
        text: the whole normalized text, pages joined by a blank line.
        format: the detected file format.
        pages: the pages of a paged format (PDF); empty for flowing formats.
        encoding: the character encoding detected for text-like formats
            (plain text, HTML, RTF code page, DOC), else ``None``.
        ocr_used: whether any page went through OCR.
        title: a title found in the file's own metadata or markup, if any.
        warnings: degraded parts of the file, in English, for logs and the record
            (e.g. "page 3: text layer garbled, recovered by OCR").
    """

    text: str
    format: FileFormat
    pages: tuple[Page, ...] = ()
    encoding: str | None = None
    ocr_used: bool = False
    title: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
