"""How the report routes answer: JSON, or a file for XLSX and DOCX."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar

from fastapi import Response
from fastapi.responses import JSONResponse

from casework.report_files import Report


class ReportFormat(enum.StrEnum):
    """How a report is returned."""

    JSON = "json"
    XLSX = "xlsx"
    DOCX = "docx"


REPORT_MEDIA_TYPES = {
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


R = TypeVar("R", bound=Report)


def report_response(
    report: R,
    *,
    report_format: ReportFormat,
    trace: bool,
    name: str,
    to_xlsx: Callable[[R], bytes],
    to_docx: Callable[[R], bytes],
) -> Response:
    """Answer ``report`` as JSON, or as a downloadable ``name.<format>`` file."""
    if report_format is ReportFormat.JSON:
        return JSONResponse(report.to_dict(trace=trace))
    body = to_xlsx(report) if report_format is ReportFormat.XLSX else to_docx(report)
    return Response(
        content=body,
        media_type=REPORT_MEDIA_TYPES[report_format],
        headers={
            "Content-Disposition": f'attachment; filename="{name}.{report_format.value}"'
        },
    )
