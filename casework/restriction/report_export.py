"""The restriction report as files: an Excel workbook and a Word document.

The layout is :mod:`casework.report_files`'s; this module says what the
restriction report shows: its figures, its title and a chart of warnings sent,
households cut off and resumptions by month.
"""

from __future__ import annotations

from casework.report_files import ReportLayout, bar_chart_png, report_docx, report_xlsx
from casework.restriction.report import FIGURES, RestrictionReport

LAYOUT = ReportLayout(
    title="Ограничение режима потребления (ПП № 354)",
    figures=FIGURES,
    label_width=52,
    chart_heading="Предупреждения, ограничения и возобновления",
    chart_series=(
        ("warnings_sent", "предупреждения", (70, 110, 180)),
        ("cut_off", "ограничено/отключено", (200, 70, 60)),
        ("resumed", "возобновлено", (60, 160, 90)),
    ),
    axis_label=lambda value: f"{value:.0f}",
    axis_margin=80,
)


def report_to_xlsx(report: RestrictionReport) -> bytes:
    """Return the report as XLSX bytes (sheets «Отчёт» and «Итоги»)."""
    return report_xlsx(report.months, LAYOUT)


def report_to_docx(report: RestrictionReport) -> bytes:
    """Return the report as DOCX bytes: heading, summaries, table, chart."""
    return report_docx(report.months, LAYOUT)


def chart_png(
    report: RestrictionReport, *, width: int = 1200, height: int = 600
) -> bytes:
    """Draw warnings, households cut off and resumptions by month (PNG)."""
    return bar_chart_png(report.months, LAYOUT, width=width, height=height)
