"""The collection report: a month (or a range of months) of claims work in figures.

Every figure is an aggregation over imported registry rows and carries the ids
of the rows it counts or sums (:class:`Figure`), so that a reader who doubts a
number can list its rows and, through :func:`casework.registry.trace_rows`, the
file and line each came from. Nothing is estimated: a figure is exactly what the
registries say.

What the figures mean (all for the calendar month):

* filed: ``claim_sent``, ``order_filed`` and ``lawsuit_filed`` events (count,
  and the sum of their amounts as claimed);
* court results: ``order_issued``, ``order_cancelled``, ``decision``,
  ``writ_issued``, ``enforcement_opened`` events; awarded = the amounts of
  issued orders and decisions;
* collected: payments by channel; enforcement cases with collections = the
  distinct ``ref`` (enforcement or case number) of enforcement payments;
* notices (``notice_sent``) and their sum; of them, those whose debtor paid at
  least the noticed sum or signed an installment agreement within
  :data:`NOTICE_RESPONSE_DAYS` days; restrictions (``restricted`` and
  ``suspended``) and their sum;
* overdue debt at the start (the latest balance of each account dated before
  the month) and at the end (dated on or before its last day), and the change.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from casework.models import (
    Balance,
    DebtorEvent,
    EventKind,
    Payment,
    PaymentChannel,
    RegistryKind,
)
from casework.periods import MONTH_SPAN_RU, is_month_in_span
from lexdesk.errors import UserInputError

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
# Days after a notice in which a payment or an agreement counts as its answer:
# 20 days from delivery (ПП 354 п. 119 «а») plus up to 10 days for the post.
NOTICE_RESPONSE_DAYS = 30

MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_PREPOSITIONAL = (
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
)


class Unit(enum.StrEnum):
    """What a figure's value counts."""

    COUNT = "count"
    RUB = "rub"
    PERCENT = "percent"


@dataclass(frozen=True)
class FigureSpec:
    """One line of the report: its key, Russian label and unit."""

    key: str
    label: str
    unit: Unit
    source: RegistryKind


# The report's lines, in the order they are shown.
FIGURES: tuple[FigureSpec, ...] = tuple(
    FigureSpec(key, label, unit, source)
    for key, label, unit, source in (
        ("claims_sent", "Направлено претензий", Unit.COUNT, RegistryKind.EVENTS),
        ("claims_sent_sum", "Сумма претензий", Unit.RUB, RegistryKind.EVENTS),
        (
            "orders_filed",
            "Подано заявлений о выдаче судебного приказа",
            Unit.COUNT,
            RegistryKind.EVENTS,
        ),
        ("lawsuits_filed", "Подано исковых заявлений", Unit.COUNT, RegistryKind.EVENTS),
        ("cases_filed", "Всего обращений в суд", Unit.COUNT, RegistryKind.EVENTS),
        ("claimed", "Заявлено к взысканию в суде", Unit.RUB, RegistryKind.EVENTS),
        (
            "orders_issued",
            "Вынесено судебных приказов",
            Unit.COUNT,
            RegistryKind.EVENTS,
        ),
        (
            "orders_cancelled",
            "Отменено судебных приказов",
            Unit.COUNT,
            RegistryKind.EVENTS,
        ),
        ("decisions", "Вынесено решений по искам", Unit.COUNT, RegistryKind.EVENTS),
        ("awarded", "Присуждено (приказы и решения)", Unit.RUB, RegistryKind.EVENTS),
        (
            "writs_issued",
            "Получено исполнительных листов",
            Unit.COUNT,
            RegistryKind.EVENTS,
        ),
        (
            "enforcements_opened",
            "Возбуждено исполнительных производств",
            Unit.COUNT,
            RegistryKind.EVENTS,
        ),
        ("collected", "Поступило оплат, всего", Unit.RUB, RegistryKind.PAYMENTS),
        ("collected_voluntary", "добровольно", Unit.RUB, RegistryKind.PAYMENTS),
        (
            "collected_installment",
            "по соглашениям о рассрочке",
            Unit.RUB,
            RegistryKind.PAYMENTS,
        ),
        (
            "collected_enforcement",
            "принудительно (ФССП)",
            Unit.RUB,
            RegistryKind.PAYMENTS,
        ),
        (
            "enforcement_cases_paid",
            "Производств с поступлениями",
            Unit.COUNT,
            RegistryKind.PAYMENTS,
        ),
        ("notices_sent", "Направлено предупреждений", Unit.COUNT, RegistryKind.EVENTS),
        ("notices_sum", "Сумма долга в предупреждениях", Unit.RUB, RegistryKind.EVENTS),
        (
            "notices_answered",
            "Оплатили или заключили рассрочку после предупреждения",
            Unit.COUNT,
            RegistryKind.EVENTS,
        ),
        (
            "notices_answered_share",
            "Доля ответивших на предупреждение",
            Unit.PERCENT,
            RegistryKind.EVENTS,
        ),
        (
            "installments_signed",
            "Заключено соглашений о рассрочке",
            Unit.COUNT,
            RegistryKind.EVENTS,
        ),
        (
            "restricted",
            "Введено ограничений и приостановлений",
            Unit.COUNT,
            RegistryKind.EVENTS,
        ),
        (
            "restricted_sum",
            "Долг ограниченных абонентов",
            Unit.RUB,
            RegistryKind.EVENTS,
        ),
        (
            "overdue_start",
            "Просроченный долг на начало месяца",
            Unit.RUB,
            RegistryKind.BALANCES,
        ),
        (
            "overdue_end",
            "Просроченный долг на конец месяца",
            Unit.RUB,
            RegistryKind.BALANCES,
        ),
        (
            "overdue_change",
            "Изменение просроченного долга",
            Unit.RUB,
            RegistryKind.BALANCES,
        ),
    )
)
FIGURE_SPECS = {spec.key: spec for spec in FIGURES}


@dataclass(frozen=True)
class Figure:
    """One number of the report and the registry rows it aggregates.

    Attributes:
        key: the line's key (see :data:`FIGURES`).
        value: a count (int), roubles (Decimal) or a percentage (Decimal).
        row_ids: ids of the rows in the ``source`` registry's table.
    """

    key: str
    value: int | Decimal
    row_ids: tuple[int, ...] = ()

    @property
    def spec(self) -> FigureSpec:
        """The line's label, unit and source registry."""
        return FIGURE_SPECS[self.key]


@dataclass(frozen=True)
class MonthReport:
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
        """The month in one Russian paragraph, as a press release would put it."""
        year, month = (int(part) for part in self.month.split("-"))

        def count(key: str, forms: tuple[str, str, str]) -> str:
            number = int(self.value(key))
            return f"{number} {plural(number, forms)}"

        def rub(key: str) -> str:
            return short_money(self.value(key))

        parts = [
            f"В {MONTHS_PREPOSITIONAL[month - 1]} {year} г. направлено "
            f"{count('claims_sent', _CLAIMS)}",
            f"в суд подано {count('cases_filed', _APPLICATIONS)} на {rub('claimed')} "
            f"(о выдаче судебного приказа — {self.value('orders_filed')}, исков — "
            f"{self.value('lawsuits_filed')})",
            f"вынесено {count('orders_issued', _ORDERS)} и "
            f"{count('decisions', _DECISIONS)} на {rub('awarded')}, отменено "
            f"{count('orders_cancelled', _ORDERS)}",
            f"поступило {rub('collected')}, из них через приставов "
            f"{rub('collected_enforcement')} "
            f"({count('enforcement_cases_paid', _PROCEEDINGS)})",
            f"направлено {count('notices_sent', _NOTICES)} на {rub('notices_sum')}, "
            f"{self.value('notices_answered_share')} % из них оплатили долг или "
            f"заключили соглашение о рассрочке",
            f"введено {count('restricted', _RESTRICTIONS)} на {rub('restricted_sum')}",
            f"просроченный долг изменился на {rub('overdue_change')}",
        ]
        text = "; ".join(parts)
        return text if text.endswith(".") else text + "."


# Russian noun forms for 1, 2–4 and 5+ of a thing.
_CLAIMS = ("претензия", "претензии", "претензий")
_APPLICATIONS = ("заявление", "заявления", "заявлений")
_ORDERS = ("судебный приказ", "судебных приказа", "судебных приказов")
_DECISIONS = ("решение", "решения", "решений")
_PROCEEDINGS = ("производство", "производства", "производств")
_NOTICES = ("предупреждение", "предупреждения", "предупреждений")
_RESTRICTIONS = ("ограничение", "ограничения", "ограничений")


def plural(number: int, forms: tuple[str, str, str]) -> str:
    """The Russian form of a noun after ``number``: 1 иск, 2 иска, 5 исков."""
    tail = abs(number) % 100
    if 11 <= tail <= 14:
        return forms[2]
    if tail % 10 == 1:
        return forms[0]
    if 2 <= tail % 10 <= 4:
        return forms[1]
    return forms[2]


@dataclass(frozen=True)
class CollectionReport:
    """The report over a range of months.

    Attributes:
        months: one :class:`MonthReport` per month, in order.
        generated_at: when it was computed (UTC).
    """

    months: tuple[MonthReport, ...]
    generated_at: dt.datetime = field(
        default_factory=lambda: dt.datetime.now(dt.UTC), compare=False
    )

    def to_dict(self, *, trace: bool = False) -> dict[str, Any]:
        """The report as JSON-ready data (the stable ``--json`` shape).

        Args:
            trace: include each figure's row ids (can be long).
        """
        return {
            "months": [
                {
                    "month": month.month,
                    "summary": month.summary_ru(),
                    "figures": [
                        _figure_dict(figure, trace=trace) for figure in month.figures
                    ],
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


def short_money(amount: int | Decimal) -> str:
    """Roubles in a headline form: «4,7 млн руб.», «325 тыс. руб.», «870 руб.»."""
    sign = "−" if amount < 0 else ""
    value = abs(Decimal(amount))
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.1f}".replace(".", ",")
        return f"{sign}{text} млн руб."
    if value >= 1_000:
        return f"{sign}{value / 1_000:.0f} тыс. руб."
    return f"{sign}{value:.0f} руб."


def parse_month(text: str) -> tuple[int, int]:
    """Read ``YYYY-MM`` within the span of :mod:`casework.periods`.

    Raises:
        UserInputError: not a month, or a month outside 1990-01..2100-12.
    """
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        dt.date(year, month, 1)
    except ValueError:
        raise UserInputError(
            f"bad month {text!r}",
            user_message=f"Неверный месяц «{text[:20]}»: ожидается ГГГГ-ММ, "
            "например 2021-07.",
        ) from None
    if not is_month_in_span(year, month):
        raise UserInputError(
            f"month {text!r} outside the span",
            user_message=f"Месяц «{text[:20]}» вне допустимого диапазона: "
            f"{MONTH_SPAN_RU}.",
        )
    return year, month


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of a month."""
    first = dt.date(year, month, 1)
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return first, following - dt.timedelta(days=1)


def months_between(first: str, last: str | None = None) -> list[tuple[int, int]]:
    """The months from ``first`` to ``last`` inclusive (``YYYY-MM``).

    Raises:
        UserInputError: a malformed month, a reversed range, or more than 10 years.
    """
    start = parse_month(first)
    end = parse_month(last) if last else start
    if end < start:
        raise UserInputError(
            f"reversed month range {first}..{last}",
            user_message=f"Конец периода ({last}) раньше его начала ({first}).",
        )
    months = []
    year, month = start
    while (year, month) <= end:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if len(months) > 120:
        raise UserInputError(
            "month range longer than 120 months",
            user_message="Слишком длинный период: не более 120 месяцев.",
        )
    return months


def collection_report(
    session: Session, *, first: str, last: str | None = None
) -> CollectionReport:
    """Compute the report for the months ``first``..``last`` (``YYYY-MM``).

    Raises:
        UserInputError: bad months.
    """
    months = months_between(first, last)
    start = month_bounds(*months[0])[0]
    end = month_bounds(*months[-1])[1]
    horizon = end + dt.timedelta(days=NOTICE_RESPONSE_DAYS)
    events = session.execute(
        select(
            DebtorEvent.id,
            DebtorEvent.account,
            DebtorEvent.date,
            DebtorEvent.event,
            DebtorEvent.amount,
        ).where(DebtorEvent.date >= start, DebtorEvent.date <= horizon)
    ).all()
    payments = session.execute(
        select(
            Payment.id,
            Payment.account,
            Payment.paid_on,
            Payment.amount,
            Payment.channel,
            Payment.ref,
        ).where(Payment.paid_on >= start, Payment.paid_on <= horizon)
    ).all()
    reports = []
    for year, month in months:
        first_day, last_day = month_bounds(year, month)
        reports.append(
            MonthReport(
                f"{year:04d}-{month:02d}",
                _month_figures(session, events, payments, first_day, last_day),
            )
        )
    logger.info(
        "collection report for %d months: %d events, %d payments",
        len(months),
        len(events),
        len(payments),
    )
    return CollectionReport(tuple(reports))


def _month_figures(
    session: Session,
    events: Sequence[Any],
    payments: Sequence[Any],
    first: dt.date,
    last: dt.date,
) -> tuple[Figure, ...]:
    in_month = [row for row in events if first <= row.date <= last]
    by_kind: dict[EventKind, list[Any]] = defaultdict(list)
    for row in in_month:
        by_kind[row.event].append(row)
    paid = [row for row in payments if first <= row.paid_on <= last]
    figures = {
        **_court_figures(by_kind),
        **_payment_figures(paid),
        **_notice_figures(by_kind, events, payments),
        **_overdue_figures(session, first, last),
    }
    return tuple(figures[spec.key] for spec in FIGURES)


def _count(key: str, rows: Sequence[Any]) -> Figure:
    return Figure(key, len(rows), tuple(sorted(row.id for row in rows)))


def _sum(key: str, rows: Sequence[Any]) -> Figure:
    total = sum((row.amount for row in rows if row.amount is not None), ZERO)
    return Figure(key, total, tuple(sorted(row.id for row in rows)))


def _court_figures(by_kind: dict[EventKind, list[Any]]) -> dict[str, Figure]:
    filed = by_kind[EventKind.ORDER_FILED] + by_kind[EventKind.LAWSUIT_FILED]
    awarded = by_kind[EventKind.ORDER_ISSUED] + by_kind[EventKind.DECISION]
    return {
        "claims_sent": _count("claims_sent", by_kind[EventKind.CLAIM_SENT]),
        "claims_sent_sum": _sum("claims_sent_sum", by_kind[EventKind.CLAIM_SENT]),
        "orders_filed": _count("orders_filed", by_kind[EventKind.ORDER_FILED]),
        "lawsuits_filed": _count("lawsuits_filed", by_kind[EventKind.LAWSUIT_FILED]),
        "cases_filed": _count("cases_filed", filed),
        "claimed": _sum("claimed", filed),
        "orders_issued": _count("orders_issued", by_kind[EventKind.ORDER_ISSUED]),
        "orders_cancelled": _count(
            "orders_cancelled", by_kind[EventKind.ORDER_CANCELLED]
        ),
        "decisions": _count("decisions", by_kind[EventKind.DECISION]),
        "awarded": _sum("awarded", awarded),
        "writs_issued": _count("writs_issued", by_kind[EventKind.WRIT_ISSUED]),
        "enforcements_opened": _count(
            "enforcements_opened", by_kind[EventKind.ENFORCEMENT_OPENED]
        ),
        "installments_signed": _count(
            "installments_signed", by_kind[EventKind.INSTALLMENT_SIGNED]
        ),
        "restricted": _count(
            "restricted", by_kind[EventKind.RESTRICTED] + by_kind[EventKind.SUSPENDED]
        ),
        "restricted_sum": _sum(
            "restricted_sum",
            by_kind[EventKind.RESTRICTED] + by_kind[EventKind.SUSPENDED],
        ),
    }


def _payment_figures(paid: Sequence[Any]) -> dict[str, Figure]:
    by_channel: dict[PaymentChannel, list[Any]] = defaultdict(list)
    for row in paid:
        by_channel[row.channel].append(row)
    enforced = by_channel[PaymentChannel.ENFORCEMENT]
    cases = {row.ref or f"account:{row.account}" for row in enforced}
    return {
        "collected": _sum("collected", paid),
        "collected_voluntary": _sum(
            "collected_voluntary", by_channel[PaymentChannel.VOLUNTARY]
        ),
        "collected_installment": _sum(
            "collected_installment", by_channel[PaymentChannel.INSTALLMENT]
        ),
        "collected_enforcement": _sum("collected_enforcement", enforced),
        "enforcement_cases_paid": Figure(
            "enforcement_cases_paid",
            len(cases),
            tuple(sorted(row.id for row in enforced)),
        ),
    }


def _notice_figures(
    by_kind: dict[EventKind, list[Any]],
    events: Sequence[Any],
    payments: Sequence[Any],
) -> dict[str, Figure]:
    notices = by_kind[EventKind.NOTICE_SENT]
    accounts = {row.account for row in notices}
    paid_by: dict[str, list[Any]] = defaultdict(list)
    for row in payments:
        if row.account in accounts:
            paid_by[row.account].append(row)
    signed_by: dict[str, list[dt.date]] = defaultdict(list)
    for row in events:
        if row.account in accounts and row.event is EventKind.INSTALLMENT_SIGNED:
            signed_by[row.account].append(row.date)
    answered = [
        notice
        for notice in notices
        if _is_answered(notice, paid_by[notice.account], signed_by[notice.account])
    ]
    share = (
        (Decimal(100) * len(answered) / len(notices)).quantize(Decimal("1"))
        if notices
        else ZERO
    )
    return {
        "notices_sent": _count("notices_sent", notices),
        "notices_sum": _sum("notices_sum", notices),
        "notices_answered": _count("notices_answered", answered),
        "notices_answered_share": Figure(
            "notices_answered_share", share, tuple(sorted(row.id for row in answered))
        ),
    }


def _is_answered(notice: Any, paid: Iterable[Any], signed: Iterable[dt.date]) -> bool:
    """Whether the debtor paid the noticed sum or signed an agreement in time."""
    until = notice.date + dt.timedelta(days=NOTICE_RESPONSE_DAYS)
    if any(notice.date <= day <= until for day in signed):
        return True
    total = sum(
        (row.amount for row in paid if notice.date <= row.paid_on <= until), ZERO
    )
    return total >= (notice.amount or ZERO) and total > 0


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
    """The latest balance of each account dated on or before ``day``: ids and sum."""
    latest = (
        select(Balance.account, func.max(Balance.as_of).label("as_of"))
        .where(Balance.as_of <= day)
        .group_by(Balance.account)
        .subquery()
    )
    rows = session.execute(
        select(Balance.id, Balance.overdue_debt).join(
            latest,
            and_(Balance.account == latest.c.account, Balance.as_of == latest.c.as_of),
        )
    ).all()
    total = sum((amount for _, amount in rows), ZERO)
    return tuple(sorted(row_id for row_id, _ in rows)), total


def months_with_data(session: Session) -> tuple[str, str] | None:
    """The first and the last month (``YYYY-MM``) that registry rows are dated in.

    Events, payments and balances count; a store without them gives None. The
    UI opens the reports on the last such month.
    """
    bounds = [
        session.execute(select(func.min(column), func.max(column))).one()
        for column in (DebtorEvent.date, Payment.paid_on, Balance.as_of)
    ]
    firsts = [first for first, _ in bounds if first is not None]
    lasts = [last for _, last in bounds if last is not None]
    if not firsts or not lasts:
        return None
    return f"{min(firsts):%Y-%m}", f"{max(lasts):%Y-%m}"


def month_label(month: str) -> str:
    """«июль 2021» for ``2021-07``."""
    year, number = (int(part) for part in month.split("-"))
    return f"{MONTHS_NOMINATIVE[number - 1]} {year}"
