"""Penalty on utility debt under ч. 14 ст. 155 ЖК РФ, line by line, in kopecks.

The statute: nothing for days 1–30 after the due date; from day 31 to day 90,
1/300 of the Bank of Russia key rate per day on the overdue sum; from day 91,
1/130. Around it this module applies the dated tables of :mod:`casework.rates`:

* the due date of each month's charge (10th of the following month; from the
  March 2026 charge the 15th);
* the cap of ПП 474 and its sequels (9.5 %, the rate of 27.02.2022): it limits the
  key rate when the day the rate is taken on falls inside a cap window;
* moratoria (ПП 424 always by default; ПП 497 when asked), whose days accrue
  nothing but still count towards the 30/90-day bands, since the statute counts
  calendar days from the due date.

Which key rate a line uses is a parameter, :class:`RateChoice`: the statute says
"on the day of actual payment"; many courts award unpaid penalties at the rate
of the judgment day; some take the rate in force on each day.

Payments: a payment that names its charge period goes to that period first and
its excess to the oldest open charge; a payment without a period goes to the
oldest open charge (ст. 319.1 ГК РФ, п. 32 Пленума ВС РФ № 22 of 27.06.2017).
:class:`PaymentAllocation` switches naming off. Payments after the calculation
date are ignored.

Layout: every charge is split into tranches, one per payment applied to it
(running to the payment day, which still accrues — "по день фактической оплаты")
and one for the unpaid rest (running to the calculation date). Each tranche is
cut into lines at the day-91 band change, moratorium edges and, when the rate is
taken per day, at key-rate changes and cap edges.

Rounding rule: each line's penalty is ``debt × days × rate / 100 / divisor``
computed exactly, then rounded to kopecks with ROUND_HALF_UP; the total is the
sum of the rounded lines, so the attachment adds up to the figure claimed.

Not modelled: moving a due date that falls on a weekend to the next working day
(ст. 193 ГК РФ) — there is no verified production calendar in the data; courts
that apply it will see at most a few days' difference per charge.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from casework.rates import Moratorium, RateTables, covers, load_tables
from lexdesk.errors import UserInputError

logger = logging.getLogger(__name__)

KOPECK = Decimal("0.01")
# ч. 14 ст. 155 ЖК РФ: day numbers after the due date where the bands start.
FIRST_PENALTY_DAY = 31
SECOND_BAND_DAY = 91
FIRST_BAND_DIVISOR = 300
SECOND_BAND_DIVISOR = 130


class RateChoice(enum.Enum):
    """Which day's key rate a line uses."""

    PAYMENT_DATE = "payment_date"
    """The statute's rule: the day the sum was paid; unpaid sums, the calculation day."""
    CALCULATION_DATE = "calculation_date"
    """Every line at the rate of the calculation (judgment) day."""
    PER_PERIOD = "per_period"
    """Each day at the rate then in force."""


class PaymentAllocation(enum.Enum):
    """How a payment is applied to charges."""

    NAMED_PERIOD_FIRST = "named_period_first"
    """To the period the payer named, the excess oldest-first."""
    OLDEST_FIRST = "oldest_first"
    """Always to the oldest open charge, ignoring any named period."""


@dataclass(frozen=True)
class Charge:
    """A month's charge for electricity.

    Attributes:
        period: any day of the charge month (the first is conventional).
        amount: the sum charged, roubles.
    """

    period: date
    amount: Decimal


@dataclass(frozen=True)
class Payment:
    """A payment received from the debtor.

    Attributes:
        paid_on: the day of payment.
        amount: the sum paid, roubles.
        period: the charge month the payer named, if any.
    """

    paid_on: date
    amount: Decimal
    period: date | None = None


@dataclass(frozen=True)
class PenaltyOptions:
    """Choices a lawyer makes for one calculation.

    Attributes:
        rate_choice: which day's key rate to use.
        allocation: how payments are applied.
        moratoria: acts whose windows to exclude, by the ``act`` text of
            ``moratoria.csv`` (e.g. «ПП РФ от 28.03.2022 № 497»); None means the
            rows marked ``default_on``.
        apply_caps: whether to apply the ПП 474 caps.
    """

    rate_choice: RateChoice = RateChoice.PAYMENT_DATE
    allocation: PaymentAllocation = PaymentAllocation.NAMED_PERIOD_FIRST
    moratoria: frozenset[str] | None = None
    apply_caps: bool = True


@dataclass(frozen=True)
class PenaltyLine:
    """One line of the calculation attached to a claim.

    Attributes:
        period: first day of the charge month.
        debt: the overdue sum this line accrues on.
        start: first day of the line.
        end: last day of the line (inclusive).
        days: number of days, ``end - start + 1``.
        rate: the key rate used, percent per annum, after any cap.
        divisor: 300 or 130.
        penalty: the line's penalty, rounded to kopecks.
        paid_on: the day the debt of this line was paid, or None if unpaid.
    """

    period: date
    debt: Decimal
    start: date
    end: date
    days: int
    rate: Decimal
    divisor: int
    penalty: Decimal
    paid_on: date | None

    @property
    def fraction(self) -> str:
        """The share of the rate as courts write it: «1/300»."""
        return f"1/{self.divisor}"

    @property
    def formula(self) -> str:
        """The arithmetic as text: «10 000,00 × 60 × 1/300 × 4,25 %»."""
        return (
            f"{format_amount(self.debt)} × {self.days} × {self.fraction} × "
            f"{format_rate(self.rate)}"
        )


@dataclass(frozen=True)
class PenaltyCalculation:
    """The result: lines, totals and the data rows that were not verified.

    Attributes:
        calculation_date: the day the calculation runs to.
        options: the choices used.
        lines: the lines, by period then start.
        total: sum of the lines' penalties.
        charged: sum of the charges.
        paid: sum of the payments applied.
        debt: unpaid principal on the calculation date.
        unapplied: payments left over after every charge was paid.
        unverified_sources: the sources of unverified table rows used.
    """

    calculation_date: date
    options: PenaltyOptions
    lines: tuple[PenaltyLine, ...]
    total: Decimal
    charged: Decimal
    paid: Decimal
    debt: Decimal
    unapplied: Decimal
    unverified_sources: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Tranche:
    period: date
    amount: Decimal
    paid_on: date | None


def format_amount(amount: Decimal) -> str:
    """Write roubles the way Russian court documents do: «10 000,00»."""
    quantized = amount.quantize(KOPECK, rounding=ROUND_HALF_UP)
    roubles, kopecks = f"{quantized:.2f}".split(".")
    sign = "-" if roubles.startswith("-") else ""
    grouped = f"{int(roubles.lstrip('-')):,}".replace(",", " ")
    return f"{sign}{grouped},{kopecks}"


def format_rate(rate: Decimal) -> str:
    """Write a rate in percent: «4,25 %»."""
    return f"{rate.quantize(KOPECK):.2f}".replace(".", ",") + " %"


def calculate_penalty(
    charges: Sequence[Charge],
    payments: Sequence[Payment],
    *,
    calculation_date: date,
    options: PenaltyOptions | None = None,
    tables: RateTables | None = None,
) -> PenaltyCalculation:
    """Compute the ЖК 155.14 penalty for a debtor's charges and payments.

    Args:
        charges: monthly charges; several for one month are added up.
        payments: payments received; those after ``calculation_date`` are ignored.
        calculation_date: the day the calculation runs to (the filing or
            judgment day); unpaid sums accrue up to and including it.
        options: rate choice, allocation, moratoria, caps.
        tables: rate tables; the packaged ones by default.

    Returns:
        The line-by-line calculation.

    Raises:
        UserInputError: a negative or non-finite amount, or a date outside the
            tables.
    """
    options = options or PenaltyOptions()
    tables = tables or load_tables()
    _check_amounts(charges, payments)
    charged = _sum_by_period(charges)
    counted = [p for p in payments if p.paid_on <= calculation_date]
    tranches, unapplied = _allocate(charged, counted, options.allocation)

    moratoria = [
        m
        for m in tables.moratoria
        if (
            m.act in options.moratoria
            if options.moratoria is not None
            else m.default_on
        )
    ]
    used: dict[str, None] = {}
    lines: list[PenaltyLine] = []
    for tranche in tranches:
        lines += _tranche_lines(
            tranche, calculation_date, options, tables, moratoria, used
        )
    lines.sort(key=lambda line: (line.period, line.start, line.paid_on or date.max))

    paid = sum((t.amount for t in tranches if t.paid_on is not None), Decimal(0))
    total_charged = sum(charged.values(), Decimal(0))
    result = PenaltyCalculation(
        calculation_date=calculation_date,
        options=options,
        lines=tuple(lines),
        total=sum((line.penalty for line in lines), Decimal("0.00")),
        charged=total_charged,
        paid=paid,
        debt=total_charged - paid,
        unapplied=unapplied,
        unverified_sources=tuple(used),
    )
    logger.debug(
        "penalty: %d charges, %d payments, %d lines",
        len(charged),
        len(counted),
        len(lines),
    )
    return result


def _check_amounts(charges: Iterable[Charge], payments: Iterable[Payment]) -> None:
    for amount in [c.amount for c in charges] + [p.amount for p in payments]:
        if not amount.is_finite() or amount < 0:
            raise UserInputError(
                f"amount must be a non-negative number, got {amount!s:.40}",
                user_message=f"Сумма «{amount!s:.40}» должна быть неотрицательным числом",
            )


def _sum_by_period(charges: Iterable[Charge]) -> dict[date, Decimal]:
    totals: dict[date, Decimal] = {}
    for charge in charges:
        month = charge.period.replace(day=1)
        totals[month] = totals.get(month, Decimal(0)) + charge.amount
    return dict(sorted(totals.items()))


def _allocate(
    charged: dict[date, Decimal],
    payments: Sequence[Payment],
    allocation: PaymentAllocation,
) -> tuple[list[_Tranche], Decimal]:
    """Split charges into paid tranches and unpaid rests; return the leftover."""
    open_amounts = dict(charged)
    tranches: list[_Tranche] = []
    leftover = Decimal(0)
    for payment in sorted(payments, key=lambda p: p.paid_on):
        rest = payment.amount
        named = payment.period.replace(day=1) if payment.period else None
        order = list(open_amounts)
        if allocation is PaymentAllocation.NAMED_PERIOD_FIRST and named in open_amounts:
            order.remove(named)
            order.insert(0, named)
        for period in order:
            if rest <= 0:
                break
            applied = min(rest, open_amounts[period])
            if applied > 0:
                tranches.append(_Tranche(period, applied, payment.paid_on))
                open_amounts[period] -= applied
                rest -= applied
        leftover += rest
    tranches += [_Tranche(p, a, None) for p, a in open_amounts.items() if a > 0]
    return tranches, leftover


def _tranche_lines(
    tranche: _Tranche,
    calculation_date: date,
    options: PenaltyOptions,
    tables: RateTables,
    moratoria: Sequence[Moratorium],
    used: dict[str, None],
) -> list[PenaltyLine]:
    """Cut one tranche into lines and price each one."""
    due = tables.due_date(tranche.period)
    rule = tables.due_date_rule(tranche.period)
    if rule is not None and not rule.verified:
        used[f"due date {tranche.period:%Y-%m}: {rule.source}"] = None
    first_day = due + timedelta(days=FIRST_PENALTY_DAY)
    second_band = due + timedelta(days=SECOND_BAND_DAY)
    end = tranche.paid_on or calculation_date
    if end < first_day:
        return []

    # Every day where something changes starts a new line.
    windows = [
        m for m in tables.moratoria if m in moratoria and m.applies_to(tranche.period)
    ]
    cuts = {second_band}
    for window in windows:
        cuts.add(window.valid_from)
        if window.valid_to is not None:
            cuts.add(window.valid_to + timedelta(days=1))
    if options.rate_choice is RateChoice.PER_PERIOD:
        cuts.update(tables.key_rate_changes(first_day, end))
        for cap in tables.caps:
            cuts.add(cap.valid_from)
            if cap.valid_to is not None:
                cuts.add(cap.valid_to + timedelta(days=1))
    starts = sorted({first_day} | {c for c in cuts if first_day < c <= end})

    lines = []
    for index, start in enumerate(starts):
        stop = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else end
        if any(covers(window, start) for window in windows):
            continue
        rate = _rate(start, tranche, calculation_date, options, tables, used)
        divisor = FIRST_BAND_DIVISOR if start < second_band else SECOND_BAND_DIVISOR
        days = (stop - start).days + 1
        exact = tranche.amount * days * rate / (100 * divisor)
        lines.append(
            PenaltyLine(
                period=tranche.period,
                debt=tranche.amount,
                start=start,
                end=stop,
                days=days,
                rate=rate,
                divisor=divisor,
                penalty=exact.quantize(KOPECK, rounding=ROUND_HALF_UP),
                paid_on=tranche.paid_on,
            )
        )
    return lines


def _rate(
    start: date,
    tranche: _Tranche,
    calculation_date: date,
    options: PenaltyOptions,
    tables: RateTables,
    used: dict[str, None],
) -> Decimal:
    """The key rate of a line after the cap, noting unverified rows."""
    if options.rate_choice is RateChoice.PER_PERIOD:
        rate_day = start
    elif options.rate_choice is RateChoice.PAYMENT_DATE and tranche.paid_on:
        rate_day = tranche.paid_on
    else:
        rate_day = calculation_date
    key = tables.key_rate_on(rate_day)
    if not key.verified:
        used[f"key rate from {key.valid_from:%d.%m.%Y}: {key.source}"] = None
    rate = key.rate
    cap = tables.cap_on(rate_day) if options.apply_caps else None
    if cap is not None and cap.cap < rate:
        if not cap.verified:
            used[f"cap {cap.act}: {cap.source}"] = None
        rate = cap.cap
    return rate
