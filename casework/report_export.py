"""The collection report as files: an Excel workbook and a Word document.

The layout is :mod:`casework.report_files`'s; this module says what the collection
report shows: its figures, its title and a chart of claimed, awarded and collected
sums by month.
"""

from __future__ import annotations

from casework.report_files import ReportLayout, bar_chart_png, report_docx, report_xlsx
from casework.reports import FIGURES, CollectionReport

LAYOUT = ReportLayout(
    title="Отчёт о взыскании задолженности",
    figures=FIGURES,
    label_width=58,
    chart_heading="Заявлено, присуждено и поступило по месяцам",
    chart_series=(
        ("claimed", "заявлено в суд", (70, 110, 180)),
        ("awarded", "присуждено", (230, 150, 40)),
        ("collected", "поступило", (60, 160, 90)),
    ),
    axis_label=lambda value: f"{value / 1_000_000:.1f} млн",
    axis_margin=110,
)


def report_to_xlsx(report: CollectionReport) -> bytes:
    """Return the report as XLSX bytes (sheets «Отчёт» and «Итоги»)."""
    return report_xlsx(report.months, LAYOUT)


def report_to_docx(report: CollectionReport) -> bytes:
    """Return the report as DOCX bytes: heading, summaries, table, chart."""
    return report_docx(report.months, LAYOUT)


def chart_png(
    report: CollectionReport, *, width: int = 1200, height: int = 600
) -> bytes:
    """Draw claimed, awarded and collected sums by month as grouped bars (PNG)."""
    return bar_chart_png(report.months, LAYOUT, width=width, height=height)
