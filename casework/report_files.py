"""Monthly casework reports as files: an Excel workbook and a Word document.

Both the collection report and the restriction report are a list of months, each a
set of figures with a unit, plus a Russian summary per month. This module renders
any such report from a :class:`ReportLayout` that says which figures, which title
and which chart: the workbook has the figures by month (one column per month) and
the monthly summaries; the document has a heading, the summaries, the table of the
last twelve months and a grouped bar chart drawn with Pillow (DejaVu Sans for
Cyrillic labels; plain labels when it is missing).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from PIL import ImageFont

from casework.reports import FigureSpec, Unit, month_label

logger = logging.getLogger(__name__)

# Fonts with Cyrillic glyphs for the chart, first found wins (Debian paths).
CHART_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)
UNIT_LABELS = {Unit.COUNT: "шт.", Unit.RUB: "руб.", Unit.PERCENT: "%"}
# Months shown in the document's table; the workbook has them all.
DOCX_MONTHS = 12


class ReportMonth(Protocol):
    """One month of a report: its figures by key and its Russian summary."""

    @property
    def month(self) -> str:
        """The month, ``YYYY-MM``."""
        ...

    def __getitem__(self, key: str) -> Any: ...

    def summary_ru(self) -> str: ...


class Report(Protocol):
    """A monthly report that can describe itself as JSON."""

    def to_dict(self, *, trace: bool) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ReportLayout:
    """What a report's files show.

    Attributes:
        title: the document heading before the period, e.g. «Отчёт о взыскании
            задолженности».
        figures: the figures, in table order.
        label_width: width of the workbook's label column, in characters.
        chart_heading: the heading above the chart.
        chart_series: (figure key, legend label, RGB colour) per bar of a month.
        axis_label: renders a value of the chart's axis («1.5 млн», «40»).
        axis_margin: room left of the axis for its labels, in pixels.
    """

    title: str
    figures: Sequence[FigureSpec]
    label_width: int
    chart_heading: str
    chart_series: Sequence[tuple[str, str, tuple[int, int, int]]]
    axis_label: Callable[[float], str]
    axis_margin: int


def period_label(months: Sequence[ReportMonth]) -> str:
    """«июль 2021» or «июль 2021 — декабрь 2021»."""
    first, last = months[0].month, months[-1].month
    if first == last:
        return month_label(first)
    return f"{month_label(first)} — {month_label(last)}"


def report_xlsx(months: Sequence[ReportMonth], layout: ReportLayout) -> bytes:
    """Return the workbook (sheets «Отчёт» and «Итоги») as bytes."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = "Отчёт"
    sheet.append(["Показатель", "Единица", *(month_label(m.month) for m in months)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for spec in layout.figures:
        values = [month[spec.key].value for month in months]
        sheet.append([spec.label, UNIT_LABELS[spec.unit], *map(_xlsx_value, values)])
        if spec.unit is Unit.RUB:
            for cell in sheet[sheet.max_row][2:]:
                cell.number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = layout.label_width
    summaries = book.create_sheet("Итоги")
    for month in months:
        summaries.append([month_label(month.month), month.summary_ru()])
    summaries.column_dimensions["A"].width = 16
    summaries.column_dimensions["B"].width = 160
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: int | Decimal) -> int | float:
    # Excel stores numbers as doubles; kopecks of sums below 10^13 roubles survive.
    return value if isinstance(value, int) else float(value)


def report_docx(months: Sequence[ReportMonth], layout: ReportLayout) -> bytes:
    """Return the document (heading, summaries, table, chart) as bytes."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    document.add_heading(f"{layout.title}: {period_label(months)}", level=1)
    for month in months:
        document.add_paragraph(month.summary_ru())

    # The table: the last twelve months, one column each.
    document.add_heading("Показатели", level=2)
    shown = months[-DOCX_MONTHS:]
    table = document.add_table(rows=1, cols=2 + len(shown))
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[1].text = "Показатель", "Ед."
    for cell, month in zip(header[2:], shown, strict=True):
        cell.text = month_label(month.month)
    for spec in layout.figures:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = spec.label, UNIT_LABELS[spec.unit]
        for cell, month in zip(cells[2:], shown, strict=True):
            cell.text = _docx_value(month[spec.key].value)
    if len(months) > len(shown):
        document.add_paragraph(
            "В таблице последние 12 месяцев периода; все месяцы — в выгрузке XLSX."
        )

    document.add_heading(layout.chart_heading, level=2)
    document.add_picture(io.BytesIO(bar_chart_png(months, layout)), width=Cm(16))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_value(value: int | Decimal) -> str:
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")


def bar_chart_png(
    months: Sequence[ReportMonth],
    layout: ReportLayout,
    *,
    width: int = 1200,
    height: int = 600,
) -> bytes:
    """Draw the layout's chart series by month as grouped bars (PNG bytes)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font(18)
    left, right, top, bottom = layout.axis_margin, width - 20, 50, height - 60
    series = [
        [float(month[key].value) for month in months]
        for key, _, _ in layout.chart_series
    ]
    peak = max((v for values in series for v in values), default=0.0) or 1.0

    # Axes and four grid lines with their values.
    draw.line([(left, top), (left, bottom), (right, bottom)], fill="black", width=2)
    for step in range(5):
        y = bottom - (bottom - top) * step / 4
        draw.line([(left - 5, y), (right, y)], fill=(220, 220, 220))
        label = layout.axis_label(peak * step / 4)
        draw.text((5, y - 10), label, fill="black", font=font)

    # One group of bars per month, then the legend.
    slot = (right - left) / max(len(months), 1)
    bar = slot * 0.8 / len(layout.chart_series)
    for index, month in enumerate(months):
        x0 = left + index * slot + slot * 0.1
        for number, values in enumerate(series):
            y = bottom - (bottom - top) * values[index] / peak
            draw.rectangle(
                [x0 + number * bar, y, x0 + (number + 1) * bar - 2, bottom],
                fill=layout.chart_series[number][2],
            )
        draw.text((x0, bottom + 8), month.month, fill="black", font=font)
    x = left + 10
    for _, label, colour in layout.chart_series:
        draw.rectangle([x, 12, x + 20, 32], fill=colour)
        draw.text((x + 28, 12), label, fill="black", font=font)
        x += 40 + int(draw.textlength(label, font=font))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in CHART_FONTS:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    logger.warning("no Cyrillic TrueType font found for the chart; labels may not show")
    return ImageFont.load_default(size)
