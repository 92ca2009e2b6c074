"""The restriction procedure on the casework store: facts, queue, orders, statuses.

* :func:`record_events` writes entered facts (a warning sent, its delivery, an
  executed order) as ``debtor_events`` rows of a batch of their own, so that
  they count and trace like imported ones.
* :func:`load_facts` reads the procedure's facts of every warned account in a
  few queries (the queue and the report of 100,000 accounts need that);
  installment breaches found by checking a schedule join the registry's own.
* :func:`restriction_queue` reads every warning's procedure as of a date: the
  flagged ones first (a late resumption is the supplier's violation), then what
  is due, by date.
* :func:`issue_orders` makes the orders that are due — a command to the
  metering system for a smart meter, a field-crew order otherwise — and logs
  every command; :func:`apply_statuses` applies a status file and records the
  executed orders as events.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from casework.metering import (
    COMMANDS,
    DEFAULT_LIMIT_KW,
    CommandStatus,
    MeteringClient,
    MeterOrder,
    StatusLine,
)
from casework.models import (
    Category,
    DebtorAccount,
    DebtorEvent,
    EventKind,
    ImportBatch,
    InstallmentAgreement,
    Payment,
    PaymentChannel,
    RegistryKind,
)
from casework.restriction.models import (
    CommandState,
    MeteringCommand,
    OrderStatus,
    RestrictionOrder,
)
from casework.restriction.procedure import (
    PROCEDURE_EVENTS,
    AccountFacts,
    Fact,
    Flag,
    Measure,
    Paid,
    Procedure,
    Stage,
    procedures_of,
)
from casework.restriction.rules import RestrictionRules, load_rules
from casework.workflow import check_installment
from lexdesk.database import utc_now
from lexdesk.errors import UserInputError

logger = logging.getLogger(__name__)

# Accounts named in one query (SQLite binds at most 32,766 parameters).
ACCOUNTS_PER_QUERY = 10_000
# The file name of batches entered by hand (shown where a figure is traced).
ENTRY_SOURCE = "ввод оператора"


class Channel(enum.StrEnum):
    """How a warning reaches the debtor (п. 119 «а» ПП 354 lists them)."""

    HAND = "hand"
    REGISTERED_MAIL = "registered_mail"
    BILL = "bill"
    SMS = "sms"
    EMAIL = "email"
    GIS = "gis_zhkh"
    PERSONAL_ACCOUNT = "personal_account"


CHANNEL_LABELS_RU: dict[Channel, str] = {
    Channel.HAND: "вручено под расписку",
    Channel.REGISTERED_MAIL: "заказное письмо с уведомлением",
    Channel.BILL: "текст в платёжном документе",
    Channel.SMS: "SMS",
    Channel.EMAIL: "электронная почта",
    Channel.GIS: "ГИС ЖКХ",
    Channel.PERSONAL_ACCOUNT: "личный кабинет",
}

# The event an executed order stands for.
EVENT_OF_MEASURE: dict[Measure, EventKind] = {
    Measure.REMOTE_LIMIT: EventKind.RESTRICTED,
    Measure.REMOTE_DISCONNECT: EventKind.SUSPENDED,
    Measure.FIELD_SUSPENSION: EventKind.SUSPENDED,
    Measure.REMOTE_RECONNECT: EventKind.RESUMED,
    Measure.FIELD_RECONNECT: EventKind.RESUMED,
}
# Order number prefixes: restriction, suspension, resumption.
ORDER_PREFIX: dict[Measure, str] = {
    Measure.REMOTE_LIMIT: "ОГР",
    Measure.REMOTE_DISCONNECT: "ПРИ",
    Measure.FIELD_SUSPENSION: "ПРИ",
    Measure.REMOTE_RECONNECT: "ВОЗ",
    Measure.FIELD_RECONNECT: "ВОЗ",
}


def channel_of(details: str) -> Channel | None:
    """The channel a warning's ``details`` names (by value or Russian label)."""
    text = details.strip().lower()
    for channel, label in CHANNEL_LABELS_RU.items():
        if text.startswith((channel.value, label.lower())):
            return channel
    return None


@dataclass(frozen=True)
class Entry:
    """A fact entered by a user or a status file.

    Attributes:
        account: the personal account.
        day: when it happened.
        event: what happened.
        amount: the sum, for a warning.
        ref: an order or agreement number.
        details: the channel or the order's text.
    """

    account: str
    day: dt.date
    event: EventKind
    amount: Decimal | None = None
    ref: str = ""
    details: str = ""


def record_events(
    session: Session, entries: Sequence[Entry], *, source: str, user: str | None
) -> list[int]:
    """Write entered facts as a batch of ``debtor_events``; return their ids.

    A batch is keyed by the SHA-256 of its content, so entering the same facts
    twice writes nothing new; a fact whose natural key (account, date, event,
    ref) is stored already is not written again. Its line is its position in
    the entry. The caller commits.

    Raises:
        UserInputError: an entry names an unknown account.
    """
    if not entries:
        return []
    accounts = {e.account for e in entries}
    known = set(
        session.scalars(
            select(DebtorAccount.account).where(DebtorAccount.account.in_(accounts))
        )
    )
    unknown = sorted(accounts - known)
    if unknown:
        raise UserInputError(
            f"unknown accounts in an entry: {len(unknown)}",
            user_message=f"Лицевой счёт «{unknown[0][:32]}» не найден в реестрах.",
        )
    payload = json.dumps(
        [
            [
                e.account,
                e.day.isoformat(),
                e.event.value,
                str(e.amount),
                e.ref,
                e.details,
            ]
            for e in entries
        ],
        ensure_ascii=False,
    )
    sha256 = hashlib.sha256(f"{source}\n{payload}".encode()).hexdigest()
    batch = session.scalar(
        select(ImportBatch).where(
            ImportBatch.kind == RegistryKind.EVENTS, ImportBatch.sha256 == sha256
        )
    )
    if batch is None:
        batch = ImportBatch(
            kind=RegistryKind.EVENTS,
            file_name=source[:255],
            sha256=sha256,
            rows=len(entries),
            written=0,
            imported_at=utc_now(),
            imported_by=user,
        )
        session.add(batch)
        session.flush()
    ids = []
    for line, entry in enumerate(entries, start=1):
        found = session.scalar(
            select(DebtorEvent.id).where(
                DebtorEvent.account == entry.account,
                DebtorEvent.date == entry.day,
                DebtorEvent.event == entry.event,
                DebtorEvent.ref == entry.ref,
            )
        )
        if found is not None:
            ids.append(found)
            continue
        event = DebtorEvent(
            account=entry.account,
            date=entry.day,
            event=entry.event,
            amount=entry.amount,
            ref=entry.ref,
            details=entry.details,
            batch_id=batch.id,
            line=line,
        )
        session.add(event)
        session.flush()
        batch.written += 1
        ids.append(event.id)
    logger.info("recorded %d facts from %s", batch.written, source)
    return ids


def load_facts(
    session: Session,
    *,
    as_of: dt.date,
    accounts: Iterable[str] | None = None,
    latest_only: bool = False,
    active_since: dt.date | None = None,
) -> dict[str, AccountFacts]:
    """The procedure's facts of every household warned on or before ``as_of``.

    Args:
        session: an open session.
        as_of: the date of the reading.
        accounts: only these accounts (default: every warned household).
        latest_only: read from each account's latest warning only (its running
            procedure), not from its first: far fewer payments to read.
        active_since: only accounts warned on or after this day, or ever
            restricted or suspended (a cut may stay open for months).
    """
    if accounts is not None:
        chosen = list(accounts)
        if len(chosen) > ACCOUNTS_PER_QUERY:
            # SQLite refuses more than 32,766 bound parameters in one statement.
            merged: dict[str, AccountFacts] = {}
            for start in range(0, len(chosen), ACCOUNTS_PER_QUERY):
                merged |= load_facts(
                    session,
                    as_of=as_of,
                    accounts=chosen[start : start + ACCOUNTS_PER_QUERY],
                    latest_only=latest_only,
                    active_since=active_since,
                )
            return merged
        accounts = chosen
    edge = func.max if latest_only else func.min
    warned = select(DebtorEvent.account, edge(DebtorEvent.date).label("first")).where(
        DebtorEvent.event == EventKind.NOTICE_SENT, DebtorEvent.date <= as_of
    )
    if accounts is not None:
        warned = warned.where(DebtorEvent.account.in_(list(accounts)))
    if active_since is not None:
        active = select(DebtorEvent.account).where(
            or_(
                and_(
                    DebtorEvent.event == EventKind.NOTICE_SENT,
                    DebtorEvent.date >= active_since,
                ),
                DebtorEvent.event.in_([EventKind.RESTRICTED, EventKind.SUSPENDED]),
            )
        )
        warned = warned.where(DebtorEvent.account.in_(active))
    first = warned.group_by(DebtorEvent.account).subquery()
    info = (
        session.connection()
        .execute(
            select(
                DebtorAccount.account,
                DebtorAccount.category,
                DebtorAccount.meter,
                DebtorAccount.norm_monthly_charge,
            ).join(first, first.c.account == DebtorAccount.account)
        )
        .all()
    )
    events = (
        session.connection()
        .execute(
            select(
                DebtorEvent.id,
                DebtorEvent.account,
                DebtorEvent.date,
                DebtorEvent.event,
                DebtorEvent.amount,
                DebtorEvent.ref,
                DebtorEvent.details,
            )
            .join(first, first.c.account == DebtorEvent.account)
            .where(
                DebtorEvent.event.in_(PROCEDURE_EVENTS),
                DebtorEvent.date <= as_of,
                DebtorEvent.date >= first.c.first,
            )
            .order_by(DebtorEvent.account, DebtorEvent.date, DebtorEvent.id)
        )
        .all()
    )
    payments = (
        session.connection()
        .execute(
            select(
                Payment.id,
                Payment.account,
                Payment.paid_on,
                Payment.amount,
                Payment.channel,
                Payment.ref,
            )
            .join(first, first.c.account == Payment.account)
            .where(Payment.paid_on <= as_of, Payment.paid_on >= first.c.first)
            .order_by(Payment.account, Payment.paid_on, Payment.id)
        )
        .all()
    )
    facts: dict[str, list[Fact]] = defaultdict(list)
    for row in events:
        facts[row.account].append(
            Fact(row.date, row.event, row.amount, row.ref, row.details, row.id)
        )
    paid: dict[str, list[Any]] = defaultdict(list)
    for payment in payments:
        paid[payment.account].append(payment)
    breaches = _schedule_breaches(session, first, paid, facts, as_of=as_of)
    result = {}
    for account, category, meter, norm in info:
        if category is not Category.HOUSEHOLD:
            continue
        own = sorted(
            facts[account] + breaches.get(account, []),
            key=lambda f: (f.day, _ORDER[f.event]),
        )
        result[account] = AccountFacts(
            account,
            category,
            meter,
            norm,
            tuple(own),
            tuple(Paid(p.paid_on, p.amount, p.id) for p in paid[account]),
        )
    logger.debug("loaded facts of %d warned accounts", len(result))
    return result


_ORDER = {event: number for number, event in enumerate(EventKind)}


def _schedule_breaches(
    session: Session,
    first: Subquery,
    paid: dict[str, list[Any]],
    facts: dict[str, list[Fact]],
    *,
    as_of: dt.date,
) -> dict[str, list[Fact]]:
    """Breaches of agreements found by their schedules, where no event says so."""
    agreements = session.scalars(
        select(InstallmentAgreement)
        .join(first, first.c.account == InstallmentAgreement.account)
        .where(InstallmentAgreement.signed_on <= as_of)
    ).all()
    found: dict[str, list[Fact]] = defaultdict(list)
    for agreement in agreements:
        reported = any(
            f.event is EventKind.INSTALLMENT_BREACHED and f.ref == agreement.number
            for f in facts[agreement.account]
        )
        if reported:
            continue
        payments = [
            (p.paid_on, p.amount)
            for p in paid[agreement.account]
            if p.ref == agreement.number
            or (p.channel is PaymentChannel.INSTALLMENT and p.ref == "")
        ]
        state = check_installment(
            agreement.number,
            agreement.signed_on,
            agreement.total,
            agreement.months,
            payments,
            as_of=as_of,
        )
        if state.breached_on is not None:
            found[agreement.account].append(
                Fact(
                    state.breached_on,
                    EventKind.INSTALLMENT_BREACHED,
                    ref=agreement.number,
                    details="платёж по графику не внесён",
                )
            )
    return found


@dataclass(frozen=True)
class Queue:
    """Every warning's procedure as of a date, sorted for the operator.

    Attributes:
        as_of: the date of the reading.
        flagged: procedures with a breach of the procedure by the supplier,
            overdue resumptions first.
        due: the open procedures (the latest warning of each account) with
            their next step, by its date.
        stages: how many latest procedures stand at each stage.
        procedures: every procedure read, by account and warning date.
    """

    as_of: dt.date
    flagged: tuple[Procedure, ...]
    due: tuple[Procedure, ...]
    stages: dict[Stage, int]
    procedures: tuple[Procedure, ...]


def read_procedures(
    session: Session,
    *,
    as_of: dt.date,
    accounts: Iterable[str] | None = None,
    rules: RestrictionRules | None = None,
) -> list[Procedure]:
    """Every warning's procedure of the warned households, as of ``as_of``."""
    chosen = rules or load_rules()
    procedures = []
    for facts in load_facts(session, as_of=as_of, accounts=accounts).values():
        procedures += procedures_of(facts, as_of=as_of, rules=chosen)
    return procedures


def restriction_queue(
    session: Session, *, as_of: dt.date, rules: RestrictionRules | None = None
) -> Queue:
    """Read the queue: flagged procedures first, then what is due, by date."""
    procedures = read_procedures(session, as_of=as_of, rules=rules)
    latest: dict[str, Procedure] = {}
    for procedure in procedures:
        latest[procedure.account] = procedure
    flagged = sorted(
        (p for p in procedures if p.flags),
        key=lambda p: (
            Flag.RESUMPTION_OVERDUE not in p.flags,
            p.resumption_due or p.warning.day,
            p.account,
        ),
    )
    far = dt.date.max
    due = sorted(
        (p for p in latest.values() if p.is_open),
        key=lambda p: ((p.next_step.due if p.next_step else None) or far, p.account),
    )
    stages: dict[Stage, int] = dict.fromkeys(Stage, 0)
    for procedure in latest.values():
        stages[procedure.stage] += 1
    logger.info(
        "restriction queue on %s: %d procedures, %d flagged, %d open",
        as_of,
        len(procedures),
        len(flagged),
        len(due),
    )
    return Queue(as_of, tuple(flagged), tuple(due), stages, tuple(procedures))


def send_warnings(
    session: Session,
    warnings: Sequence[tuple[str, Decimal]],
    *,
    sent_on: dt.date,
    channel: Channel,
    user: str | None,
) -> list[int]:
    """Record warnings sent: (account, warned debt) pairs; return the event ids."""
    entries = [
        Entry(
            account,
            sent_on,
            EventKind.NOTICE_SENT,
            debt,
            "",
            CHANNEL_LABELS_RU[channel],
        )
        for account, debt in warnings
    ]
    return record_events(
        session, entries, source=f"{ENTRY_SOURCE}: предупреждения", user=user
    )


def record_deliveries(
    session: Session,
    deliveries: Sequence[tuple[str, dt.date, Channel]],
    *,
    user: str | None,
    source: str = f"{ENTRY_SOURCE}: доставка предупреждений",
) -> list[int]:
    """Record deliveries of warnings: (account, delivered on, channel)."""
    entries = [
        Entry(account, day, EventKind.NOTICE_DELIVERED, None, "", CHANNEL_LABELS_RU[c])
        for account, day, c in deliveries
    ]
    return record_events(session, entries, source=source, user=user)


@dataclass(frozen=True)
class IssuedOrder:
    """An order made by :func:`issue_orders`.

    Attributes:
        number: its number.
        account: the account.
        measure: what it orders.
        due_on: the day it is due.
        status: issued (field crew, or no metering system), requested,
            executed or failed.
        warning_event_id: the warning it follows.
    """

    number: str
    account: str
    measure: Measure
    due_on: dt.date | None
    status: OrderStatus
    warning_event_id: int | None


# Measures a metering system executes; the others go to a field crew.
REMOTE_MEASURES = frozenset(COMMANDS)
# Orders that still stand (a failed one may be issued again).
_STANDING = (OrderStatus.ISSUED, OrderStatus.REQUESTED, OrderStatus.EXECUTED)


def issue_orders(
    session: Session,
    *,
    as_of: dt.date,
    user: str | None,
    client: MeteringClient | None,
    rules: RestrictionRules | None = None,
) -> list[IssuedOrder]:
    """Make the orders due on ``as_of`` and send the remote ones.

    A restriction or suspension is ordered once its first allowed day has come;
    a resumption as soon as it is due. A warning gets one standing order per
    measure. Remote measures go to ``client`` (without one they stay
    ``issued``); every command sent is written to the log. The caller commits.
    """
    queue = restriction_queue(session, as_of=as_of, rules=rules)
    rows = (
        session.connection()
        .execute(
            select(RestrictionOrder.warning_event_id, RestrictionOrder.measure).where(
                RestrictionOrder.status.in_(_STANDING)
            )
        )
        .all()
    )
    standing = {(warning, measure) for warning, measure in rows}
    serial = session.scalar(select(func.max(RestrictionOrder.id))) or 0
    issued = []
    for procedure in queue.due:
        step = procedure.next_step
        if step is None or step.measure is None:
            continue
        is_resumption = procedure.stage is Stage.RESUMPTION_DUE
        if not is_resumption and (step.due is None or step.due > as_of):
            continue
        key = (procedure.warning.row_id, step.measure)
        if key in standing:
            continue
        serial += 1
        order = RestrictionOrder(
            number=f"{ORDER_PREFIX[step.measure]}-{as_of.year}-{serial:06d}",
            account=procedure.account,
            measure=step.measure,
            warning_event_id=procedure.warning.row_id,
            due_on=step.due,
            issued_on=as_of,
            issued_at=utc_now(),
            issued_by=user,
            status=OrderStatus.ISSUED,
        )
        session.add(order)
        session.flush()
        standing.add(key)
        if step.measure in REMOTE_MEASURES and client is not None:
            _send(session, order, client, user=user)
        issued.append(
            IssuedOrder(
                order.number,
                order.account,
                order.measure,
                order.due_on,
                order.status,
                order.warning_event_id,
            )
        )
    logger.info("issued %d restriction orders on %s", len(issued), as_of)
    return issued


def _send(
    session: Session,
    order: RestrictionOrder,
    client: MeteringClient,
    *,
    user: str | None,
) -> None:
    meter_order = MeterOrder(
        order.number,
        order.account,
        order.measure,
        order.due_on,
        DEFAULT_LIMIT_KW if order.measure is Measure.REMOTE_LIMIT else None,
    )
    status = client.send(meter_order)
    session.add(
        MeteringCommand(
            order_id=order.id,
            state=CommandState.REQUESTED,
            at=utc_now(),
            detail=f"{meter_order.command}",
            source="lexdesk",
        )
    )
    if status.state is CommandState.REQUESTED:
        order.status = OrderStatus.REQUESTED
        return
    _apply(session, order, status, source="ответ системы учёта", user=user)


@dataclass(frozen=True)
class StatusReport:
    """What a status file did.

    Attributes:
        lines: lines read.
        executed: orders now executed (their events recorded).
        failed: orders that failed.
        unknown: order numbers the store does not know, with their lines.
    """

    lines: int
    executed: int
    failed: int
    unknown: tuple[tuple[int, str], ...]


def apply_statuses(
    session: Session, lines: Sequence[StatusLine], *, source: str, user: str | None
) -> StatusReport:
    """Apply a status file: log each status, record executed orders as events.

    An executed order becomes a ``restricted``, ``suspended`` or ``resumed``
    event on its execution day (ref = the order number), in one batch named
    after the file. The caller commits.
    """
    numbers = [line.order for line in lines]
    orders = {
        o.number: o
        for o in session.scalars(
            select(RestrictionOrder).where(RestrictionOrder.number.in_(numbers))
        )
    }
    unknown = tuple(
        (line.line, line.order) for line in lines if line.order not in orders
    )
    executed = failed = 0
    for line in lines:
        order = orders.get(line.order)
        if order is None:
            continue
        _apply(session, order, line.status, source=source, user=user)
        executed += line.status.state is CommandState.EXECUTED
        failed += line.status.state is CommandState.FAILED
    logger.info(
        "status file %s: %d lines, %d executed, %d failed, %d unknown",
        source,
        len(lines),
        executed,
        failed,
        len(unknown),
    )
    return StatusReport(len(lines), executed, failed, unknown)


def _apply(
    session: Session,
    order: RestrictionOrder,
    status: CommandStatus,
    *,
    source: str,
    user: str | None,
) -> None:
    session.add(
        MeteringCommand(
            order_id=order.id,
            state=status.state,
            at=utc_now(),
            external_id=status.external_id,
            detail=status.detail,
            source=source[:255],
        )
    )
    if status.state is CommandState.FAILED:
        order.status = OrderStatus.FAILED
        return
    if status.state is CommandState.REQUESTED:
        order.status = OrderStatus.REQUESTED
        return
    if order.status is OrderStatus.EXECUTED:
        return
    day = status.executed_on or order.issued_on
    warned = (
        session.get(DebtorEvent, order.warning_event_id)
        if order.warning_event_id is not None
        else None
    )
    event = EVENT_OF_MEASURE[order.measure]
    amount = (
        warned.amount if warned is not None and event is not EventKind.RESUMED else None
    )
    (event_id,) = record_events(
        session,
        [
            Entry(
                order.account,
                day,
                event,
                amount,
                order.number,
                f"распоряжение {order.number}",
            )
        ],
        source=source,
        user=user,
    )
    order.status = OrderStatus.EXECUTED
    order.executed_on = day
    order.event_id = event_id


def execute_field_order(
    session: Session, number: str, *, executed_on: dt.date, user: str | None
) -> None:
    """Record that a field crew executed an order (its act is signed).

    Raises:
        UserInputError: no such order.
    """
    order = session.scalar(
        select(RestrictionOrder).where(RestrictionOrder.number == number)
    )
    if order is None:
        raise UserInputError(
            f"no restriction order {number[:40]!r}",
            user_message=f"Распоряжение «{number[:40]}» не найдено.",
        )
    _apply(
        session,
        order,
        CommandStatus(
            CommandState.EXECUTED, executed_on=executed_on, detail="акт бригады"
        ),
        source=f"{ENTRY_SOURCE}: акт бригады",
        user=user,
    )


def order_log(session: Session, number: str) -> list[MeteringCommand]:
    """The command log of one order, oldest first."""
    return list(
        session.scalars(
            select(MeteringCommand)
            .join(RestrictionOrder, RestrictionOrder.id == MeteringCommand.order_id)
            .where(RestrictionOrder.number == number)
            .order_by(MeteringCommand.at, MeteringCommand.id)
        )
    )
