"""PDF parser: pdfium's text layer first, pdfminer where it is garbage, OCR for scans.

Each page goes down the cheapest path that yields real text:

1. pypdfium2 reads the text layer (a millisecond a page); two-column pages drawn
   line by line are re-read column by column from pdfium's text-run boxes.
2. The quality gate (:mod:`indexer.parse.pdf_quality`) scores the text. Most pages
   stop here.
3. A garbled page (a font without a Unicode map, over-printed fake bold) is re-read
   with pdfminer.six through pdfplumber, rebuilt from glyph positions
   (:mod:`indexer.parse.pdf_layout`), and gated again.
4. A page with no usable text, or whose text is still garbled (an invisible OCR
   layer full of Latin look-alikes), is rendered by pdfium and read by Tesseract
   (:mod:`indexer.parse.pdf_ocr`).

Garbled text is never indexed: a page that no path could read gets the method
:attr:`~indexer.parsed.ExtractionMethod.EMPTY` and a warning.
"""

from __future__ import annotations

import logging
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indexer.errors import EncryptedFileError, ParseError
from indexer.parse import pdf_layout
from indexer.parse.pdf_ocr import OcrUnavailableError, ocr_page
from indexer.parse.pdf_quality import GateResult, Verdict, assess_text
from indexer.parsed import ExtractionMethod, FileFormat, Page, ParsedFile
from nlp.normalize import normalize_pages

logger = logging.getLogger(__name__)

# A page with at least this many text runs per line of text may have two columns
# drawn line by line (one run per column); below it the gutter search is skipped.
# One-column pages measure 1.0-1.2 runs per line, the two-column fixture 2.0.
TWO_COLUMN_RUNS_PER_LINE = 1.6
# pdfium marks a hyphen it found at a line end with U+0002 instead of "-".
_PDFIUM_HYPHEN = "\x02"
# A Cyrillic word of three letters or more, e.g. "суд": short OCR output without
# one (noise read off a blank scan, "~ | ,") is not kept.
_CYRILLIC_WORD = re.compile(r"[А-яЁё]{3,}")


@dataclass(frozen=True)
class _PageResult:
    """What one page yielded before normalization."""

    text: str
    method: ExtractionMethod
    quality: float
    warning: str = ""


def parse_pdf(path: Path) -> ParsedFile:
    """Extract the text of a PDF, page by page, choosing the extractor per page.

    Args:
        path: the PDF file.

    Returns:
        The normalized text, one :class:`~indexer.parsed.Page` per page with the
        method used and the quality score of the text kept, whether OCR was used,
        the metadata title, and a warning per degraded page.

    Raises:
        EncryptedFileError: the file needs a password to open.
        ParseError: the file is not a readable PDF (corrupt or truncated).
    """
    document = _open_document(path)
    try:
        results = _read_pages(path, document)
        title = _metadata_title(document)
    finally:
        document.close()

    warnings = [result.warning for result in results if result.warning]
    if _looks_truncated(path):
        warnings.insert(
            0, "file has no %%EOF marker: truncated, text may be incomplete"
        )
    texts = normalize_pages([result.text for result in results])
    pages = tuple(
        Page(number=index + 1, text=text, method=result.method, quality=result.quality)
        for index, (text, result) in enumerate(zip(texts, results, strict=True))
    )
    logger.debug(
        "parsed PDF: %d pages, %d degraded, methods %s",
        len(pages),
        len(warnings),
        sorted({page.method.value for page in pages}),
    )
    return ParsedFile(
        text="\n\n".join(page.text for page in pages if page.text),
        format=FileFormat.PDF,
        pages=pages,
        ocr_used=any(page.method is ExtractionMethod.OCR for page in pages),
        title=title,
        warnings=tuple(warnings),
    )


def _open_document(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with pdfium, turning its error codes into lexdesk errors."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedFileError(
                f"{path.name}: PDF is password-protected",
                user_message="PDF-файл защищён паролем: снимите защиту и загрузите снова.",
            ) from error
        raise ParseError(
            f"{path.name}: not a readable PDF (corrupt or truncated): {error}",
            user_message="PDF-файл повреждён или обрезан и не может быть прочитан.",
        ) from error


def _read_pages(path: Path, document: pdfium.PdfDocument) -> list[_PageResult]:
    """Read every page: the fast path for all, the slow paths for the failures."""
    results: list[_PageResult | None] = []
    failed: dict[int, GateResult] = {}
    for index in range(len(document)):
        text, gate = _read_fast(document, index)
        if gate.is_good:
            results.append(_PageResult(text, ExtractionMethod.PDFIUM, gate.score))
            continue
        if gate.verdict is Verdict.SPARSE and not _has_graphics(document, index):
            # Nothing drawn but (a little) text: a blank page or a one-line page.
            if text.strip():
                results.append(_PageResult(text, ExtractionMethod.PDFIUM, gate.score))
            else:
                warning = f"page {index + 1}: blank (no text, nothing drawn)"
                results.append(_PageResult("", ExtractionMethod.EMPTY, 0.0, warning))
            continue
        results.append(None)
        failed[index] = gate

    if failed:
        recovered = _read_slow(path, document, failed)
        for index, result in recovered.items():
            results[index] = result
    return [result for result in results if result is not None]


def _read_fast(document: pdfium.PdfDocument, index: int) -> tuple[str, GateResult]:
    """Read one page's text layer with pdfium and gate it."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            if _PDFIUM_HYPHEN in text:
                text = text.replace(_PDFIUM_HYPHEN, "-")
            gate = assess_text(text)
            if gate.is_good:
                text = _reorder_columns(textpage, text, page_height=page.get_height())
        finally:
            textpage.close()
    except pdfium.PdfiumError as error:
        logger.debug("pdfium could not read page %d: %s", index + 1, error)
        return "", GateResult(0.0, Verdict.GARBLED, "pdfium could not read the page")
    finally:
        page.close()
    return text, gate


def _reorder_columns(textpage: Any, text: str, *, page_height: float) -> str:
    """Re-read a two-column page column by column; other pages come back unchanged."""
    runs = textpage.count_rects()
    lines = text.count("\n") + 1
    if (
        runs < 2 * pdf_layout.MIN_TWO_SIDED_LINES
        or runs < TWO_COLUMN_RUNS_PER_LINE * lines
    ):
        return text

    boxes = []
    for run in range(runs):
        left, bottom, right, top = textpage.get_rect(run)
        boxes.append(
            pdf_layout.Box(left, right, page_height - top, page_height - bottom)
        )
    lines_of_boxes = pdf_layout.group_boxes_into_lines(boxes)
    gutter = pdf_layout.find_gutter(lines_of_boxes)
    if gutter is None:
        return text

    # Cut the page into horizontal bands between line gaps: a band is either one
    # full-width line or a stretch of lines with text on both sides of the gutter.
    parts: list[str] = []
    bounds = _band_bounds(lines_of_boxes, page_height=page_height)
    stretch_top: float | None = None
    for line, (band_top, band_bottom) in zip(lines_of_boxes, bounds, strict=True):
        crosses = any(box.x0 < gutter < box.x1 for box in line)
        if crosses:
            if stretch_top is not None:
                parts += _read_columns(
                    textpage, stretch_top, band_top, gutter, page_height
                )
                stretch_top = None
            parts.append(
                _bounded(textpage, 0.0, band_top, None, band_bottom, page_height)
            )
        elif stretch_top is None:
            stretch_top = band_top
    if stretch_top is not None:
        parts += _read_columns(textpage, stretch_top, page_height, gutter, page_height)
    return "\r\n".join(part for part in parts if part.strip())


def _band_bounds(
    lines: list[list[pdf_layout.Box]], *, page_height: float
) -> list[tuple[float, float]]:
    """Top and bottom (y down) of each line's band: halfway to its neighbours."""
    tops = [min(box.top for box in line) for line in lines]
    bottoms = [max(box.bottom for box in line) for line in lines]
    bounds = []
    for index in range(len(lines)):
        top = 0.0 if index == 0 else (bottoms[index - 1] + tops[index]) / 2
        last = index == len(lines) - 1
        bottom = page_height if last else (bottoms[index] + tops[index + 1]) / 2
        bounds.append((top, bottom))
    return bounds


def _read_columns(
    textpage: Any, top: float, bottom: float, gutter: float, page_height: float
) -> list[str]:
    """The left then the right column of one band of a two-column page."""
    return [
        _bounded(textpage, 0.0, top, gutter, bottom, page_height),
        _bounded(textpage, gutter, top, None, bottom, page_height),
    ]


def _bounded(
    textpage: Any,
    left: float,
    top: float,
    right: float | None,
    bottom: float,
    page_height: float,
) -> str:
    """pdfium's text inside a box given with y growing down (pdfium's grows up)."""
    text: str = textpage.get_text_bounded(
        left=left, bottom=page_height - bottom, right=right, top=page_height - top
    )
    return text.replace(_PDFIUM_HYPHEN, "-").strip()


def _has_graphics(document: pdfium.PdfDocument, index: int) -> bool:
    """Whether a page draws anything besides text (an image, vector paths)."""
    page = document[index]
    try:
        return any(obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT for obj in page.get_objects())
    finally:
        page.close()


def _read_slow(
    path: Path, document: pdfium.PdfDocument, failed: dict[int, GateResult]
) -> dict[int, _PageResult]:
    """Recover the pages that failed the fast path: pdfminer first, then OCR."""
    recovered: dict[int, _PageResult] = {}
    garbled = [
        index for index, gate in failed.items() if gate.verdict is Verdict.GARBLED
    ]
    mined = _read_with_pdfminer(path, garbled) if garbled else {}
    for index, first in failed.items():
        number = index + 1
        if index in mined:
            text, gate = mined[index]
            if gate.is_good:
                warning = f"page {number}: text layer garbled ({first.reason}), read by pdfminer"
                recovered[index] = _PageResult(
                    text, ExtractionMethod.PDFMINER, gate.score, warning
                )
                continue
        why = (
            "no text layer"
            if first.verdict is Verdict.SPARSE
            else f"text layer garbled ({first.reason})"
        )
        recovered[index] = _read_with_ocr(document, index, why=why)
    return recovered


def _read_with_pdfminer(
    path: Path, indexes: list[int]
) -> dict[int, tuple[str, GateResult]]:
    """Re-read some pages with pdfminer (via pdfplumber) from glyph positions."""
    texts: dict[int, tuple[str, GateResult]] = {}
    try:
        with pdfplumber.open(path) as pdf:
            for index in indexes:
                glyphs = pdf_layout.glyphs_from_plumber(pdf.pages[index].chars)
                glyphs = pdf_layout.merge_overprinted(glyphs)
                text = pdf_layout.glyphs_to_text(glyphs) if glyphs else ""
                texts[index] = (text, assess_text(text))
    # pdfminer raises anything from KeyError to PSEOF on damaged files; the page
    # then goes on to OCR instead of failing the document.
    except Exception as error:
        logger.debug(
            "pdfminer failed on %d pages: %s", len(indexes), type(error).__name__
        )
    return texts


def _read_with_ocr(
    document: pdfium.PdfDocument, index: int, *, why: str
) -> _PageResult:
    """OCR one page; keep its text only if it passes the gate."""
    number = index + 1
    page = document[index]
    try:
        text = ocr_page(page)
    except OcrUnavailableError:
        warning = f"page {number}: {why}, OCR unavailable (tesseract not installed)"
        return _PageResult("", ExtractionMethod.EMPTY, 0.0, warning)
    except (subprocess.SubprocessError, OSError) as error:
        warning = f"page {number}: {why}, OCR failed ({type(error).__name__})"
        return _PageResult("", ExtractionMethod.EMPTY, 0.0, warning)
    finally:
        page.close()

    gate = assess_text(text)
    if gate.is_good or (gate.verdict is Verdict.SPARSE and _CYRILLIC_WORD.search(text)):
        return _PageResult(
            text, ExtractionMethod.OCR, gate.score, f"page {number}: {why}, read by OCR"
        )
    reason = gate.reason or "no text"
    warning = f"page {number}: {why}, no usable text even after OCR ({reason})"
    return _PageResult("", ExtractionMethod.EMPTY, 0.0, warning)


def _metadata_title(document: pdfium.PdfDocument) -> str | None:
    """The document's own title from its metadata, if it has a non-blank one."""
    try:
        title = document.get_metadata_value("Title")
    except pdfium.PdfiumError:
        return None
    title = title.strip() if isinstance(title, str) else ""
    return title or None


def _looks_truncated(path: Path) -> bool:
    """Whether the file lacks the %%EOF marker that ends every complete PDF."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 2048))
        return b"%%EOF" not in handle.read()
