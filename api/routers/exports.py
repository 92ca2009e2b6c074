"""``/search/export``: a whole result list as a CSV or XLSX file."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from api.auth import TEAM, AuditAction, ObjectType, SessionDep, audit, require_role
from api.backend import BackendDep
from api.problems import ParameterError, problem_responses
from lexdesk.accounts import Principal
from lexdesk.audit import query_digest
from lexdesk.exports import (
    MAX_EXPORT_ROWS,
    MEDIA_TYPES,
    ExportFormat,
    ExportRow,
    row_for,
    write_export,
)
from nlp.kinds import DocumentKind
from search.query import MAX_QUERY_LENGTH
from search.records import SearchRequest, SortOrder

router = APIRouter(tags=["export"])

EXPORT_DESCRIPTION = f"""\
The hits of a search (same parameters as /search, without paging) as a file,
at most {MAX_EXPORT_ROWS} rows, in the order of «sort». Columns: «Заголовок»,
«Вид», «Дата», «Суд», «Номер дела», «Источник», «Идентификатор», «Фрагмент»
(plain text). CSV is UTF-8 with a BOM and «;» between fields, which Excel opens
as is; XLSX has real date cells. The export is written to the audit trail.
"""

# The response of an export in OpenAPI: a file, not JSON.
FILE_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The file (Content-Disposition names it).",
        "content": {
            MEDIA_TYPES[ExportFormat.CSV]: {"schema": {"type": "string"}},
            MEDIA_TYPES[ExportFormat.XLSX]: {
                "schema": {"type": "string", "format": "binary"}
            },
        },
    }
}


def file_response(
    rows: list[ExportRow], export_format: ExportFormat, stem: str
) -> Response:
    """Answer rows as a downloadable file named ``<stem>.<format>``."""
    body = write_export(rows, export_format)
    filename = f"{stem}-{dt.date.today():%Y%m%d}.{export_format.value}"
    return Response(
        content=body,
        media_type=MEDIA_TYPES[export_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/search/export",
    response_class=Response,
    summary="Export search results",
    description=EXPORT_DESCRIPTION,
    responses={
        **FILE_RESPONSES,
        **problem_responses(
            {
                400: "The query has a syntax error; «position» is its offset.",
                401: "No valid token or API key.",
                403: "The caller's role may not export.",
                422: "A parameter is missing, malformed or out of range.",
                503: "The search index is unavailable.",
            }
        ),
    },
)
def export_search(
    request: Request,
    backend: BackendDep,
    user: Annotated[Principal, Depends(require_role(*TEAM))],
    session: SessionDep,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUERY_LENGTH, description="The query."),
    ],
    kind: Annotated[
        list[DocumentKind] | None,
        Query(description="Only documents of these kinds; repeat for several."),
    ] = None,
    date_from: Annotated[
        dt.date | None, Query(description="Earliest document date, inclusive.")
    ] = None,
    date_to: Annotated[
        dt.date | None, Query(description="Latest document date, inclusive.")
    ] = None,
    sort: Annotated[SortOrder, Query(description="Row order.")] = SortOrder.RELEVANCE,
    export_format: Annotated[
        ExportFormat, Query(alias="format", description="csv or xlsx.")
    ] = ExportFormat.CSV,
) -> Response:
    """Run the search without paging and answer its hits as a file."""
    query = q.strip()
    if not query:
        raise ParameterError(
            "q", "blank query", field_message="запрос пуст, введите слова для поиска."
        )
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ParameterError(
            "date_to",
            f"date_to {date_to} is before date_from {date_from}",
            field_message=(
                f"конец периода ({date_to:%d.%m.%Y}) раньше его начала "
                f"({date_from:%d.%m.%Y})."
            ),
        )
    result = backend.search(
        SearchRequest(
            query=query,
            kinds=tuple(dict.fromkeys(kind or ())),
            date_from=date_from,
            date_to=date_to,
            limit=MAX_EXPORT_ROWS,
            offset=0,
            sort=sort,
        )
    )
    rows = [
        row for hit in result.hits if (row := row_for(backend.get(hit.id), hit=hit))
    ]
    audit(
        session,
        user,
        AuditAction.EXPORTED,
        ObjectType.SEARCH,
        query_chars=len(query),
        query_digest=query_digest(query, secret=request.app.state.secret_key),
        hits=len(rows),
        export_format=export_format.value,
    )
    request.state.log_note = f"query_chars={len(query)} rows={len(rows)}"
    return file_response(rows, export_format, "poisk")
