"""``/audit``: the audit trail, for auditors only, read-only.

There is deliberately no route that changes or deletes audit rows; the store
refuses such statements too (see :mod:`lexdesk.audit`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api.auth import AUDITORS, SessionDep, require_role
from api.problems import ParameterError, problem_responses
from api.schemas_auth import AuditItem, AuditPage
from lexdesk.accounts import Principal
from lexdesk.audit import AuditAction, AuditFilter, ObjectType, list_audit, query_digest

router = APIRouter(tags=["audit"])

# Rows per page of the audit listing.
MAX_AUDIT_LIMIT = 500

AUDIT_DESCRIPTION = """\
Who did what to which object and when, newest first. Filters combine with AND:
«user» (name), «action», «object_type», «object_id», «date_from» and «date_to»
(inclusive UTC dates), and «query»: rows of searches for this exact query text
(compared through a keyed hash; the trail never stores query text).
"""


@router.get(
    "/audit",
    response_model=AuditPage,
    summary="Read the audit trail",
    description=AUDIT_DESCRIPTION,
    responses=problem_responses(
        {
            401: "No valid token or API key.",
            403: "Only auditors read the audit trail.",
            422: "A filter is malformed or the date range is reversed.",
        }
    ),
)
def get_audit(
    request: Request,
    auditor: Annotated[Principal, Depends(require_role(*AUDITORS))],
    session: SessionDep,
    user: Annotated[
        str | None, Query(min_length=1, max_length=64, description="User name.")
    ] = None,
    action: Annotated[AuditAction | None, Query(description="Action.")] = None,
    object_type: Annotated[ObjectType | None, Query(description="Object kind.")] = None,
    object_id: Annotated[
        str | None, Query(min_length=1, max_length=256, description="Object id.")
    ] = None,
    date_from: Annotated[
        dt.date | None, Query(description="Earliest day (UTC), inclusive.")
    ] = None,
    date_to: Annotated[
        dt.date | None, Query(description="Latest day (UTC), inclusive.")
    ] = None,
    query: Annotated[
        str | None,
        Query(min_length=1, max_length=1000, description="Search query text to find."),
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_AUDIT_LIMIT, description="Rows per page.")
    ] = 50,
    offset: Annotated[int, Query(ge=0, description="Rows to skip.")] = 0,
) -> AuditPage:
    """Return one page of audit rows matching the filters."""
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ParameterError(
            "date_to",
            f"date_to {date_to} is before date_from {date_from}",
            field_message=(
                f"конец периода ({date_to:%d.%m.%Y}) раньше его начала "
                f"({date_from:%d.%m.%Y})."
            ),
        )
    where = AuditFilter(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        since=_day_start(date_from),
        until=_day_after(date_to),
        query_digest=(
            query_digest(query, secret=request.app.state.secret_key)
            if query is not None
            else None
        ),
    )
    total, rows = list_audit(session, where, limit=limit, offset=offset)
    items = [
        AuditItem(
            id=row.id,
            at=row.at,
            user=row.user,
            api_key_id=row.api_key_id,
            action=row.action,
            object_type=row.object_type,
            object_id=row.object_id,
            query_chars=row.query_chars,
            hits=row.hits,
            export_format=row.export_format,
        )
        for row in rows
    ]
    return AuditPage(total=total, items=items)


def _day_start(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _day_after(day: dt.date | None) -> dt.datetime | None:
    """The start of the next day: the exclusive end of an inclusive date range."""
    if day is None or day == dt.date.max:
        return None
    return _day_start(day + dt.timedelta(days=1))
