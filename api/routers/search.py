"""``/search``: full-text search in lexdesk's query language."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api.auth import READERS, AuditAction, ObjectType, SessionDep, audit, require_role
from api.backend import BackendDep
from api.problems import ParameterError, problem_responses
from api.schemas import SearchResponse
from lexdesk.accounts import Principal
from lexdesk.audit import query_digest
from nlp.kinds import DocumentKind
from search.cursors import MAX_CURSOR_LENGTH, InvalidCursorError
from search.query import MAX_QUERY_LENGTH
from search.records import ALL_FACETS, SearchRequest, SortOrder

router = APIRouter(tags=["search"])

# Hits per page, and how deep pages may go: Elasticsearch's default
# index.max_result_window (offset + limit ≤ 10 000), applied to every backend so
# that they stay interchangeable.
MAX_LIMIT = 100
MAX_RESULT_WINDOW = 10_000

SEARCH_DESCRIPTION = """\
Finds documents matching «q» and returns one page of hits, best first unless
«sort» says otherwise.

Query language: words find all their forms («должнику» finds «должника»);
"an exact phrase" in double quotes; `OR` between alternatives; `NOT word` or
`-word` excludes. Filters: «kind» (repeatable), «date_from» and «date_to»
(inclusive, ISO dates).

Pages: «offset» for simple use, or «cursor» (from «next_cursor») for pages that
documents indexed meanwhile do not shift. «facets=true» adds counts over the
whole matching set.

Each hit's «snippet» is an HTML fragment: matched word forms are wrapped in
`<mark>…</mark>` and everything else is HTML-escaped.
"""


@router.get(
    "/search",
    response_model=SearchResponse,
    summary="Search documents",
    description=SEARCH_DESCRIPTION,
    responses=problem_responses(
        {
            400: "The query has a syntax error; «position» is its character offset.",
            401: "No valid token or API key.",
            403: "The caller's role may not search.",
            422: "A parameter is missing, malformed or out of range.",
            503: "The search index is unavailable.",
        }
    ),
)
def search_documents(
    request: Request,
    backend: BackendDep,
    user: Annotated[Principal, Depends(require_role(*READERS))],
    session: SessionDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY_LENGTH,
            description="The query, e.g. «взыскание задолженности -пени».",
        ),
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
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hits per page.")] = 10,
    offset: Annotated[
        int,
        Query(ge=0, le=MAX_RESULT_WINDOW, description="Hits to skip (pagination)."),
    ] = 0,
    sort: Annotated[SortOrder, Query(description="Hit order.")] = SortOrder.RELEVANCE,
    facets: Annotated[
        bool,
        Query(
            description=(
                "Also count all matching documents by kind, court, judge, year, "
                "outcome and cited act (one more index query)."
            )
        ),
    ] = False,
    cursor: Annotated[
        str | None,
        Query(
            max_length=MAX_CURSOR_LENGTH,
            description=(
                "«next_cursor» of the previous page: the next page of the same "
                "result set, unshifted by documents indexed since page 1. Not "
                "combinable with «offset»."
            ),
        ),
    ] = None,
) -> SearchResponse:
    """Run one search and return a page of hits."""
    query = q.strip()
    if not query:
        raise ParameterError(
            "q", "blank query", field_message="запрос пуст, введите слова для поиска."
        )
    _check_range(date_from, date_to)
    if offset + limit > MAX_RESULT_WINDOW:
        raise ParameterError(
            "offset",
            f"offset + limit exceeds {MAX_RESULT_WINDOW}",
            field_message=(
                f"можно пролистать не дальше {MAX_RESULT_WINDOW} результатов; "
                "уточните запрос."
            ),
        )

    if cursor is not None and offset:
        raise ParameterError(
            "offset",
            "offset together with cursor",
            field_message="задайте либо «offset», либо «cursor», но не оба.",
        )

    search_request = SearchRequest(
        query=query,
        kinds=tuple(dict.fromkeys(kind or ())),
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
        sort=sort,
        facets=ALL_FACETS if facets else (),
        cursor=cursor,
    )
    try:
        result = backend.search(search_request)
    except InvalidCursorError as error:
        raise ParameterError(
            "cursor", str(error), field_message=error.user_message
        ) from error
    audit(
        session,
        user,
        AuditAction.SEARCHED,
        ObjectType.SEARCH,
        query_chars=len(query),
        query_digest=query_digest(query, secret=request.app.state.secret_key),
        hits=result.total,
    )
    # The query may name a person: the request log line gets its length only.
    request.state.log_note = (
        f"query_chars={len(query)} total={result.total} returned={len(result.hits)}"
    )
    return SearchResponse.from_result(result)


def _check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    """Reject a date range whose end is before its start."""
    if date_from is None or date_to is None or date_from <= date_to:
        return
    raise ParameterError(
        "date_to",
        f"date_to {date_to} is before date_from {date_from}",
        field_message=(
            f"конец периода ({date_to:%d.%m.%Y}) раньше его начала "
            f"({date_from:%d.%m.%Y})."
        ),
    )
