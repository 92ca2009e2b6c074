"""Which households to warn on a date, and the rule that selected each.

A household is a candidate (п. 117, 118 ПП 354) when on the date:

* its overdue debt — the latest balance on or before the date, less the
  payments made after that balance — exceeds two monthly charges by the norm
  (``norm_monthly_charge``);
* it has no active repayment agreement (signed, not breached, not repaid);
* no moratorium bars restriction on that date;
* no procedure under an earlier warning is still running.

:func:`judge` decides one account from plain values and says why in Russian;
:func:`select_candidates` reads the store for every account with a balance.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from casework.models import (
    Balance,
    Category,
    DebtorAccount,
    DebtorEvent,
    EventKind,
    InstallmentAgreement,
    Meter,
    Payment,
    PaymentChannel,
)
from casework.penalty import format_amount
from casework.restriction.procedure import STAGE_LABELS_RU, Procedure, procedures_of
from casework.restriction.rules import RestrictionRules, load_rules
from casework.restriction.store import load_facts
from casework.workflow import check_installment

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")


class Reason(enum.StrEnum):
    """Why an account was or was not selected."""

    SELECTED = "selected"
    SELECTED_AFTER_BREACH = "selected_after_breach"
    BELOW_THRESHOLD = "below_threshold"
    LEGAL_ENTITY = "legal_entity"
    ACTIVE_AGREEMENT = "active_agreement"
    MORATORIUM = "moratorium"
    IN_PROCEDURE = "in_procedure"
    NO_NORM = "no_norm"


@dataclass(frozen=True)
class Agreement:
    """A repayment agreement as the selection sees it.

    Attributes:
        number: its number.
        signed_on: when it was signed.
        breached_on: when it was breached, if it was by the date.
        repaid: whether it was repaid in full by the date.
    """

    number: str
    signed_on: dt.date
    breached_on: dt.date | None = None
    repaid: bool = False


@dataclass(frozen=True)
class Decision:
    """Whether an account is a candidate on a date, and why.

    Attributes:
        account: the personal account.
        selected: whether to warn it.
        reason: the rule that decided.
        text: the rule with the figures, in Russian.
        debt: its overdue debt on the date.
        threshold: the amount the debt must exceed.
        meter: its meter (a smart meter allows a remote restriction later).
    """

    account: str
    selected: bool
    reason: Reason
    text: str
    debt: Decimal
    threshold: Decimal
    meter: Meter


def judge(
    *,
    account: str,
    category: Category,
    meter: Meter,
    norm: Decimal,
    debt: Decimal,
    on: dt.date,
    rules: RestrictionRules,
    agreements: tuple[Agreement, ...] = (),
    running: Procedure | None = None,
) -> Decision:
    """Decide one account on ``on`` (the rules are checked in the order above).

    Args:
        account: the personal account.
        category: household or legal entity.
        meter: its meter.
        norm: the monthly charge by the consumption norm.
        debt: its overdue debt on the date.
        on: the date.
        rules: the procedure's parameters.
        agreements: its repayment agreements signed by the date.
        running: the procedure of its latest warning, if one is still open.
    """
    months = rules.on(on).threshold_months
    threshold = (norm * months).quantize(Decimal("0.01"))

    def decide(selected: bool, reason: Reason, text: str) -> Decision:
        return Decision(account, selected, reason, text, debt, threshold, meter)

    if category is not Category.HOUSEHOLD:
        return decide(
            False,
            Reason.LEGAL_ENTITY,
            "не потребитель коммунальной услуги: ограничение по ПП № 442, не по ПП № 354",
        )
    if norm <= 0:
        return decide(False, Reason.NO_NORM, "не задана плата по нормативу потребления")
    rule = (
        f"долг {format_amount(debt)} руб. {{verb}} {months} ежемесячных размеров "
        f"платы по нормативу ({months} × {format_amount(norm)} = "
        f"{format_amount(threshold)} руб.), п. 118 ПП № 354"
    )
    if debt <= threshold:
        return decide(False, Reason.BELOW_THRESHOLD, rule.format(verb="не превышает"))
    active = [a for a in agreements if a.breached_on is None and not a.repaid]
    if active:
        agreement = active[-1]
        return decide(
            False,
            Reason.ACTIVE_AGREEMENT,
            f"действует соглашение о погашении задолженности № {agreement.number} "
            f"от {agreement.signed_on:%d.%m.%Y}",
        )
    window = rules.window_on(on)
    if window is not None:
        return decide(
            False,
            Reason.MORATORIUM,
            f"мораторий ({window.act}): ограничение запрещено с "
            f"{window.first:%d.%m.%Y} по {window.last:%d.%m.%Y}",
        )
    if running is not None and running.is_open:
        return decide(
            False,
            Reason.IN_PROCEDURE,
            f"идёт процедура по предупреждению от {running.warning.day:%d.%m.%Y}: "
            f"{STAGE_LABELS_RU[running.stage]}",
        )
    text = rule.format(verb="превышает")
    breached = [a for a in agreements if a.breached_on is not None]
    if breached:
        last = breached[-1]
        assert last.breached_on is not None
        return decide(
            True,
            Reason.SELECTED_AFTER_BREACH,
            f"{text}; соглашение № {last.number} нарушено {last.breached_on:%d.%m.%Y}",
        )
    return decide(True, Reason.SELECTED, text)


def select_candidates(
    session: Session,
    *,
    on: dt.date,
    include_excluded: bool = False,
    rules: RestrictionRules | None = None,
) -> list[Decision]:
    """Decide every account with a balance on ``on``; candidates by debt, largest first.

    Args:
        session: an open session.
        on: the date.
        include_excluded: also return the accounts not selected, with the reason.
        rules: the parameters (default: the shipped table).
    """
    chosen = rules or load_rules()
    debts = _debts_on(session, on)
    running = _running_procedures(session, on, chosen)
    agreements = _agreements(session, on)
    accounts = (
        session.connection()
        .execute(
            select(
                DebtorAccount.account,
                DebtorAccount.category,
                DebtorAccount.meter,
                DebtorAccount.norm_monthly_charge,
            )
        )
        .all()
    )
    decisions = []
    for account, category, meter, norm in accounts:
        if account not in debts:
            continue
        decision = judge(
            account=account,
            category=category,
            meter=meter,
            norm=norm,
            debt=debts[account],
            on=on,
            rules=chosen,
            agreements=agreements.get(account, ()),
            running=running.get(account),
        )
        if decision.selected or include_excluded:
            decisions.append(decision)
    decisions.sort(key=lambda d: (not d.selected, -d.debt, d.account))
    logger.info(
        "candidates on %s: %d of %d accounts",
        on,
        sum(d.selected for d in decisions),
        len(debts),
    )
    return decisions


def _debts_on(session: Session, on: dt.date) -> dict[str, Decimal]:
    """Overdue debt of each account: latest balance less later payments."""
    latest = (
        select(Balance.account, func.max(Balance.as_of).label("as_of"))
        .where(Balance.as_of <= on)
        .group_by(Balance.account)
        .subquery()
    )
    balances = (
        session.connection()
        .execute(
            select(Balance.account, Balance.as_of, Balance.overdue_debt).join(
                latest,
                and_(
                    Balance.account == latest.c.account, Balance.as_of == latest.c.as_of
                ),
            )
        )
        .all()
    )
    paid_after = (
        session.connection()
        .execute(
            select(Payment.account, func.sum(Payment.amount))
            .join(latest, latest.c.account == Payment.account)
            .where(Payment.paid_on > latest.c.as_of, Payment.paid_on <= on)
            .group_by(Payment.account)
        )
        .all()
    )
    paid: dict[str, Decimal] = {}
    for account, total in paid_after:
        paid[account] = total
    return {
        account: max(overdue - paid.get(account, ZERO), ZERO).quantize(Decimal("0.01"))
        for account, _, overdue in balances
    }


def _running_procedures(
    session: Session, on: dt.date, rules: RestrictionRules
) -> dict[str, Procedure]:
    """The latest warning's procedure of each warned household."""
    running = {}
    for account, facts in load_facts(session, as_of=on, latest_only=True).items():
        procedures = procedures_of(facts, as_of=on, rules=rules)
        if procedures:
            running[account] = procedures[-1]
    return running


def _agreements(session: Session, on: dt.date) -> dict[str, tuple[Agreement, ...]]:
    """Agreements signed by ``on``, each checked against its schedule and events."""
    agreements = session.scalars(
        select(InstallmentAgreement)
        .where(InstallmentAgreement.signed_on <= on)
        .order_by(InstallmentAgreement.signed_on, InstallmentAgreement.id)
    ).all()
    signers = (
        select(InstallmentAgreement.account)
        .where(InstallmentAgreement.signed_on <= on)
        .distinct()
        .subquery()
    )
    payments: dict[str, list[tuple[dt.date, Decimal, PaymentChannel, str]]] = (
        defaultdict(list)
    )
    for account, day, amount, channel, ref in session.connection().execute(
        select(
            Payment.account,
            Payment.paid_on,
            Payment.amount,
            Payment.channel,
            Payment.ref,
        )
        .join(signers, signers.c.account == Payment.account)
        .where(Payment.paid_on <= on)
    ):
        payments[account].append((day, amount, channel, ref))
    reported: dict[str, dt.date] = {}
    for ref, day in session.connection().execute(
        select(DebtorEvent.ref, func.min(DebtorEvent.date))
        .where(
            DebtorEvent.event == EventKind.INSTALLMENT_BREACHED,
            DebtorEvent.date <= on,
        )
        .group_by(DebtorEvent.ref)
    ):
        reported[ref] = day
    found: dict[str, list[Agreement]] = defaultdict(list)
    for agreement in agreements:
        own = [
            (day, amount)
            for day, amount, channel, ref in payments[agreement.account]
            if ref == agreement.number
            or (channel is PaymentChannel.INSTALLMENT and ref == "")
        ]
        state = check_installment(
            agreement.number,
            agreement.signed_on,
            agreement.total,
            agreement.months,
            own,
            as_of=on,
        )
        breaches = [
            day
            for day in (reported.get(agreement.number), state.breached_on)
            if day is not None
        ]
        found[agreement.account].append(
            Agreement(
                agreement.number,
                agreement.signed_on,
                min(breaches) if breaches else None,
                state.paid >= state.total,
            )
        )
    return {account: tuple(items) for account, items in found.items()}
