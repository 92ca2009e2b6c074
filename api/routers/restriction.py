"""Restriction of supply to household debtors (ПП 354): queue, steps and report.

``GET /restriction/candidates`` and ``GET /restriction/queue`` show debtors by
account (lawyers and managers; audited, since they are debtors' data);
``POST /restriction/warnings``, ``/restriction/deliveries``, ``/restriction/orders``
and ``/restriction/statuses`` record the steps (managers); ``GET
/reports/restriction`` gives the monthly report as JSON, XLSX or DOCX.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from api.auth import (
    MANAGERS,
    TEAM,
    AuditAction,
    ObjectType,
    SessionDep,
    audit,
    require_role,
)
from api.problems import PayloadTooLargeError, problem_responses
from api.report_files import REPORT_MEDIA_TYPES, ReportFormat, report_response
from casework.metering import FileDropClient, read_status_file
from casework.periods import SpanDate
from casework.registry import MAX_AMOUNT
from casework.restriction.candidates import select_candidates
from casework.restriction.cli import procedure_dict
from casework.restriction.report import restriction_report
from casework.restriction.report_export import report_to_docx, report_to_xlsx
from casework.restriction.store import (
    Channel,
    apply_statuses,
    issue_orders,
    record_deliveries,
    restriction_queue,
    send_warnings,
)
from lexdesk.accounts import Principal

router = APIRouter(tags=["restriction"])

Reader = Annotated[Principal, Depends(require_role(*TEAM))]
Manager = Annotated[Principal, Depends(require_role(*MANAGERS))]
# A status file of a month of commands is a few hundred kilobytes.
MAX_STATUS_BYTES = 20 * 2**20
OnDate = Annotated[
    SpanDate | None,
    Query(description="Date of the reading, 1990-01-01..2100-12-31; default today."),
]
# A warned debt: positive roubles up to the registries' largest amount.
WarnedDebt = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT, decimal_places=2)]


class Candidate(BaseModel):
    """A household to warn (or not), with the rule that decided."""

    account: str
    selected: bool
    reason: str
    text: str
    debt: Decimal
    threshold: Decimal
    meter: str


@router.get(
    "/restriction/candidates",
    response_model=list[Candidate],
    summary="Households to warn on a date",
    description=(
        "Households whose overdue debt exceeds two monthly charges by the norm, "
        "without an active repayment agreement, outside moratoria and not in a "
        "running procedure (п. 117, 118 ПП 354), each with the rule that selected "
        "it; ``all=true`` adds the others with the reason. Audited."
    ),
    responses=problem_responses(
        {401: "Not signed in.", 403: "Role may not read.", 422: "Bad date."}
    ),
)
def get_candidates(
    user: Reader,
    session: SessionDep,
    on: OnDate = None,
    include_all: Annotated[bool, Query(alias="all")] = False,
) -> list[Candidate]:
    """Select the candidates (audited: it lists debtors)."""
    decisions = select_candidates(
        session, on=on or dt.date.today(), include_excluded=include_all
    )
    audit(session, user, AuditAction.SEARCHED, ObjectType.DEBTOR, hits=len(decisions))
    return [
        Candidate(
            account=d.account,
            selected=d.selected,
            reason=d.reason.value,
            text=d.text,
            debt=d.debt,
            threshold=d.threshold,
            meter=d.meter.value,
        )
        for d in decisions
    ]


@router.get(
    "/restriction/queue",
    summary="The restriction queue",
    description=(
        "Every warning's procedure on a date: ``flagged`` first (overdue or late "
        "resumptions and other breaches of the procedure by the supplier), then "
        "``due``: the open procedures with the next step and its date, and the "
        "count of households at each stage. Audited."
    ),
    responses=problem_responses(
        {401: "Not signed in.", 403: "Role may not read.", 422: "Bad date."}
    ),
)
def get_queue(user: Reader, session: SessionDep, on: OnDate = None) -> dict[str, Any]:
    """Read the queue (audited)."""
    queue = restriction_queue(session, as_of=on or dt.date.today())
    audit(
        session,
        user,
        AuditAction.SEARCHED,
        ObjectType.DEBTOR,
        hits=len(queue.flagged) + len(queue.due),
    )
    return {
        "as_of": queue.as_of.isoformat(),
        "flagged": [procedure_dict(p) for p in queue.flagged],
        "due": [procedure_dict(p) for p in queue.due],
        "stages": {stage.value: count for stage, count in queue.stages.items()},
    }


class WarningsIn(BaseModel):
    """Warnings sent: the accounts with their warned debt."""

    sent_on: SpanDate
    channel: Channel
    items: list[
        tuple[Annotated[str, Field(min_length=1, max_length=32)], WarnedDebt]
    ] = Field(min_length=1, max_length=100_000)


class DeliveryIn(BaseModel):
    """A warning delivered."""

    account: str = Field(min_length=1, max_length=32)
    delivered_on: SpanDate
    channel: Channel


class Recorded(BaseModel):
    """Ids of the events written (or found already written)."""

    event_ids: list[int]


@router.post(
    "/restriction/warnings",
    response_model=Recorded,
    summary="Record warnings sent",
    description="Writes a ``notice_sent`` event per account (a batch of its own).",
    responses=problem_responses(
        {
            400: "Unknown account.",
            401: "Not signed in.",
            403: "Not a manager.",
            422: "Malformed body.",
        }
    ),
)
def post_warnings(body: WarningsIn, user: Manager, session: SessionDep) -> Recorded:
    """Record warnings sent."""
    ids = send_warnings(
        session, body.items, sent_on=body.sent_on, channel=body.channel, user=user.name
    )
    audit(session, user, AuditAction.CREATED, ObjectType.DEBTOR, hits=len(ids))
    return Recorded(event_ids=ids)


@router.post(
    "/restriction/deliveries",
    response_model=Recorded,
    summary="Record warnings delivered",
    description=(
        "Writes a ``notice_delivered`` event per item: the 20 days run from "
        "delivery. Deliveries may also come in an ``events`` registry."
    ),
    responses=problem_responses(
        {
            400: "Unknown account.",
            401: "Not signed in.",
            403: "Not a manager.",
            422: "Malformed body.",
        }
    ),
)
def post_deliveries(
    body: Annotated[list[DeliveryIn], Field(min_length=1)],
    user: Manager,
    session: SessionDep,
) -> Recorded:
    """Record deliveries."""
    ids = record_deliveries(
        session,
        [(d.account, d.delivered_on, d.channel) for d in body],
        user=user.name,
    )
    audit(session, user, AuditAction.CREATED, ObjectType.DEBTOR, hits=len(ids))
    return Recorded(event_ids=ids)


class OrderOut(BaseModel):
    """An order made."""

    number: str
    account: str
    measure: str
    due_on: dt.date | None
    status: str


@router.post(
    "/restriction/orders",
    response_model=list[OrderOut],
    summary="Make the orders due",
    description=(
        "Restriction, suspension and resumption orders due on the date: smart "
        "meters get a command file in the data directory's metering/outbox, "
        "others a field-crew order."
    ),
    responses=problem_responses(
        {401: "Not signed in.", 403: "Not a manager.", 422: "Bad date."}
    ),
)
def post_orders(
    request: Request, user: Manager, session: SessionDep, on: OnDate = None
) -> list[OrderOut]:
    """Issue the orders due."""
    client = FileDropClient(request.app.state.home / "metering" / "outbox")
    issued = issue_orders(
        session, as_of=on or dt.date.today(), user=user.name, client=client
    )
    audit(session, user, AuditAction.CREATED, ObjectType.DEBTOR, hits=len(issued))
    return [
        OrderOut(
            number=o.number,
            account=o.account,
            measure=o.measure.value,
            due_on=o.due_on,
            status=o.status.value,
        )
        for o in issued
    ]


class StatusesOut(BaseModel):
    """What a status file did."""

    lines: int
    executed: int
    failed: int
    unknown: list[tuple[int, str]]


@router.post(
    "/restriction/statuses",
    response_model=StatusesOut,
    summary="Upload a status file of metering commands",
    description=(
        "A CSV with ``order``, ``status`` (requested, executed, failed), "
        "``executed_on``, ``detail``, ``external_id``; executed orders become "
        "restriction, suspension or resumption events."
    ),
    responses=problem_responses(
        {
            401: "Not signed in.",
            403: "Not a manager.",
            413: "File too large.",
            422: "Bad file.",
        }
    ),
)
async def post_statuses(
    file: UploadFile, user: Manager, session: SessionDep
) -> StatusesOut:
    """Apply a status file."""
    data = await file.read(MAX_STATUS_BYTES + 1)
    if len(data) > MAX_STATUS_BYTES:
        raise PayloadTooLargeError(MAX_STATUS_BYTES)
    name = file.filename or "statuses.csv"
    report = apply_statuses(
        session, read_status_file(data, name=name), source=name, user=user.name
    )
    audit(session, user, AuditAction.UPLOADED, ObjectType.DEBTOR, hits=report.lines)
    return StatusesOut(
        lines=report.lines,
        executed=report.executed,
        failed=report.failed,
        unknown=list(report.unknown),
    )


@router.get(
    "/reports/restriction",
    summary="Restriction report",
    description=(
        "The ПП 354 procedure of a month or a range: warnings sent and delivered, "
        "debtors who paid or signed an agreement by their deadline (and their "
        "share), restrictions, suspensions, resumptions on time and late, costs, "
        "households' overdue debt. Each figure names its source registry and how "
        "many rows it aggregates; ``trace=true`` lists their ids."
    ),
    responses={
        200: {
            "description": "The report (JSON, or a file for xlsx and docx).",
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}}
                for media in REPORT_MEDIA_TYPES.values()
            },
        },
        **problem_responses(
            {
                400: "Bad month or range.",
                401: "Not signed in.",
                403: "Role may not read.",
                422: "A parameter is malformed.",
            }
        ),
    },
)
def get_restriction_report(
    user: Reader,
    session: SessionDep,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")],
    to: Annotated[
        str | None, Query(pattern=r"^\d{4}-\d{2}$", description="Last month, YYYY-MM")
    ] = None,
    report_format: Annotated[ReportFormat, Query(alias="format")] = ReportFormat.JSON,
    trace: Annotated[
        bool, Query(description="List the row ids of each figure.")
    ] = False,
) -> Response:
    """Compute the report and answer it in the chosen format."""
    report = restriction_report(session, first=month, last=to)
    return report_response(
        report,
        report_format=report_format,
        trace=trace,
        name=f"restriction-{month}{'-' + to if to else ''}",
        to_xlsx=report_to_xlsx,
        to_docx=report_to_docx,
    )
