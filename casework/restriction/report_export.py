"""The restriction report as files: an Excel workbook and a Word document.

The workbook has the figures by month (one column per month) and the monthly
summaries; the document has a heading, the summaries, the table of figures and
a bar chart of warnings sent, households cut off and resumptions by month.
"""

from __future__ import annotations

import io
import logging
from decimal import Decimal

from PIL import ImageFont

from casework.report_export import CHART_FONTS, UNIT_LABELS
from casework.reports import Unit, month_label
from casework.restriction.report import FIGURES, RestrictionReport

logger = logging.getLogger(__name__)

# The chart's series: figure key, legend label, bar colour.
CHART_SERIES = (
    ("warnings_sent", "предупреждения", (70, 110, 180)),
    ("cut_off", "ограничено/отключено", (200, 70, 60)),
    ("resumed", "возобновлено", (60, 160, 90)),
)


def _title(report: RestrictionReport) -> str:
    first, last = report.months[0].month, report.months[-1].month
    period = (
        month_label(first)
        if first == last
        else f"{month_label(first)} — {month_label(last)}"
    )
    return f"Ограничение режима потребления (ПП № 354): {period}"


def report_to_xlsx(report: RestrictionReport) -> bytes:
    """Return the report as XLSX bytes (sheets «Отчёт» and «Итоги»)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = "Отчёт"
    sheet.append(
        ["Показатель", "Единица", *(month_label(m.month) for m in report.months)]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for spec in FIGURES:
        values = [month[spec.key].value for month in report.months]
        sheet.append([spec.label, UNIT_LABELS[spec.unit], *map(_number, values)])
        if spec.unit is Unit.RUB:
            for cell in sheet[sheet.max_row][2:]:
                cell.number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 52
    summaries = book.create_sheet("Итоги")
    for month in report.months:
        summaries.append([month_label(month.month), month.summary_ru()])
    summaries.column_dimensions["A"].width = 16
    summaries.column_dimensions["B"].width = 160
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(value: int | Decimal) -> int | float:
    # Excel stores numbers as doubles; kopecks of sums below 10^13 roubles survive.
    return value if isinstance(value, int) else float(value)


def report_to_docx(report: RestrictionReport) -> bytes:
    """Return the report as DOCX bytes: heading, summaries, table, chart."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    document.add_heading(_title(report), level=1)
    for month in report.months:
        document.add_paragraph(month.summary_ru())
    document.add_heading("Показатели", level=2)
    months = report.months[-12:]
    table = document.add_table(rows=1, cols=2 + len(months))
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[1].text = "Показатель", "Ед."
    for cell, month in zip(header[2:], months, strict=True):
        cell.text = month_label(month.month)
    for spec in FIGURES:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = spec.label, UNIT_LABELS[spec.unit]
        for cell, month in zip(cells[2:], months, strict=True):
            cell.text = _text(month[spec.key].value)
    if len(report.months) > len(months):
        document.add_paragraph(
            "В таблице последние 12 месяцев периода; все месяцы — в выгрузке XLSX."
        )
    document.add_heading("Предупреждения, ограничения и возобновления", level=2)
    document.add_picture(io.BytesIO(chart_png(report)), width=Cm(16))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _text(value: int | Decimal) -> str:
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")


def chart_png(
    report: RestrictionReport, *, width: int = 1200, height: int = 600
) -> bytes:
    """Draw warnings, households cut off and resumptions by month (PNG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font(18)
    left, right, top, bottom = 80, width - 20, 50, height - 60
    series = [[int(m[key].value) for m in report.months] for key, _, _ in CHART_SERIES]
    peak = max((v for values in series for v in values), default=0) or 1
    draw.line([(left, top), (left, bottom), (right, bottom)], fill="black", width=2)
    for step in range(5):
        y = bottom - (bottom - top) * step / 4
        draw.line([(left - 5, y), (right, y)], fill=(220, 220, 220))
        draw.text((5, y - 10), f"{peak * step / 4:.0f}", fill="black", font=font)
    slot = (right - left) / max(len(report.months), 1)
    bar = slot * 0.8 / len(CHART_SERIES)
    for index, month in enumerate(report.months):
        x0 = left + index * slot + slot * 0.1
        for number, values in enumerate(series):
            y = bottom - (bottom - top) * values[index] / peak
            draw.rectangle(
                [x0 + number * bar, y, x0 + (number + 1) * bar - 2, bottom],
                fill=CHART_SERIES[number][2],
            )
        draw.text((x0, bottom + 8), month.month, fill="black", font=font)
    x = left + 10
    for _, label, colour in CHART_SERIES:
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
