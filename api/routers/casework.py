"""Casework: registry uploads, debtors, and the collection report.

``POST /registries/{kind}`` loads a billing registry (managers); ``GET /debtors``
and ``GET /debtors/{account}`` show debtors with their stage and next action
(lawyers and managers; every access is written to the audit trail, since a
debtor's name, address and phone are personal data); ``GET /reports/collection``
gives the collection report as JSON, XLSX or DOCX.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.auth import (
    MANAGERS,
    TEAM,
    AuditAction,
    ObjectType,
    SessionDep,
    audit,
    get_database,
    require_role,
)
from api.problems import NotFoundError, PayloadTooLargeError, problem_responses
from api.report_files import REPORT_MEDIA_TYPES, ReportFormat, report_response
from casework.models import DebtorAccount, RegistryKind
from casework.periods import SpanDate
from casework.registry import FileReport, ImportStatus, import_bytes
from casework.report_export import report_to_docx, report_to_xlsx
from casework.reports import collection_report, months_with_data
from casework.workflow import (
    STAGE_LABELS_RU,
    DebtorState,
    debtor_state,
    latest_balance_date,
    list_debtors,
)
from lexdesk.accounts import Principal
from lexdesk.database import Database

router = APIRouter(tags=["casework"])

Reader = Annotated[Principal, Depends(require_role(*TEAM))]
AS_OF_HELP = "Date of the check, 1990-01-01..2100-12-31; default the latest balance."
Importer = Annotated[Principal, Depends(require_role(*MANAGERS))]
# Largest registry upload: a year of 100,000 accounts' payments is about 60 MB.
MAX_REGISTRY_BYTES = 200 * 2**20


class RowErrorOut(BaseModel):
    """A bad row of an uploaded registry."""

    file: str
    line: int
    column: str
    value: str
    reason: str


class ImportResponse(BaseModel):
    """What became of an uploaded registry file."""

    file: str
    kind: RegistryKind
    status: ImportStatus
    sha256: str
    format: str
    encoding: str | None
    rows: int
    written: int
    skipped: int
    batch_id: int | None
    error_count: int
    errors: list[RowErrorOut]

    @classmethod
    def from_report(cls, report: FileReport) -> ImportResponse:
        """Build the response from an import report."""
        return cls(
            file=report.file,
            kind=report.kind,
            status=report.status,
            sha256=report.sha256,
            format=report.format,
            encoding=report.encoding,
            rows=report.rows,
            written=report.written,
            skipped=report.skipped,
            batch_id=report.batch_id,
            error_count=report.error_count,
            errors=[RowErrorOut(**vars(error)) for error in report.errors],
        )


@router.post(
    "/registries/{kind}",
    response_model=ImportResponse,
    summary="Upload a billing registry",
    description=(
        "A CSV (UTF-8, UTF-16 with a BOM, cp1251, KOI8-R or CP866; «,» or «;») "
        "or XLSX registry of the given kind. "
        "The file is applied whole or not at all: with any bad row the answer is "
        "422 and lists each bad row (line, column, value, reason in Russian). The "
        "same file again changes nothing (status already_imported)."
    ),
    responses={
        422: {"model": ImportResponse, "description": "Bad rows; nothing applied."},
        **problem_responses({401: "Not signed in.", 403: "Not a manager."}),
    },
)
async def upload_registry(
    kind: RegistryKind,
    file: UploadFile,
    user: Importer,
    database: Annotated[Database, Depends(get_database)],
) -> Response:
    """Import an uploaded registry file."""
    data = await file.read(MAX_REGISTRY_BYTES + 1)
    if len(data) > MAX_REGISTRY_BYTES:
        raise PayloadTooLargeError(MAX_REGISTRY_BYTES)
    report = import_bytes(
        database, kind, data, name=file.filename or f"{kind.value}.csv", user=user.name
    )
    body = ImportResponse.from_report(report).model_dump(mode="json")
    status = 422 if report.status is ImportStatus.REJECTED else 200
    return JSONResponse(body, status_code=status)


class NextActionOut(BaseModel):
    """The next action about a debtor."""

    action: str
    deadline: dt.date
    basis: str


class DebtorLine(BaseModel):
    """A debtor in the list."""

    account: str
    full_name: str
    category: str
    overdue_debt: Decimal
    stage: str
    stage_label: str
    next_action: NextActionOut | None


class DebtorList(BaseModel):
    """A page of debtors, largest overdue debt first."""

    total: int
    as_of: dt.date | None
    debtors: list[DebtorLine]


@router.get(
    "/debtors",
    response_model=DebtorList,
    summary="List debtors",
    description="Debtors by overdue debt, largest first, with stage and next action.",
    responses=problem_responses(
        {
            401: "Not signed in.",
            403: "Role may not read.",
            422: "A parameter is malformed or out of range.",
        }
    ),
)
def get_debtors(
    user: Reader,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    as_of: Annotated[SpanDate | None, Query(description=AS_OF_HELP)] = None,
) -> DebtorList:
    """Return a page of debtors (audited: it shows their names)."""
    total, page = list_debtors(session, as_of=as_of, limit=limit, offset=offset)
    lines = [
        DebtorLine(
            account=d.account,
            full_name=d.full_name,
            category=d.category.value,
            overdue_debt=d.overdue_debt,
            stage=d.stage.value,
            stage_label=STAGE_LABELS_RU[d.stage],
            next_action=NextActionOut(**vars(d.next_action)) if d.next_action else None,
        )
        for d in page
    ]
    audit(session, user, AuditAction.SEARCHED, ObjectType.DEBTOR, hits=len(lines))
    return DebtorList(
        total=total, as_of=as_of or latest_balance_date(session), debtors=lines
    )


class DebtorNotFoundError(NotFoundError):
    """No account with this number in the registries."""

    def __init__(self, account: str) -> None:
        shown = account[:40]
        super().__init__(
            f"no debtor account {shown!r}",
            user_message=f"Лицевой счёт «{shown}» не найден в реестрах.",
        )


class DebtorOut(BaseModel):
    """A debtor with the whole workflow state."""

    account: str
    full_name: str
    address: str
    category: str
    meter: str
    phone: str | None
    email: str | None
    norm_monthly_charge: Decimal
    stage: str
    stage_label: str
    stage_since: dt.date | None
    next_action: NextActionOut | None
    debt: Decimal | None
    overdue_debt: Decimal | None
    balance_as_of: dt.date | None
    cases: list[str]
    history: list[dict[str, Any]]
    installments: list[dict[str, Any]]
    limitation: list[dict[str, Any]]


@router.get(
    "/debtors/{account}",
    response_model=DebtorOut,
    summary="Get a debtor",
    description=(
        "The debtor's account data, claims stage, next action with its deadline "
        "and legal basis, history, installment agreements and limitation "
        "warnings. Every call is written to the audit trail."
    ),
    responses=problem_responses(
        {
            401: "Not signed in.",
            403: "Role may not read.",
            404: "No such account.",
            422: "The account number is malformed.",
        }
    ),
)
def get_debtor(
    user: Reader,
    session: SessionDep,
    account: Annotated[str, Path(min_length=1, max_length=32)],
    as_of: Annotated[SpanDate | None, Query(description=AS_OF_HELP)] = None,
) -> DebtorOut:
    """Return one debtor (audited with the account number)."""
    record = session.get(DebtorAccount, account)
    state = debtor_state(session, account, as_of=as_of) if record else None
    if record is None or state is None:
        raise DebtorNotFoundError(account)
    audit(session, user, AuditAction.OPENED, ObjectType.DEBTOR, account)
    return _debtor_out(record, state)


def _debtor_out(record: DebtorAccount, state: DebtorState) -> DebtorOut:
    def plain(value: Any) -> Any:
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, Decimal | dt.date):
            return str(value) if isinstance(value, Decimal) else value.isoformat()
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        if hasattr(value, "__dataclass_fields__"):
            return {
                name: plain(getattr(value, name)) for name in value.__dataclass_fields__
            }
        return value

    return DebtorOut(
        account=record.account,
        full_name=record.full_name,
        address=record.address,
        category=record.category.value,
        meter=record.meter.value,
        phone=record.phone,
        email=record.email,
        norm_monthly_charge=record.norm_monthly_charge,
        stage=state.stage.value,
        stage_label=STAGE_LABELS_RU[state.stage],
        stage_since=state.stage_since,
        next_action=NextActionOut(**vars(state.next_action))
        if state.next_action
        else None,
        debt=state.debt,
        overdue_debt=state.overdue_debt,
        balance_as_of=state.balance_as_of,
        cases=list(state.cases),
        history=[plain(item) for item in state.history],
        installments=[plain(item) for item in state.installments],
        limitation=[plain(item) for item in state.limitation],
    )


class ReportRange(BaseModel):
    """The months the registries hold rows for (null when they are empty)."""

    first: str | None
    last: str | None


@router.get(
    "/reports/range",
    response_model=ReportRange,
    summary="Months with registry data",
    description=(
        "The first and the last month (YYYY-MM) in which events, payments or "
        "balances are dated: the months the collection and restriction reports "
        "have figures for. Both are null before any registry is loaded."
    ),
    responses=problem_responses({401: "Not signed in.", 403: "Role may not read."}),
)
def get_report_range(user: Reader, session: SessionDep) -> ReportRange:
    """Return the first and the last month with registry rows."""
    months = months_with_data(session)
    if months is None:
        return ReportRange(first=None, last=None)
    return ReportRange(first=months[0], last=months[1])


@router.get(
    "/reports/collection",
    summary="Collection report",
    description=(
        "Claims work of a month or a range of months: cases filed by kind, "
        "orders issued and cancelled, decisions, sums claimed, awarded and "
        "collected (voluntary, installment, enforcement), notices, restrictions, "
        "overdue debt at the start and the end. Each figure names its source "
        "registry and how many rows it aggregates; ``trace=true`` lists their ids."
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
def get_collection_report(
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
    report = collection_report(session, first=month, last=to)
    return report_response(
        report,
        report_format=report_format,
        trace=trace,
        name=f"collection-{month}{'-' + to if to else ''}",
        to_xlsx=report_to_xlsx,
        to_docx=report_to_docx,
    )
