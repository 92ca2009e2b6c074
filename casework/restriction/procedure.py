"""The ПП 354 restriction procedure of one household, read from its dated facts.

A procedure starts with a warning (``notice_sent``, the warned debt in its
amount) and runs until the next warning:

* the 20 days to pay run from *delivery* (``notice_delivered``), never from
  sending (п. 119 «а»); an undelivered warning allows no restriction;
* the debtor who pays the warned debt in full, or signs a repayment agreement,
  by the deadline is left alone; otherwise restriction is allowed from the day
  after the deadline (later if a moratorium covers that day);
* a smart meter is restricted remotely (a power limit) and suspended after 10
  more days if the debt is still unpaid (п. 119 «б», «в»); without a smart meter
  there is no technical means to restrict, so a field crew suspends supply;
* once the debt is paid in full, or an agreement is signed, supply must be
  resumed within 2 calendar days (п. 120); a late or overdue resumption is the
  supplier's violation and is flagged first;
* a breached agreement ends the procedure: a new warning is needed.

Periods are counted as the Civil Code counts them (ГК РФ ст. 191): a period of
N days from day D ends on D + N, and the next step is allowed from D + N + 1.

:func:`procedures_of` is pure: the store's loader (:mod:`casework.restriction.store`)
gives it an :class:`AccountFacts`, the tests give it tables of dates.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

from casework.models import Category, EventKind, Meter
from casework.restriction.rules import RestrictionRules

ZERO = Decimal("0.00")

# The events the procedure reads.
PROCEDURE_EVENTS = (
    EventKind.NOTICE_SENT,
    EventKind.NOTICE_DELIVERED,
    EventKind.RESTRICTED,
    EventKind.SUSPENDED,
    EventKind.RESUMED,
    EventKind.INSTALLMENT_SIGNED,
    EventKind.INSTALLMENT_BREACHED,
)


class Stage(enum.StrEnum):
    """Where a warning's procedure stands."""

    AWAITING_DELIVERY = "awaiting_delivery"
    AWAITING_DEADLINE = "awaiting_deadline"
    PAID = "paid"
    AGREEMENT = "agreement"
    BARRED = "barred"
    RESTRICTION_DUE = "restriction_due"
    RESTRICTED = "restricted"
    SUSPENSION_DUE = "suspension_due"
    SUSPENDED = "suspended"
    RESUMPTION_DUE = "resumption_due"
    RESUMED = "resumed"
    BREACHED = "breached"


STAGE_LABELS_RU: dict[Stage, str] = {
    Stage.AWAITING_DELIVERY: "предупреждение не доставлено",
    Stage.AWAITING_DEADLINE: "идёт срок оплаты после доставки",
    Stage.PAID: "долг погашен",
    Stage.AGREEMENT: "заключено соглашение о рассрочке",
    Stage.BARRED: "срок истёк, ограничение запрещено мораторием",
    Stage.RESTRICTION_DUE: "можно вводить ограничение",
    Stage.RESTRICTED: "введено ограничение",
    Stage.SUSPENSION_DUE: "можно приостанавливать",
    Stage.SUSPENDED: "подача приостановлена",
    Stage.RESUMPTION_DUE: "нужно возобновить подачу",
    Stage.RESUMED: "подача возобновлена",
    Stage.BREACHED: "соглашение нарушено, нужно новое предупреждение",
}

# Stages after which nothing is left to do under this warning.
CLOSED_STAGES = frozenset({Stage.PAID, Stage.AGREEMENT, Stage.RESUMED, Stage.BREACHED})


class Flag(enum.StrEnum):
    """A breach of the procedure by the supplier, shown first on the page."""

    RESUMPTION_OVERDUE = "resumption_overdue"
    RESUMED_LATE = "resumed_late"
    WITHOUT_DELIVERY = "restricted_without_delivery"
    BEFORE_DEADLINE = "restricted_before_deadline"
    IN_MORATORIUM = "restricted_in_moratorium"
    AFTER_REPAYMENT = "restricted_after_repayment"


FLAG_LABELS_RU: dict[Flag, str] = {
    Flag.RESUMPTION_OVERDUE: "просрочено возобновление подачи (п. 120 ПП 354)",
    Flag.RESUMED_LATE: "подача возобновлена с опозданием (п. 120 ПП 354)",
    Flag.WITHOUT_DELIVERY: "ограничение без доставленного предупреждения",
    Flag.BEFORE_DEADLINE: "ограничение до истечения 20 дней после доставки",
    Flag.IN_MORATORIUM: "ограничение в период моратория",
    Flag.AFTER_REPAYMENT: "ограничение после погашения долга или соглашения",
}


class Measure(enum.StrEnum):
    """What is done to supply and by whom."""

    REMOTE_LIMIT = "remote_limit"  # smart meter: power limit by command
    REMOTE_DISCONNECT = "remote_disconnect"  # smart meter: relay off by command
    FIELD_SUSPENSION = "field_suspension"  # field crew disconnects on site
    REMOTE_RECONNECT = "remote_reconnect"  # smart meter: limits lifted
    FIELD_RECONNECT = "field_reconnect"  # field crew reconnects on site


@dataclass(frozen=True)
class Fact:
    """A dated event of the account.

    Attributes:
        day: when it happened.
        event: what happened.
        amount: the sum it names (the warned debt of a warning).
        ref: an agreement number or an order number.
        details: free text, e.g. the channel of a warning.
        row_id: its ``debtor_events`` id; None for breaches found by a schedule.
    """

    day: dt.date
    event: EventKind
    amount: Decimal | None = None
    ref: str = ""
    details: str = ""
    row_id: int | None = None


class Paid(NamedTuple):
    """A payment: day, amount and its ``payments`` row id.

    A named tuple rather than a frozen dataclass: the queue of 100,000 accounts
    makes hundreds of thousands of them, and a tuple is built several times
    faster.
    """

    day: dt.date
    amount: Decimal
    row_id: int | None = None


@dataclass(frozen=True)
class AccountFacts:
    """What the procedure needs to know about one account.

    Attributes:
        account: the personal account.
        category: household or legal entity.
        meter: the meter (a smart meter allows a remote power limit).
        norm_monthly_charge: the monthly charge by the consumption norm.
        facts: the procedure's events, oldest first.
        payments: payments, oldest first.
    """

    account: str
    category: Category
    meter: Meter
    norm_monthly_charge: Decimal
    facts: tuple[Fact, ...]
    payments: tuple[Paid, ...]


@dataclass(frozen=True)
class NextStep:
    """The next thing to do under a warning.

    Attributes:
        action: in Russian.
        due: the first day it is allowed (restriction, suspension) or the last
            day it may be done (resumption); None when it waits on the debtor.
        measure: the measure to order, if the step is one.
        basis: the provision behind it.
    """

    action: str
    due: dt.date | None
    measure: Measure | None
    basis: str


@dataclass(frozen=True)
class Procedure:
    """One warning's procedure as of a date.

    Attributes:
        account: the personal account.
        warning: the ``notice_sent`` fact.
        delivered_on: when the warning was delivered, if it was.
        deadline: the last day to pay (delivery + 20 days).
        paid_on: the day payments since the warning reached the warned debt.
        agreement_on: the day a repayment agreement was signed.
        breached_on: the day that agreement was breached.
        restriction_from: the first day restriction is allowed.
        restricted_on: when supply was restricted (a power limit).
        suspended_on: when supply was suspended.
        suspension_from: the first day suspension is allowed after restriction.
        resumption_due: the last day to resume supply.
        resumed_on: when supply was resumed.
        stage: where it stands on ``as_of``.
        next_step: what to do next, if anything.
        flags: the supplier's breaches of the procedure.
        as_of: the date of the reading.
        smart: whether the meter allows remote commands.
        row_ids: the ``debtor_events`` ids of the facts read.
    """

    account: str
    warning: Fact
    delivered_on: dt.date | None
    deadline: dt.date | None
    paid_on: dt.date | None
    agreement_on: dt.date | None
    breached_on: dt.date | None
    restriction_from: dt.date | None
    restricted_on: dt.date | None
    suspended_on: dt.date | None
    suspension_from: dt.date | None
    resumption_due: dt.date | None
    resumed_on: dt.date | None
    stage: Stage
    next_step: NextStep | None
    flags: tuple[Flag, ...]
    as_of: dt.date
    smart: bool
    row_ids: tuple[int, ...]

    @property
    def debt(self) -> Decimal:
        """The warned debt."""
        return self.warning.amount or ZERO

    @property
    def imposed_on(self) -> dt.date | None:
        """The first day supply was restricted or suspended."""
        days = [d for d in (self.restricted_on, self.suspended_on) if d is not None]
        return min(days) if days else None

    @property
    def is_open(self) -> bool:
        """Whether something is still to be done under this warning."""
        return self.stage not in CLOSED_STAGES


def costs_of(procedure: Procedure, rules: RestrictionRules) -> Decimal:
    """The costs charged to the debtor: the measures' prices within the cap.

    The measures are those taken under the warning (restriction, suspension,
    resumption); the cap is the one in force on the last of them.
    """
    taken: list[tuple[Measure, dt.date]] = []
    if procedure.restricted_on is not None:
        taken.append((Measure.REMOTE_LIMIT, procedure.restricted_on))
    if procedure.suspended_on is not None:
        cut = Measure.REMOTE_DISCONNECT if procedure.smart else Measure.FIELD_SUSPENSION
        taken.append((cut, procedure.suspended_on))
    if procedure.resumed_on is not None:
        back = Measure.REMOTE_RECONNECT if procedure.smart else Measure.FIELD_RECONNECT
        taken.append((back, procedure.resumed_on))
    if not taken:
        return ZERO
    total = sum((rules.price_of(m.value, day) for m, day in taken), ZERO)
    cap = rules.on(max(day for _, day in taken)).cost_cap
    return min(total, cap).quantize(Decimal("0.01"))


def days_after(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` calendar days."""
    return day + dt.timedelta(days=days)


def procedures_of(
    facts: AccountFacts, *, as_of: dt.date, rules: RestrictionRules
) -> list[Procedure]:
    """Read every warning's procedure of an account, as of ``as_of``.

    Facts and payments after ``as_of`` are ignored. Each warning's procedure
    reads the facts from its sending up to the next warning.
    """
    known = [f for f in facts.facts if f.day <= as_of]
    warnings = [f for f in known if f.event is EventKind.NOTICE_SENT]
    paid = [p for p in facts.payments if p.day <= as_of]
    procedures = []
    for number, warning in enumerate(warnings):
        until = warnings[number + 1].day if number + 1 < len(warnings) else None
        own = [
            f
            for f in known
            if f.day >= warning.day
            and (until is None or f.day < until)
            and f is not warning
        ]
        # Supply cut under this warning stays cut until resumed, whatever
        # warnings come later: the resumption is looked for in every later fact.
        later = [f for f in known if f.day >= warning.day and f is not warning]
        procedures.append(
            _procedure(facts, warning, own, later, paid, as_of=as_of, rules=rules)
        )
    return procedures


def _first(facts: Sequence[Fact], event: EventKind) -> Fact | None:
    return next((f for f in facts if f.event is event), None)


def _paid_in_full_on(
    payments: Sequence[Paid], since: dt.date, debt: Decimal
) -> dt.date | None:
    total = ZERO
    for payment in payments:
        if payment.day < since:
            continue
        total += payment.amount
        if total >= debt:
            return payment.day
    return None


def _procedure(
    account: AccountFacts,
    warning: Fact,
    own: Sequence[Fact],
    later: Sequence[Fact],
    paid: Sequence[Paid],
    *,
    as_of: dt.date,
    rules: RestrictionRules,
) -> Procedure:
    smart = account.meter is Meter.SMART
    delivered = _first(own, EventKind.NOTICE_DELIVERED)
    signed = _first(own, EventKind.INSTALLMENT_SIGNED)
    breach = None
    if signed is not None:
        breach = next(
            (
                f
                for f in own
                if f.event is EventKind.INSTALLMENT_BREACHED and f.day >= signed.day
            ),
            None,
        )
    restricted = _first(own, EventKind.RESTRICTED)
    suspended = _first(own, EventKind.SUSPENDED)
    imposed = min(
        (f.day for f in (restricted, suspended) if f is not None), default=None
    )
    resumed = next(
        (
            f
            for f in later
            if f.event is EventKind.RESUMED and imposed is not None and f.day >= imposed
        ),
        None,
    )
    debt = warning.amount or ZERO
    paid_on = _paid_in_full_on(paid, warning.day, debt) if debt > 0 else warning.day

    # Deadline and the first day restriction is allowed (п. 119 «а»).
    deadline = restriction_from = None
    if delivered is not None:
        deadline = days_after(delivered.day, rules.on(delivered.day).warning_days)
        restriction_from = rules.first_allowed(days_after(deadline, 1))

    # Suspension after a restriction (п. 119 «в»).
    suspension_from = None
    if restricted is not None and (suspended is None or suspended.day > restricted.day):
        days = rules.on(restricted.day).suspension_after_days
        suspension_from = rules.first_allowed(days_after(restricted.day, days + 1))

    # Resumption (п. 120): repayment, or an agreement where the rules allow it.
    resumption_due = None
    if imposed is not None:
        triggers = [paid_on] if paid_on is not None else []
        agreed = signed if _agreement_stands(signed, breach, imposed) else None
        if agreed is not None and rules.on(agreed.day).resumption_on_agreement:
            triggers.append(agreed.day)
        if triggers:
            start = max(min(triggers), imposed)
            resumption_due = days_after(start, rules.on(start).resumption_days)

    stage = _stage(
        delivered=delivered,
        deadline=deadline,
        restriction_from=restriction_from,
        paid_on=paid_on,
        signed=signed,
        breach=breach,
        imposed=imposed,
        suspended=suspended,
        suspension_from=suspension_from,
        resumption_due=resumption_due,
        resumed=resumed,
        as_of=as_of,
    )
    flags = _flags(
        delivered=delivered,
        deadline=deadline,
        imposed=imposed,
        paid_on=paid_on,
        signed=signed if _agreement_stands(signed, breach, imposed) else None,
        resumption_due=resumption_due,
        resumed=resumed,
        as_of=as_of,
        rules=rules,
    )
    procedure = Procedure(
        account=account.account,
        warning=warning,
        delivered_on=delivered.day if delivered else None,
        deadline=deadline,
        paid_on=paid_on,
        agreement_on=signed.day if signed else None,
        breached_on=breach.day if breach else None,
        restriction_from=restriction_from,
        restricted_on=restricted.day if restricted else None,
        suspended_on=suspended.day if suspended else None,
        suspension_from=suspension_from,
        resumption_due=resumption_due,
        resumed_on=resumed.day if resumed else None,
        stage=stage,
        next_step=None,
        flags=flags,
        as_of=as_of,
        smart=smart,
        row_ids=tuple(
            f.row_id
            for f in (warning, *own, *([resumed] if resumed not in own else []))
            if f is not None and f.row_id is not None
        ),
    )
    return _with_next_step(procedure)


def _agreement_stands(
    signed: Fact | None, breach: Fact | None, imposed: dt.date | None
) -> bool:
    # An agreement breached before supply was cut no longer counts for it.
    if signed is None:
        return False
    return breach is None or imposed is None or breach.day > imposed


def _stage(
    *,
    delivered: Fact | None,
    deadline: dt.date | None,
    restriction_from: dt.date | None,
    paid_on: dt.date | None,
    signed: Fact | None,
    breach: Fact | None,
    imposed: dt.date | None,
    suspended: Fact | None,
    suspension_from: dt.date | None,
    resumption_due: dt.date | None,
    resumed: Fact | None,
    as_of: dt.date,
) -> Stage:
    if imposed is not None:
        if resumed is not None:
            return Stage.BREACHED if breach is not None else Stage.RESUMED
        if resumption_due is not None:
            return Stage.RESUMPTION_DUE
        if suspended is not None:
            return Stage.SUSPENDED
        if suspension_from is not None and as_of >= suspension_from:
            return Stage.SUSPENSION_DUE
        return Stage.RESTRICTED
    if breach is not None:
        return Stage.BREACHED
    if signed is not None:
        return Stage.AGREEMENT
    if paid_on is not None:
        return Stage.PAID
    if delivered is None or deadline is None or restriction_from is None:
        return Stage.AWAITING_DELIVERY
    if as_of <= deadline:
        return Stage.AWAITING_DEADLINE
    if as_of < restriction_from:
        return Stage.BARRED
    return Stage.RESTRICTION_DUE


def _flags(
    *,
    delivered: Fact | None,
    deadline: dt.date | None,
    imposed: dt.date | None,
    paid_on: dt.date | None,
    signed: Fact | None,
    resumption_due: dt.date | None,
    resumed: Fact | None,
    as_of: dt.date,
    rules: RestrictionRules,
) -> tuple[Flag, ...]:
    flags = []
    if resumption_due is not None:
        if resumed is None and as_of > resumption_due:
            flags.append(Flag.RESUMPTION_OVERDUE)
        elif resumed is not None and resumed.day > resumption_due:
            flags.append(Flag.RESUMED_LATE)
    if imposed is None:
        return tuple(flags)
    if delivered is None or deadline is None:
        flags.append(Flag.WITHOUT_DELIVERY)
    elif imposed <= deadline:
        flags.append(Flag.BEFORE_DEADLINE)
    if rules.window_on(imposed) is not None:
        flags.append(Flag.IN_MORATORIUM)
    resolved = [d for d in (paid_on, signed.day if signed else None) if d is not None]
    if resolved and min(resolved) < imposed:
        flags.append(Flag.AFTER_REPAYMENT)
    return tuple(flags)


def _with_next_step(procedure: Procedure) -> Procedure:
    step: NextStep | None = None
    stage = procedure.stage
    if stage is Stage.AWAITING_DELIVERY:
        step = NextStep(
            "Получить подтверждение доставки предупреждения",
            None,
            None,
            "подп. «а» п. 119 ПП 354",
        )
    elif stage is Stage.AWAITING_DEADLINE:
        step = NextStep(
            "Ждать оплаты до истечения срока",
            procedure.deadline,
            None,
            "подп. «а» п. 119 ПП 354",
        )
    elif stage in {Stage.BARRED, Stage.RESTRICTION_DUE}:
        if procedure.smart:
            step = NextStep(
                "Ввести ограничение командой на прибор учёта",
                procedure.restriction_from,
                Measure.REMOTE_LIMIT,
                "подп. «б» п. 119 ПП 354",
            )
        else:
            step = NextStep(
                "Направить бригаду для приостановления подачи",
                procedure.restriction_from,
                Measure.FIELD_SUSPENSION,
                "подп. «б» п. 119 ПП 354 (нет технической возможности ограничения)",
            )
    elif stage in {Stage.RESTRICTED, Stage.SUSPENSION_DUE}:
        step = NextStep(
            "Приостановить подачу командой на прибор учёта",
            procedure.suspension_from,
            Measure.REMOTE_DISCONNECT,
            "подп. «в» п. 119 ПП 354",
        )
    elif stage is Stage.RESUMPTION_DUE:
        step = NextStep(
            "Возобновить подачу",
            procedure.resumption_due,
            Measure.REMOTE_RECONNECT if procedure.smart else Measure.FIELD_RECONNECT,
            "п. 120 ПП 354",
        )
    return replace(procedure, next_step=step)
