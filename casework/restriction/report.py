"""The restriction report: a month (or months) of the ПП 354 procedure in figures.

Every figure aggregates ``debtor_events`` rows (imported or entered) or, for the
overdue debt, ``debt_balances`` rows, and carries their ids, so that
:func:`casework.registry.trace_rows` gives the file and line of each. What the
figures mean, for the calendar month:

* warnings sent (``notice_sent`` events) and their debt; warnings delivered
  (``notice_delivered`` events);
* deadlines passed: warnings whose 20 days from delivery ended in the month;
  of them, debtors who paid the warned debt in full by the deadline, and
  debtors who signed a repayment agreement by it (whichever came first), and
  the share of both among the deadlines passed (whole percent);
* restrictions (``restricted``) and suspensions (``suspended``) with the warned
  debt they name; households cut off — a warning's first restriction or
  suspension in the month — and their warned debt;
* resumptions (``resumed``) on time and late against the 2-day term, and the
  resumptions overdue at the month's end (counted as warnings);
* costs charged to debtors resumed in the month: the prices of the measures
  taken, within the cap in force on the day of resumption;
* households' overdue debt at the start and the end of the month (the latest
  balance of each household), and the change.

The procedures are read once for the last month's end and then as of each
month's end (:func:`casework.restriction.procedure.procedures_of` ignores
later facts), so a year costs one pass over the store.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from casework.models import (
    Balance,
    Category,
    DebtorAccount,
    DebtorEvent,
    EventKind,
    RegistryKind,
)
from casework.reports import (
    FigureSpec,
    Unit,
    month_bounds,
    months_between,
    plural,
    short_money,
)
from casework.restriction.procedure import (
    AccountFacts,
    Flag,
    Procedure,
    costs_of,
    procedures_of,
)
from casework.restriction.rules import RestrictionRules, load_rules
from casework.restriction.store import load_facts

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
# Days from sending a warning to the end of its 20 days: delivery by mail can
# take weeks, and a returned letter months; a generous bound.
WARNING_REACH_DAYS = 180
_EVENTS = RegistryKind.EVENTS

# The report's lines, in the order they are shown.
FIGURES: tuple[FigureSpec, ...] = tuple(
    FigureSpec(key, label, unit, source)
    for key, label, unit, source in (
        ("warnings_sent", "Направлено предупреждений", Unit.COUNT, _EVENTS),
        ("warnings_sum", "Долг в направленных предупреждениях", Unit.RUB, _EVENTS),
        ("warnings_delivered", "Доставлено предупреждений", Unit.COUNT, _EVENTS),
        (
            "deadlines_passed",
            "Истёк 20-дневный срок после доставки",
            Unit.COUNT,
            _EVENTS,
        ),
        ("paid_in_time", "Погасили долг до истечения срока", Unit.COUNT, _EVENTS),
        (
            "agreed_in_time",
            "Заключили соглашение до истечения срока",
            Unit.COUNT,
            _EVENTS,
        ),
        (
            "answered_share",
            "Доля погасивших или заключивших соглашение",
            Unit.PERCENT,
            _EVENTS,
        ),
        ("restricted", "Введено ограничений", Unit.COUNT, _EVENTS),
        ("restricted_sum", "Долг при ограничении", Unit.RUB, _EVENTS),
        ("suspended", "Приостановлено подач", Unit.COUNT, _EVENTS),
        ("suspended_sum", "Долг при приостановлении", Unit.RUB, _EVENTS),
        ("cut_off", "Абонентов ограничено или отключено впервые", Unit.COUNT, _EVENTS),
        ("cut_off_sum", "Их долг по предупреждениям", Unit.RUB, _EVENTS),
        ("resumed", "Возобновлено подач", Unit.COUNT, _EVENTS),
        ("resumed_on_time", "в срок (2 календарных дня)", Unit.COUNT, _EVENTS),
        ("resumed_late", "с опозданием", Unit.COUNT, _EVENTS),
        (
            "resumptions_overdue",
            "Просрочено возобновлений на конец месяца",
            Unit.COUNT,
            _EVENTS,
        ),
        ("costs_charged", "Расходы, предъявленные должникам", Unit.RUB, _EVENTS),
        (
            "overdue_start",
            "Просроченный долг населения на начало месяца",
            Unit.RUB,
            RegistryKind.BALANCES,
        ),
        (
            "overdue_end",
            "Просроченный долг населения на конец месяца",
            Unit.RUB,
            RegistryKind.BALANCES,
        ),
        (
            "overdue_change",
            "Изменение просроченного долга населения",
            Unit.RUB,
            RegistryKind.BALANCES,
        ),
    )
)
FIGURE_SPECS = {spec.key: spec for spec in FIGURES}


@dataclass(frozen=True)
class Figure:
    """One number of the report and the rows it aggregates.

    Attributes:
        key: the line's key (see :data:`FIGURES`).
        value: a count, roubles or a percentage.
        row_ids: ids of the rows of the ``source`` registry's table.
    """

    key: str
    value: int | Decimal
    row_ids: tuple[int, ...] = ()

    @property
    def spec(self) -> FigureSpec:
        """The line's label, unit and source registry."""
        return FIGURE_SPECS[self.key]


@dataclass(frozen=True)
class MonthFigures:
    """The figures of one month.

    Attributes:
        month: ``YYYY-MM``.
        figures: every line of :data:`FIGURES`, in order.
    """

    month: str
    figures: tuple[Figure, ...]

    def __getitem__(self, key: str) -> Figure:
        """The figure with this key."""
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)

    def value(self, key: str) -> int | Decimal:
        """The value of the figure with this key."""
        return self[key].value

    def summary_ru(self) -> str:
        """The month in one Russian sentence, as a press release puts it."""
        warned = int(self.value("warnings_sent"))
        cut = int(self.value("cut_off"))
        return (
            f"Направлено {warned} {plural(warned, _WARNINGS)} на "
            f"{short_money(self.value('warnings_sum'))}; из должников, чей срок "
            f"истёк, {self.value('answered_share')} % погасили долг или заключили "
            f"соглашение о рассрочке; ограничено или отключено {cut} "
            f"{plural(cut, _HOUSEHOLDS)} с долгом {short_money(self.value('cut_off_sum'))}"
            f"; возобновлено подач: {self.value('resumed')}, из них с опозданием "
            f"{self.value('resumed_late')}."
        )


_WARNINGS = ("предупреждение", "предупреждения", "предупреждений")
_HOUSEHOLDS = ("абонент", "абонента", "абонентов")


@dataclass(frozen=True)
class RestrictionReport:
    """The report over a range of months.

    Attributes:
        months: one :class:`MonthFigures` per month, in order.
        generated_at: when it was computed (UTC).
    """

    months: tuple[MonthFigures, ...]
    generated_at: dt.datetime = field(
        default_factory=lambda: dt.datetime.now(dt.UTC), compare=False
    )

    def to_dict(self, *, trace: bool = False) -> dict[str, Any]:
        """The report as JSON-ready data (the stable ``--json`` shape).

        Args:
            trace: include each figure's row ids.
        """
        return {
            "months": [
                {
                    "month": month.month,
                    "summary": month.summary_ru(),
                    "figures": [_figure_dict(f, trace=trace) for f in month.figures],
                }
                for month in self.months
            ],
            "generated_at": self.generated_at.isoformat(),
        }


def _figure_dict(figure: Figure, *, trace: bool) -> dict[str, Any]:
    spec = figure.spec
    data: dict[str, Any] = {
        "key": figure.key,
        "label": spec.label,
        "unit": spec.unit.value,
        "value": figure.value if isinstance(figure.value, int) else str(figure.value),
        "source": spec.source.value,
        "rows": len(figure.row_ids),
    }
    if trace:
        data["row_ids"] = list(figure.row_ids)
    return data


def restriction_report(
    session: Session,
    *,
    first: str,
    last: str | None = None,
    rules: RestrictionRules | None = None,
) -> RestrictionReport:
    """Compute the report for the months ``first``..``last`` (``YYYY-MM``).

    Raises:
        UserInputError: bad months.
    """
    chosen = rules or load_rules()
    months = months_between(first, last)
    start = month_bounds(*months[0])[0]
    end = month_bounds(*months[-1])[1]
    # A warning matters to the range if its deadline can fall in it (sent at
    # most WARNING_REACH_DAYS before it) or it cut supply (which may stay cut).
    facts = load_facts(
        session, as_of=end, active_since=start - dt.timedelta(days=WARNING_REACH_DAYS)
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
            )
            .join(DebtorAccount, DebtorAccount.account == DebtorEvent.account)
            .where(
                DebtorEvent.date >= start,
                DebtorEvent.date <= end,
                DebtorAccount.category == Category.HOUSEHOLD,
                DebtorEvent.event.in_(
                    [
                        EventKind.NOTICE_SENT,
                        EventKind.NOTICE_DELIVERED,
                        EventKind.RESTRICTED,
                        EventKind.SUSPENDED,
                        EventKind.RESUMED,
                    ]
                ),
            )
        )
        .all()
    )
    reports = []
    for year, month in months:
        first_day, last_day = month_bounds(year, month)
        procedures = _procedures(facts, as_of=last_day, rules=chosen)
        in_month = [e for e in events if first_day <= e.date <= last_day]
        figures = {
            **_event_figures(in_month),
            **_deadline_figures(procedures, first_day, last_day),
            **_measure_figures(procedures, first_day, last_day, chosen),
            **_overdue_figures(session, first_day, last_day),
        }
        reports.append(
            MonthFigures(
                f"{year:04d}-{month:02d}", tuple(figures[s.key] for s in FIGURES)
            )
        )
    logger.info(
        "restriction report for %d months: %d warned households, %d events",
        len(months),
        len(facts),
        len(events),
    )
    return RestrictionReport(tuple(reports))


def _procedures(
    facts: dict[str, AccountFacts], *, as_of: dt.date, rules: RestrictionRules
) -> list[Procedure]:
    procedures = []
    for account in facts.values():
        procedures += procedures_of(account, as_of=as_of, rules=rules)
    return procedures


def _ids(rows: Sequence[Any]) -> tuple[int, ...]:
    return tuple(sorted(row.id for row in rows))


def _event_figures(rows: Sequence[Any]) -> dict[str, Figure]:
    def of(kind: EventKind) -> list[Any]:
        return [row for row in rows if row.event is kind]

    def total(chosen: Sequence[Any]) -> Decimal:
        return sum((r.amount for r in chosen if r.amount is not None), ZERO)

    sent, restricted, suspended = (
        of(EventKind.NOTICE_SENT),
        of(EventKind.RESTRICTED),
        of(EventKind.SUSPENDED),
    )
    return {
        "warnings_sent": Figure("warnings_sent", len(sent), _ids(sent)),
        "warnings_sum": Figure("warnings_sum", total(sent), _ids(sent)),
        "warnings_delivered": Figure(
            "warnings_delivered",
            len(of(EventKind.NOTICE_DELIVERED)),
            _ids(of(EventKind.NOTICE_DELIVERED)),
        ),
        "restricted": Figure("restricted", len(restricted), _ids(restricted)),
        "restricted_sum": Figure("restricted_sum", total(restricted), _ids(restricted)),
        "suspended": Figure("suspended", len(suspended), _ids(suspended)),
        "suspended_sum": Figure("suspended_sum", total(suspended), _ids(suspended)),
    }


def _warning_ids(procedures: Sequence[Procedure]) -> tuple[int, ...]:
    return tuple(sorted(p.warning.row_id for p in procedures if p.warning.row_id))


def _deadline_figures(
    procedures: Sequence[Procedure], first: dt.date, last: dt.date
) -> dict[str, Figure]:
    passed = [
        p for p in procedures if p.deadline is not None and first <= p.deadline <= last
    ]
    paid, agreed = [], []
    for p in passed:
        assert p.deadline is not None
        paid_by = p.paid_on is not None and p.paid_on <= p.deadline
        agreed_by = p.agreement_on is not None and p.agreement_on <= p.deadline
        first_paid = not agreed_by or (
            p.paid_on is not None
            and p.agreement_on is not None
            and p.paid_on <= p.agreement_on
        )
        if paid_by and first_paid:
            paid.append(p)
        elif agreed_by:
            agreed.append(p)
    share = (
        (Decimal(100) * (len(paid) + len(agreed)) / len(passed)).quantize(Decimal("1"))
        if passed
        else ZERO
    )
    return {
        "deadlines_passed": Figure(
            "deadlines_passed", len(passed), _warning_ids(passed)
        ),
        "paid_in_time": Figure("paid_in_time", len(paid), _warning_ids(paid)),
        "agreed_in_time": Figure("agreed_in_time", len(agreed), _warning_ids(agreed)),
        "answered_share": Figure("answered_share", share, _warning_ids(paid + agreed)),
    }


def _measure_figures(
    procedures: Sequence[Procedure],
    first: dt.date,
    last: dt.date,
    rules: RestrictionRules,
) -> dict[str, Figure]:
    cut = [
        p
        for p in procedures
        if p.imposed_on is not None and first <= p.imposed_on <= last
    ]
    resumed = [
        p
        for p in procedures
        if p.resumed_on is not None and first <= p.resumed_on <= last
    ]
    on_time = [p for p in resumed if Flag.RESUMED_LATE not in p.flags]
    late = [p for p in resumed if Flag.RESUMED_LATE in p.flags]
    overdue = [p for p in procedures if Flag.RESUMPTION_OVERDUE in p.flags]
    costs = sum((costs_of(p, rules) for p in resumed), ZERO)
    return {
        "cut_off": Figure("cut_off", len(cut), _warning_ids(cut)),
        "cut_off_sum": Figure(
            "cut_off_sum", sum((p.debt for p in cut), ZERO), _warning_ids(cut)
        ),
        "resumed": Figure("resumed", len(resumed), _warning_ids(resumed)),
        "resumed_on_time": Figure(
            "resumed_on_time", len(on_time), _warning_ids(on_time)
        ),
        "resumed_late": Figure("resumed_late", len(late), _warning_ids(late)),
        "resumptions_overdue": Figure(
            "resumptions_overdue", len(overdue), _warning_ids(overdue)
        ),
        "costs_charged": Figure("costs_charged", costs, _warning_ids(resumed)),
    }


def _overdue_figures(
    session: Session, first: dt.date, last: dt.date
) -> dict[str, Figure]:
    start_ids, start = _overdue_on(session, first - dt.timedelta(days=1))
    end_ids, end = _overdue_on(session, last)
    return {
        "overdue_start": Figure("overdue_start", start, start_ids),
        "overdue_end": Figure("overdue_end", end, end_ids),
        "overdue_change": Figure(
            "overdue_change", end - start, tuple(sorted(start_ids + end_ids))
        ),
    }


def _overdue_on(session: Session, day: dt.date) -> tuple[tuple[int, ...], Decimal]:
    """The latest balance of each household dated on or before ``day``."""
    latest = (
        select(Balance.account, func.max(Balance.as_of).label("as_of"))
        .join(DebtorAccount, DebtorAccount.account == Balance.account)
        .where(Balance.as_of <= day, DebtorAccount.category == Category.HOUSEHOLD)
        .group_by(Balance.account)
        .subquery()
    )
    rows = (
        session.connection()
        .execute(
            select(Balance.id, Balance.overdue_debt).join(
                latest,
                and_(
                    Balance.account == latest.c.account, Balance.as_of == latest.c.as_of
                ),
            )
        )
        .all()
    )
    total = sum((amount for _, amount in rows), ZERO)
    return tuple(sorted(row_id for row_id, _ in rows)), total
