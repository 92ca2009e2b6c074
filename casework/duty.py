"""State duty for property claims: ст. 333.19 НК РФ (general courts), 333.21 (arbitration).

The scales live in ``casework/data/duty_scales.csv`` by filing date: the
applications filed up to 08.09.2024 pay the old scale, those filed from
09.09.2024 the scale of 259-ФЗ (the law entered into force on 08.09.2024 and
applies to applications sent after that day). A court-order application pays 50 %
of the lawsuit's duty (so at least 200 roubles on the old general scale, 2 000 on
the new one; arbitration after 259-ФЗ has its own minimum of 8 000).

Rounding: the duty is computed exactly and then rounded to whole roubles, 50
kopecks and more up (п. 6 ст. 52 НК РФ, which courts and the tax service apply to
the duty); the court-order share is taken before rounding.

When a court order is cancelled (or refused), the duty paid for it is offset
against the lawsuit's duty on the same claim; the clause is kept in
``duty_offset.csv`` by filing date of the lawsuit (marked unverified there).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from casework.rates import Court, DutyBand, RateTables, load_tables
from lexdesk.errors import UserInputError

logger = logging.getLogger(__name__)

ROUBLE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Duty:
    """A computed duty with what it was computed from.

    Attributes:
        amount: the duty, whole roubles.
        claim: the claim price it was computed on.
        filed_on: the filing date that chose the scale.
        court: general courts or arbitration.
        court_order: whether this is the court-order share.
        band: the band of the scale used.
        citation: the Tax Code clause, e.g. «подп. 1 п. 1 ст. 333.19 НК РФ».
    """

    amount: Decimal
    claim: Decimal
    filed_on: date
    court: Court
    court_order: bool
    band: DutyBand
    citation: str

    @property
    def verified(self) -> bool:
        """Whether the band used was checked against the statute's text."""
        return self.band.verified


@dataclass(frozen=True)
class DutyOffset:
    """The lawsuit's duty after offsetting what was paid for a cancelled order.

    Attributes:
        lawsuit: the full duty for the lawsuit.
        order_duty_paid: the duty paid for the cancelled order.
        offset: the part covered by the duty paid for the court order.
        to_pay: what remains to be paid, ``lawsuit.amount - offset``.
        citation: the clause allowing the offset.
        verified: whether that clause was checked against its text.
    """

    lawsuit: Duty
    order_duty_paid: Decimal
    offset: Decimal
    to_pay: Decimal
    citation: str
    verified: bool


def calculate_duty(
    claim: Decimal,
    *,
    filed_on: date,
    court: Court = Court.GENERAL,
    court_order: bool = False,
    tables: RateTables | None = None,
) -> Duty:
    """Compute the duty for a property claim of price ``claim``.

    Args:
        claim: the claim price in roubles (debt plus penalty).
        filed_on: the day the application is filed; picks the scale.
        court: general courts (333.19) or arbitration (333.21).
        court_order: the duty for a court-order application instead of a lawsuit.
        tables: rate tables; the packaged ones by default.

    Returns:
        The duty in whole roubles with the band used.

    Raises:
        UserInputError: the claim is not a positive number, or no scale covers
            the filing date.
    """
    if not claim.is_finite() or claim <= 0:
        raise UserInputError(
            f"claim price must be positive, got {claim!s:.40}",
            user_message=f"Цена иска «{claim!s:.40}» должна быть положительной",
        )
    tables = tables or load_tables()
    band = _band_for(tables.bands(court, filed_on), claim)
    exact = band.base + (claim - band.over) * band.percent / HUNDRED
    if band.minimum is not None:
        exact = max(exact, band.minimum)
    if band.maximum is not None:
        exact = min(exact, band.maximum)
    if court_order:
        exact = exact * band.order_share / HUNDRED
        if band.order_minimum is not None:
            exact = max(exact, band.order_minimum)
    amount = exact.quantize(ROUBLE, rounding=ROUND_HALF_UP)
    article = "333.19" if court is Court.GENERAL else "333.21"
    clause = "подп. 2 п. 1" if court_order else "подп. 1 п. 1"
    logger.debug("duty %s on %s filed %s", amount, claim, filed_on)
    return Duty(
        amount=amount,
        claim=claim,
        filed_on=filed_on,
        court=court,
        court_order=court_order,
        band=band,
        citation=f"{clause} ст. {article} НК РФ",
    )


def offset_cancelled_order(
    claim: Decimal,
    *,
    filed_on: date,
    order_duty_paid: Decimal,
    court: Court = Court.GENERAL,
    tables: RateTables | None = None,
) -> DutyOffset:
    """The lawsuit's duty after offsetting the duty paid for a cancelled court order.

    Args:
        claim: the lawsuit's claim price.
        filed_on: the lawsuit's filing date.
        order_duty_paid: the duty actually paid for the cancelled order (it may
            have been paid on the old scale).
        court: general courts or arbitration.
        tables: rate tables; the packaged ones by default.

    Returns:
        The full duty, the offset (never more than the duty) and the rest to pay.

    Raises:
        UserInputError: a negative paid duty, or the claim is invalid.
    """
    if not order_duty_paid.is_finite() or order_duty_paid < 0:
        raise UserInputError(
            f"paid duty must be non-negative, got {order_duty_paid!s:.40}",
            user_message=(
                f"Уплаченная пошлина «{order_duty_paid!s:.40}» не может быть отрицательной"
            ),
        )
    tables = tables or load_tables()
    lawsuit = calculate_duty(claim, filed_on=filed_on, court=court, tables=tables)
    offset = min(order_duty_paid, lawsuit.amount)
    rule = tables.offset_rule(filed_on)
    return DutyOffset(
        lawsuit=lawsuit,
        order_duty_paid=order_duty_paid,
        offset=offset,
        to_pay=lawsuit.amount - offset,
        citation=rule.citation if rule else "",
        verified=rule.verified if rule else False,
    )


def _band_for(bands: list[DutyBand], claim: Decimal) -> DutyBand:
    for band in bands:
        if band.band_to is None or claim <= band.band_to:
            return band
    return bands[-1]
