"""The claims workflow of a debtor: stage, history, next action and its deadline.

A debt goes: claim → application for a court order → order issued (or cancelled
→ lawsuit → decision → writ) → enforcement → collected or closed; an installment
agreement can interrupt it. The stage is read from the debtor's events in date
order (:data:`STAGE_AFTER`) and from the court documents linked to their cases
(:func:`link_document`); each stage has a next action with a deadline and its
legal basis (:data:`NEXT_ACTIONS`).

Two checks run on the money: an installment agreement's schedule against the
payments made under it (:func:`check_installment`), and the three-year
limitation period of every unpaid monthly charge (ГК РФ ст. 196, 200: each
monthly payment has its own period, from the day after its due date;
:func:`limitation_warnings`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from casework.models import (
    KOPECK,
    Balance,
    Category,
    Charge,
    CourtCase,
    DebtorAccount,
    DebtorEvent,
    EventKind,
    InstallmentAgreement,
    Payment,
    PaymentChannel,
)
from nlp.case_numbers import extract_case_numbers
from nlp.kinds import DocumentKind
from search.backend import SearchBackend
from search.records import DocumentRecord, SearchRequest

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
# ГК РФ ст. 196 п. 1: the general limitation period is three years.
LIMITATION_YEARS = 3
# How far ahead a limitation warning looks by default.
LIMITATION_HORIZON_DAYS = 180
# ЖК РФ ст. 155 ч. 1: a month's charge is due by the 10th of the next month. The
# due day changes for later periods (a 2025 amendment, the 15th); charges of
# those periods should carry their due_date in the registry.
DUE_DAY = 10
# How much of the document's start is searched for case numbers.
CASE_NUMBER_WINDOW = 4000


class Stage(enum.StrEnum):
    """Where a debtor's claims work stands."""

    DEBT = "debt"
    CLAIM = "claim"
    ORDER_APPLIED = "order_applied"
    ORDER_ISSUED = "order_issued"
    ORDER_CANCELLED = "order_cancelled"
    LAWSUIT = "lawsuit"
    DECISION = "decision"
    WRIT = "writ"
    ENFORCEMENT = "enforcement"
    INSTALLMENT = "installment"
    COLLECTED = "collected"
    CLOSED = "closed"


STAGE_LABELS_RU: dict[Stage, str] = {
    Stage.DEBT: "долг, работа не начата",
    Stage.CLAIM: "направлена претензия",
    Stage.ORDER_APPLIED: "подано заявление о выдаче судебного приказа",
    Stage.ORDER_ISSUED: "вынесен судебный приказ",
    Stage.ORDER_CANCELLED: "судебный приказ отменён",
    Stage.LAWSUIT: "подан иск",
    Stage.DECISION: "вынесено решение",
    Stage.WRIT: "получен исполнительный лист",
    Stage.ENFORCEMENT: "исполнительное производство",
    Stage.INSTALLMENT: "рассрочка",
    Stage.COLLECTED: "долг погашен",
    Stage.CLOSED: "работа закрыта",
}

# The stage an event moves a debtor to; events not listed (notices,
# restrictions: the supply workflow) leave the claims stage as it is.
STAGE_AFTER: dict[EventKind, Stage] = {
    EventKind.CLAIM_SENT: Stage.CLAIM,
    EventKind.ORDER_FILED: Stage.ORDER_APPLIED,
    EventKind.ORDER_ISSUED: Stage.ORDER_ISSUED,
    EventKind.ORDER_CANCELLED: Stage.ORDER_CANCELLED,
    EventKind.LAWSUIT_FILED: Stage.LAWSUIT,
    EventKind.DECISION: Stage.DECISION,
    EventKind.WRIT_ISSUED: Stage.WRIT,
    EventKind.ENFORCEMENT_OPENED: Stage.ENFORCEMENT,
    EventKind.INSTALLMENT_SIGNED: Stage.INSTALLMENT,
}


@dataclass(frozen=True)
class ActionRule:
    """What to do next at a stage, within how long, and why.

    Attributes:
        action: the action, in Russian.
        days: days from the stage's start to the deadline.
        months: months from the stage's start (added to ``days``).
        basis: the statute or rule behind the deadline.
    """

    action: str
    days: int = 0
    months: int = 0
    basis: str = ""


NEXT_ACTIONS: dict[Stage, ActionRule] = {
    # Department practice: a new debt gets a claim within ten days.
    Stage.DEBT: ActionRule("Направить претензию", days=10, basis="регламент отдела"),
    # Ten days for voluntary payment after the claim, then court (ГПК гл. 11).
    Stage.CLAIM: ActionRule(
        "Подать заявление о выдаче судебного приказа",
        days=10,
        basis="ГПК РФ ст. 121, 122",
    ),
    Stage.ORDER_APPLIED: ActionRule(
        "Проверить вынесение судебного приказа", days=5, basis="ГПК РФ ст. 126"
    ),
    # Copy to the debtor, 10 days for objections, then the order is handed over.
    Stage.ORDER_ISSUED: ActionRule(
        "Получить судебный приказ и предъявить его к исполнению",
        days=30,
        basis="ГПК РФ ст. 128, 130",
    ),
    # After cancellation an unexpired remainder under six months extends to six.
    Stage.ORDER_CANCELLED: ActionRule(
        "Подать исковое заявление", months=6, basis="ГК РФ ст. 204 п. 3"
    ),
    Stage.LAWSUIT: ActionRule(
        "Контролировать рассмотрение иска", months=2, basis="ГПК РФ ст. 154"
    ),
    # The decision becomes final a month after it is made in full form.
    Stage.DECISION: ActionRule(
        "Получить исполнительный лист после вступления решения в силу",
        months=1,
        basis="ГПК РФ ст. 321, 428",
    ),
    Stage.WRIT: ActionRule(
        "Предъявить исполнительный лист в ФССП или банк",
        months=36,
        basis="229-ФЗ ст. 21 ч. 1",
    ),
    Stage.ENFORCEMENT: ActionRule(
        "Запросить у пристава ход исполнительного производства",
        months=2,
        basis="229-ФЗ ст. 36 ч. 1",
    ),
    Stage.INSTALLMENT: ActionRule(
        "Проверить платёж по рассрочке", months=1, basis="соглашение о рассрочке"
    ),
}
# АПК РФ ст. 4 ч. 5: a legal entity may be sued 30 days after the claim.
LEGAL_ENTITY_CLAIM_RULE = ActionRule(
    "Подать заявление в арбитражный суд", days=30, basis="АПК РФ ст. 4 ч. 5"
)


@dataclass(frozen=True)
class HistoryItem:
    """One step of a debtor's history.

    Attributes:
        date: when it happened.
        event: what happened.
        amount: the sum it names, if any.
        ref: case, enforcement or agreement number.
        details: free text from the registry.
        source: ``registry`` (an events row), ``document`` (a linked court act)
            or ``schedule`` (a breach found by checking an installment schedule).
        source_id: the events row id, the document id or the agreement number.
    """

    date: dt.date
    event: EventKind
    amount: Decimal | None
    ref: str
    details: str
    source: str
    source_id: str


@dataclass(frozen=True)
class NextAction:
    """The next thing to do about a debtor.

    Attributes:
        action: in Russian.
        deadline: the date it is due.
        basis: the statute or rule that sets the deadline.
    """

    action: str
    deadline: dt.date
    basis: str


@dataclass(frozen=True)
class ScheduledPayment:
    """One part of an installment schedule.

    Attributes:
        due: the last day to pay it.
        amount: the part.
        paid_by_due: what was paid under the agreement by ``due`` in total.
    """

    due: dt.date
    amount: Decimal
    paid_by_due: Decimal


@dataclass(frozen=True)
class InstallmentState:
    """An installment agreement checked against its payments.

    Attributes:
        number: the agreement number.
        signed_on: when it was signed.
        total: the sum to repay.
        schedule: the parts with what was paid by each due date.
        paid: paid under the agreement by ``as_of``.
        breached_on: the first due date by which less was paid than due, if any.
        next_due: the next unpaid part's due date, None when repaid or breached.
    """

    number: str
    signed_on: dt.date
    total: Decimal
    schedule: tuple[ScheduledPayment, ...]
    paid: Decimal
    breached_on: dt.date | None
    next_due: dt.date | None


@dataclass(frozen=True)
class LimitationWarning:
    """An unpaid monthly charge whose limitation period ends soon or has ended.

    Attributes:
        period: the month charged (``YYYY-MM``).
        due_date: when it was due.
        unpaid: what is left of it after payments (oldest charges paid first).
        expires_on: the last day to sue for it.
        days_left: days from the check date to ``expires_on`` (negative: expired).
    """

    period: str
    due_date: dt.date
    unpaid: Decimal
    expires_on: dt.date
    days_left: int


@dataclass(frozen=True)
class DebtorState:
    """Everything the workflow knows about one debtor on a date.

    Attributes:
        account: the personal account.
        stage: the claims stage.
        stage_since: when the stage began.
        next_action: what to do next, None at the end of the road.
        history: the events and linked court documents, oldest first.
        debt: the latest balance's debt (None without balances).
        overdue_debt: the latest balance's overdue debt.
        balance_as_of: the latest balance's date.
        installments: the agreements, checked.
        limitation: warnings about charges nearing or past limitation.
        cases: the debtor's court case numbers.
    """

    account: str
    stage: Stage
    stage_since: dt.date | None
    next_action: NextAction | None
    history: tuple[HistoryItem, ...]
    debt: Decimal | None
    overdue_debt: Decimal | None
    balance_as_of: dt.date | None
    installments: tuple[InstallmentState, ...]
    limitation: tuple[LimitationWarning, ...]
    cases: tuple[str, ...]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (31.01 → 28.02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def stage_of(
    history: Sequence[HistoryItem], *, overdue: Decimal | None
) -> tuple[Stage, dt.date | None]:
    """Read the stage from a history (oldest first) and the current overdue debt.

    An ``enforcement_closed`` event ends the work: collected when the
    proceedings ended by actual payment (229-ФЗ ст. 47 ч. 1 п. 1, «фактическое
    исполнение» in its details) or nothing is overdue, closed otherwise. A
    breached installment returns the debtor to the stage before it. No overdue
    debt means collected, whatever the stage.

    Returns:
        The stage and the date it began (None for a debt with no events).
    """
    stage: Stage = Stage.DEBT
    since: dt.date | None = None
    before_installment: tuple[Stage, dt.date | None] = (Stage.DEBT, None)
    nothing_overdue = overdue is not None and overdue <= 0
    for item in history:
        if item.event is EventKind.INSTALLMENT_SIGNED:
            before_installment = (stage, since)
        if item.event in STAGE_AFTER:
            stage, since = STAGE_AFTER[item.event], item.date
        elif (
            item.event is EventKind.INSTALLMENT_BREACHED and stage is Stage.INSTALLMENT
        ):
            stage, since = before_installment[0], item.date
        elif item.event is EventKind.ENFORCEMENT_CLOSED:
            paid = nothing_overdue or "фактическ" in item.details.lower()
            stage, since = (Stage.COLLECTED if paid else Stage.CLOSED), item.date
    if nothing_overdue and stage is not Stage.CLOSED:
        return Stage.COLLECTED, since
    return stage, since


def next_action_for(
    stage: Stage,
    since: dt.date | None,
    *,
    category: Category,
    as_of: dt.date,
    installment_due: dt.date | None = None,
) -> NextAction | None:
    """The next action at ``stage`` with its deadline (None when work is over).

    Args:
        stage: the stage.
        since: when it began; a debt with no events counts from ``as_of``.
        category: household or legal entity (their pre-trial rules differ).
        as_of: the date of the data.
        installment_due: the next part's due date of an active agreement.
    """
    rule = NEXT_ACTIONS.get(stage)
    if rule is None:
        return None
    if stage is Stage.CLAIM and category is Category.LEGAL_ENTITY:
        rule = LEGAL_ENTITY_CLAIM_RULE
    start = since or as_of
    if stage is Stage.INSTALLMENT and installment_due is not None:
        return NextAction(rule.action, installment_due, rule.basis)
    deadline = add_months(start, rule.months) + dt.timedelta(days=rule.days)
    return NextAction(rule.action, deadline, rule.basis)


def installment_schedule(
    signed_on: dt.date, total: Decimal, months: int
) -> list[tuple[dt.date, Decimal]]:
    """Equal monthly parts due by each following month's end; the last takes the rest."""
    part = (total / months).quantize(KOPECK)
    parts = [part] * (months - 1) + [total - part * (months - 1)]
    return [
        (month_end(add_months(signed_on, number)), amount)
        for number, amount in enumerate(parts, start=1)
    ]


def check_installment(
    number: str,
    signed_on: dt.date,
    total: Decimal,
    months: int,
    payments: Iterable[tuple[dt.date, Decimal]],
    *,
    as_of: dt.date,
) -> InstallmentState:
    """Check an agreement's payments against its schedule on ``as_of``.

    A breach is the first due date (up to ``as_of``) by which less was paid in
    total than the parts due by then.
    """
    paid_list = sorted((day, amount) for day, amount in payments if day >= signed_on)
    schedule = []
    breached_on = next_due = None
    due_total = ZERO
    for due, amount in installment_schedule(signed_on, total, months):
        due_total += amount
        paid_by_due = sum((a for day, a in paid_list if day <= due), ZERO)
        schedule.append(ScheduledPayment(due, amount, paid_by_due))
        if due > as_of:
            if next_due is None and breached_on is None and paid_by_due < due_total:
                next_due = due
            continue
        if breached_on is None and paid_by_due < due_total:
            breached_on = due
    paid = sum((a for day, a in paid_list if day <= as_of), ZERO)
    if paid >= total:
        next_due = None
    return InstallmentState(
        number, signed_on, total, tuple(schedule), paid, breached_on, next_due
    )


def limitation_warnings(
    charges: Iterable[tuple[str, Decimal, dt.date | None]],
    paid_total: Decimal,
    filings: Iterable[dt.date],
    *,
    as_of: dt.date,
    horizon_days: int = LIMITATION_HORIZON_DAYS,
) -> list[LimitationWarning]:
    """Unpaid charges whose limitation period ends within ``horizon_days`` or ended.

    Payments without a stated period go to the oldest charges first (ГК РФ
    ст. 319.1 п. 3). A charge due before a court filing (order or lawsuit) is
    claimed in court, and the period stops running for it (ГК РФ ст. 204 п. 1),
    so it gets no warning.

    Args:
        charges: (period ``YYYY-MM``, amount, due date or None) of every charge.
        paid_total: all payments on the account.
        filings: dates of ``order_filed`` and ``lawsuit_filed`` events.
        as_of: the date of the check.
        horizon_days: how far ahead to warn.
    """
    filed = sorted(filings)
    left = paid_total
    warnings = []
    for period, amount, due_date in sorted(charges):
        covered = min(left, amount) if amount > 0 else ZERO
        left -= covered
        unpaid = amount - covered
        if unpaid <= 0:
            continue
        due = due_date or _default_due(period)
        expires = add_months(due, 12 * LIMITATION_YEARS)
        if any(due <= day <= expires for day in filed):
            continue
        days_left = (expires - as_of).days
        if days_left <= horizon_days:
            warnings.append(LimitationWarning(period, due, unpaid, expires, days_left))
    return warnings


def _default_due(period: str) -> dt.date:
    year, month = (int(part) for part in period.split("-"))
    return add_months(dt.date(year, month, DUE_DAY), 1)


def debtor_state(
    session: Session, account: str, *, as_of: dt.date | None = None
) -> DebtorState | None:
    """Compute a debtor's state from the store (None when the account is unknown).

    Args:
        session: an open session.
        account: the personal account.
        as_of: the date of the check; default: the latest balance date in the
            store (the registries' «today»).
    """
    record = session.get(DebtorAccount, account)
    if record is None:
        return None
    day = as_of or latest_balance_date(session) or dt.date.today()
    balance = session.scalars(
        select(Balance)
        .where(Balance.account == account, Balance.as_of <= day)
        .order_by(Balance.as_of.desc())
        .limit(1)
    ).first()
    events = session.scalars(
        select(DebtorEvent)
        .where(DebtorEvent.account == account, DebtorEvent.date <= day)
        .order_by(DebtorEvent.date, DebtorEvent.id)
    ).all()
    cases = session.scalars(select(CourtCase).where(CourtCase.account == account)).all()
    installments = _installments(session, account, as_of=day)
    history = merge_history(events, cases, as_of=day)
    history = with_schedule_breaches(history, installments)
    debt = balance.debt if balance is not None else None
    overdue = balance.overdue_debt if balance is not None else None
    stage, since = stage_of(history, overdue=overdue)
    active = [i for i in installments if i.breached_on is None and i.next_due]
    action = next_action_for(
        stage,
        since,
        category=record.category,
        as_of=day,
        installment_due=active[-1].next_due if active else None,
    )
    return DebtorState(
        account=account,
        stage=stage,
        stage_since=since,
        next_action=action,
        history=tuple(history),
        debt=debt,
        overdue_debt=overdue,
        balance_as_of=balance.as_of if balance is not None else None,
        installments=tuple(installments),
        limitation=tuple(_limitation(session, account, events, as_of=day)),
        cases=tuple(case.number for case in cases),
    )


def merge_history(
    events: Sequence[DebtorEvent], cases: Sequence[CourtCase], *, as_of: dt.date
) -> list[HistoryItem]:
    """Events plus the court acts linked to the cases that the events lack."""
    items = [
        HistoryItem(e.date, e.event, e.amount, e.ref, e.details, "registry", str(e.id))
        for e in events
    ]
    known = {(e.event, e.ref) for e in events}
    for case in cases:
        event = _DOCUMENT_EVENTS.get(case.doc_kind or "")
        if event is None or case.doc_date is None or case.doc_date > as_of:
            continue
        if (event, case.number) in known:
            continue
        items.append(
            HistoryItem(
                case.doc_date,
                event,
                case.awarded,
                case.number,
                case.outcome or "",
                "document",
                case.doc_id or "",
            )
        )
    items.sort(key=lambda item: (item.date, _STEP_ORDER[item.event]))
    return items


def with_schedule_breaches(
    history: Sequence[HistoryItem], installments: Sequence[InstallmentState]
) -> list[HistoryItem]:
    """Add the breaches found by the schedule check that the registry lacks."""
    reported = {
        item.ref for item in history if item.event is EventKind.INSTALLMENT_BREACHED
    }
    items = list(history)
    for state in installments:
        if state.breached_on is None or state.number in reported:
            continue
        items.append(
            HistoryItem(
                state.breached_on,
                EventKind.INSTALLMENT_BREACHED,
                None,
                state.number,
                "платёж по графику не внесён",
                "schedule",
                state.number,
            )
        )
    items.sort(key=lambda item: (item.date, _STEP_ORDER[item.event]))
    return items


# Order of steps on one day (a filing precedes the order issued on it).
_STEP_ORDER = {event: number for number, event in enumerate(EventKind)}
# The event a linked court act stands for; a ruling counts only as a cancellation.
_DOCUMENT_EVENTS: dict[str, EventKind] = {
    DocumentKind.COURT_ORDER.value: EventKind.ORDER_ISSUED,
    DocumentKind.COURT_DECISION.value: EventKind.DECISION,
    "order_cancellation": EventKind.ORDER_CANCELLED,
}


def _installments(
    session: Session, account: str, *, as_of: dt.date
) -> list[InstallmentState]:
    agreements = session.scalars(
        select(InstallmentAgreement)
        .where(InstallmentAgreement.account == account)
        .order_by(InstallmentAgreement.signed_on)
    ).all()
    states = []
    for agreement in agreements:
        payments = session.execute(
            select(Payment.paid_on, Payment.amount).where(
                Payment.account == account,
                Payment.paid_on <= as_of,
                (Payment.ref == agreement.number)
                | and_(
                    Payment.channel == PaymentChannel.INSTALLMENT, Payment.ref == ""
                ),
            )
        ).all()
        states.append(
            check_installment(
                agreement.number,
                agreement.signed_on,
                agreement.total,
                agreement.months,
                [(day, amount) for day, amount in payments],
                as_of=as_of,
            )
        )
    return states


def _limitation(
    session: Session, account: str, events: Sequence[DebtorEvent], *, as_of: dt.date
) -> list[LimitationWarning]:
    charges = session.execute(
        select(Charge.period, Charge.amount, Charge.due_date).where(
            Charge.account == account
        )
    ).all()
    paid: Decimal | None = session.scalar(
        select(func.sum(Payment.amount)).where(
            Payment.account == account, Payment.paid_on <= as_of
        )
    )
    paid_total = paid if paid is not None else ZERO
    filings = [
        e.date
        for e in events
        if e.event in {EventKind.ORDER_FILED, EventKind.LAWSUIT_FILED}
    ]
    return limitation_warnings(
        [(p, a, d) for p, a, d in charges], paid_total, filings, as_of=as_of
    )


def latest_balance_date(session: Session) -> dt.date | None:
    """The newest balance date in the store: the registries' «today»."""
    return session.scalar(select(func.max(Balance.as_of)))


@dataclass(frozen=True)
class DebtorSummary:
    """A line of the debtor list.

    Attributes:
        account: the personal account.
        full_name: the debtor (personal data: shown to authorized users only).
        category: household or legal entity.
        overdue_debt: the latest overdue debt.
        stage: the claims stage.
        next_action: the next action and deadline, if any.
    """

    account: str
    full_name: str
    category: Category
    overdue_debt: Decimal
    stage: Stage
    next_action: NextAction | None


def list_debtors(
    session: Session, *, as_of: dt.date | None = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[DebtorSummary]]:
    """Debtors by overdue debt, largest first, with stage and next action.

    Returns:
        (how many accounts have a balance, this page of them).
    """
    day = as_of or latest_balance_date(session) or dt.date.today()
    latest = (
        select(Balance.account, func.max(Balance.as_of).label("as_of"))
        .where(Balance.as_of <= day)
        .group_by(Balance.account)
        .subquery()
    )
    query = (
        select(Balance.account, Balance.overdue_debt)
        .join(
            latest,
            and_(Balance.account == latest.c.account, Balance.as_of == latest.c.as_of),
        )
        .order_by(Balance.overdue_debt.desc(), Balance.account)
    )
    total = session.scalar(select(func.count()).select_from(latest)) or 0
    page = session.execute(query.limit(limit).offset(offset)).all()
    summaries = []
    for account, overdue in page:
        state = debtor_state(session, account, as_of=day)
        record = session.get(DebtorAccount, account)
        if state is None or record is None:
            continue
        summaries.append(
            DebtorSummary(
                account,
                record.full_name,
                record.category,
                overdue,
                state.stage,
                state.next_action,
            )
        )
    return total, summaries


@dataclass(frozen=True)
class CaseLink:
    """A court document joined to a debtor's case.

    Attributes:
        case_number: the case's number.
        account: the debtor's account.
        doc_id: the document.
        event: the step the document stands for.
        matched_by: ``number`` or ``uid``.
    """

    case_number: str
    account: str
    doc_id: str
    event: EventKind
    matched_by: str


# A ruling that cancels a court order: «об отмене судебного приказа».
_CANCELLATION_RE = re.compile(r"отмен\w*\s+судебн\w+\s+приказ", re.IGNORECASE)


def document_step(record: DocumentRecord) -> str | None:
    """Which step a court document is: a court order, a decision, a cancellation."""
    if record.kind in {DocumentKind.COURT_ORDER, DocumentKind.COURT_DECISION}:
        return record.kind.value
    head = f"{record.title}\n{record.text[:CASE_NUMBER_WINDOW]}"
    if record.kind is DocumentKind.RULING and _CANCELLATION_RE.search(head):
        return "order_cancellation"
    return None


def link_document(session: Session, record: DocumentRecord) -> CaseLink | None:
    """Join an ingested court order, decision or cancellation to its case.

    The case is found by the УИД or the case number, taken from the record's
    ``meta["fields"]["case"]`` and from the start of its text. The case gets the
    document's date, outcome and awarded sum (``meta["fields"]["outcome"]``,
    ``meta["amounts"]["awarded"]``), which moves the debtor's stage (see
    :func:`merge_history`). The caller commits.

    Returns:
        The link, or None when the document is of another kind or names no
        known case.
    """
    step = document_step(record)
    if step is None:
        return None
    case, matched_by = _find_case(session, _case_keys(record))
    if case is None:
        return None
    fields: Mapping[str, Any] = record.meta.get("fields", {}) or {}
    amounts: Mapping[str, Any] = record.meta.get("amounts", {}) or {}
    outcomes = fields.get("outcome") or []
    awarded = amounts.get("awarded", amounts.get("awarded_total"))
    case.doc_id = record.id
    case.doc_kind = step
    case.doc_date = record.date
    case.outcome = str(outcomes[0]) if outcomes else None
    case.awarded = (
        Decimal(str(awarded)).quantize(KOPECK) if awarded is not None else None
    )
    session.flush()
    logger.info("document %s linked to case %d by %s", record.id, case.id, matched_by)
    return CaseLink(
        case.number, case.account, record.id, _DOCUMENT_EVENTS[step], matched_by
    )


def _case_keys(record: DocumentRecord) -> list[str]:
    fields: Mapping[str, Any] = record.meta.get("fields", {}) or {}
    keys = [str(value) for value in fields.get("case", []) or []]
    head = f"{record.title}\n{record.text[:CASE_NUMBER_WINDOW]}"
    for entity in extract_case_numbers(head):
        keys.append(str(entity.extra.get("case", entity.value)))
    return list(dict.fromkeys(key.split("~")[0].strip() for key in keys))


def _find_case(session: Session, keys: Sequence[str]) -> tuple[CourtCase | None, str]:
    uids = [key.upper() for key in keys if _UID_KEY_RE.fullmatch(key)]
    if uids:
        case = session.scalars(select(CourtCase).where(CourtCase.uid.in_(uids))).first()
        if case is not None:
            return case, "uid"
    numbers = [key for key in keys if key.upper() not in uids]
    if numbers:
        case = session.scalars(
            select(CourtCase).where(CourtCase.number.in_(numbers))
        ).first()
        if case is not None:
            return case, "number"
    return None, ""


# A normalized УИД: «31RS0016-01-2021-000123-45».
_UID_KEY_RE = re.compile(r"\d{2}[RM]S\d{4}-\d{2}-\d{4}-\d{6}-\d{2}", re.IGNORECASE)


def link_index(session: Session, backend: SearchBackend) -> list[CaseLink]:
    """Link every case without a court act to the index's documents about it.

    Searches the index for each such case by its number (``case:`` field and the
    number as a phrase) and by its УИД, and links the first court act found.
    """
    links = []
    open_cases = session.scalars(
        select(CourtCase).where(CourtCase.doc_id.is_(None))
    ).all()
    for case in open_cases:
        terms = [f'case:{case.number} OR "{case.number}"']
        if case.uid:
            terms.append(f'"{case.uid}"')
        for query in terms:
            result = backend.search(SearchRequest(query=query, limit=5))
            linked = None
            for hit in result.hits:
                record = backend.get(hit.id)
                if record is not None:
                    linked = link_document(session, record)
                if linked is not None:
                    break
            if linked is not None:
                links.append(linked)
                break
    logger.info(
        "linked %d of %d open cases to court documents", len(links), len(open_cases)
    )
    return links
