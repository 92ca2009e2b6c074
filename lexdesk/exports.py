"""Result lists as spreadsheets: CSV for any tool, XLSX for Excel.

Columns are fixed and named in Russian (:data:`COLUMNS`), so a lawyer's saved
spreadsheet formulas keep working from one export to the next. CSV is UTF-8 with
a byte order mark and ``;`` between fields: Excel in a Russian locale opens such
a file by double click with Cyrillic intact and columns split (it expects the
list separator of the locale, which is «;» where the decimal mark is «,»).
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import html
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from nlp.kinds import KIND_LABELS_RU
from search.records import DocumentRecord, SearchHit

# Most rows one export may hold: the deepest page /search serves
# (Elasticsearch's index.max_result_window, 10 000).
MAX_EXPORT_ROWS = 10_000

# Column headers, in order.
COLUMNS = (
    "Заголовок",
    "Вид",
    "Дата",
    "Суд",
    "Номер дела",
    "Источник",
    "Идентификатор",
    "Фрагмент",
)

# Tags a snippet may carry: <mark> and </mark> around a match, e.g.
# «взыскать с <mark>должника</mark>».
MARK_TAG_RE = re.compile(r"</?mark>")

# Characters that make a spreadsheet cell a formula (OWASP «CSV injection»): a
# title such as «=HYPERLINK(…)» from a hostile file must stay text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Column widths of the XLSX sheet, in characters.
XLSX_WIDTHS = (60, 22, 12, 40, 22, 40, 24, 80)


class ExportFormat(enum.StrEnum):
    """The file formats of an export."""

    CSV = "csv"
    XLSX = "xlsx"


# Media types (RFC 7111 for CSV; ECMA-376 for XLSX).
MEDIA_TYPES: dict[ExportFormat, str] = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}


@dataclass(frozen=True)
class ExportRow:
    """One document as a row of an export."""

    title: str
    kind: str
    date: dt.date | None
    court: str
    case_number: str
    source: str
    document_id: str
    fragment: str

    def cells(self) -> tuple[str, ...]:
        """The row's text cells, in :data:`COLUMNS` order (dates as ДД.ММ.ГГГГ)."""
        day = self.date.strftime("%d.%m.%Y") if self.date else ""
        return (
            self.title,
            self.kind,
            day,
            self.court,
            self.case_number,
            self.source,
            self.document_id,
            self.fragment,
        )


def plain_snippet(snippet: str) -> str:
    """Return a search snippet as plain text: marks dropped, entities decoded."""
    return html.unescape(MARK_TAG_RE.sub("", snippet))


def _facts(meta: Mapping[str, Any], name: str) -> str:
    values = meta.get("fields", {}).get(name, ())
    if isinstance(values, str):
        return values
    return "; ".join(str(value) for value in values)


def row_for(
    record: DocumentRecord | None, *, hit: SearchHit | None = None
) -> ExportRow | None:
    """Build the row of a document from its record and, for searches, its hit.

    Returns:
        The row, or None when neither is given (a document that left the index).
    """
    if record is None and hit is None:
        return None
    meta: Mapping[str, Any] = record.meta if record is not None else {}
    source = record if record is not None else hit
    assert source is not None
    return ExportRow(
        title=source.title,
        kind=_capitalized(KIND_LABELS_RU.get(source.kind, str(source.kind))),
        date=source.date,
        court=_facts(meta, "court"),
        case_number=_facts(meta, "case"),
        source=source.source,
        document_id=source.id,
        fragment=plain_snippet(hit.snippet) if hit is not None else "",
    )


def _capitalized(label: str) -> str:
    """A cell starts with a capital, as a spreadsheet reader expects."""
    return label[:1].upper() + label[1:]


def _safe(cell: str) -> str:
    """Keep a cell text from being read as a formula (prefix an apostrophe)."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def write_csv(rows: Iterable[ExportRow]) -> bytes:
    """Write rows as CSV: UTF-8 with BOM, «;» separator, CRLF, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_safe(cell) for cell in row.cells()])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Iterable[ExportRow], *, sheet_title: str = "Документы") -> bytes:
    """Write rows as an XLSX workbook with one sheet; dates are real date cells."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    sheet.append(list(COLUMNS))
    for row in rows:
        cells: list[object] = [_safe(cell) for cell in row.cells()]
        cells[2] = row.date
        sheet.append(cells)
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for (cell,) in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_export(rows: Sequence[ExportRow], export_format: ExportFormat) -> bytes:
    """Write rows in the chosen format."""
    if export_format is ExportFormat.CSV:
        return write_csv(rows)
    return write_xlsx(rows)
