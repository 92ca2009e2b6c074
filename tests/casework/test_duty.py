"""Tests for casework.duty: every band edge of ст. 333.19 НК РФ before and after 259-ФЗ."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casework.duty import calculate_duty, offset_cancelled_order
from casework.rates import Court
from lexdesk.errors import UserInputError

D = Decimal
OLD = date(2024, 9, 8)  # last filing day of the old scale
NEW = date(2024, 9, 9)  # first filing day of the 259-ФЗ scale


@pytest.mark.parametrize(
    ("claim", "duty"),
    [
        # up to 20 000: 4 %, at least 400
        pytest.param("5000", "400", id="minimum-400"),  # 4 % = 200 < 400
        pytest.param("10000", "400", id="4pct-equals-minimum"),  # 4 % = 400
        pytest.param("12345.67", "494", id="4pct-rounded"),  # 493.83 → 494
        pytest.param("20000", "800", id="top-of-band-1"),  # 4 % = 800
        # 20 001–100 000: 800 + 3 % over 20 000
        pytest.param("20001", "800", id="bottom-of-band-2"),  # 800.03 → 800
        pytest.param("100000", "3200", id="top-of-band-2"),  # 800 + 2 400
        # 100 001–200 000: 3 200 + 2 % over 100 000
        pytest.param("100001", "3200", id="bottom-of-band-3"),  # 3 200.02
        pytest.param("200000", "5200", id="top-of-band-3"),  # 3 200 + 2 000
        # 200 001–1 000 000: 5 200 + 1 % over 200 000
        pytest.param("1000000", "13200", id="top-of-band-4"),  # 5 200 + 8 000
        # above 1 000 000: 13 200 + 0.5 % over 1 000 000, at most 60 000
        pytest.param("2000000", "18200", id="band-5"),  # 13 200 + 5 000
        pytest.param("10000000", "58200", id="band-5-below-cap"),  # 13 200 + 45 000
        pytest.param("20000000", "60000", id="cap-60000"),  # 108 200 → 60 000
    ],
)
def test_duty_general_court_before_9_september_2024(claim: str, duty: str) -> None:
    assert calculate_duty(D(claim), filed_on=OLD).amount == D(duty)


@pytest.mark.parametrize(
    ("claim", "duty"),
    [
        # up to 100 000: 4 000 flat
        pytest.param("1", "4000", id="one-rouble"),
        pytest.param("100000", "4000", id="top-of-band-1"),
        # 100 001–300 000: 4 000 + 3 % over 100 000
        pytest.param("100001", "4000", id="bottom-of-band-2"),  # 4 000.03 → 4 000
        pytest.param("100017", "4001", id="half-rouble-up"),  # 4 000.51 → 4 001
        pytest.param("300000", "10000", id="top-of-band-2"),  # 4 000 + 6 000
        # 300 001–500 000: 10 000 + 2.5 % over 300 000
        pytest.param("500000", "15000", id="top-of-band-3"),  # 10 000 + 5 000
        # 500 001–1 000 000: 15 000 + 2 % over 500 000
        pytest.param("1000000", "25000", id="top-of-band-4"),  # 15 000 + 10 000
        # 1 000 001–3 000 000: 25 000 + 1 % over 1 000 000
        pytest.param("3000000", "45000", id="top-of-band-5"),  # 25 000 + 20 000
        # 3 000 001–8 000 000: 45 000 + 0.7 % over 3 000 000
        pytest.param("8000000", "80000", id="top-of-band-6"),  # 45 000 + 35 000
        # 100 000 001 and more: 314 000 + 0.15 % (unverified rows), at most 900 000
        pytest.param("1000000000", "900000", id="cap-900000"),  # 1 664 000 → 900 000
    ],
)
def test_duty_general_court_from_9_september_2024(claim: str, duty: str) -> None:
    assert calculate_duty(D(claim), filed_on=NEW).amount == D(duty)


@pytest.mark.parametrize(
    ("claim", "filed_on", "duty"),
    [
        pytest.param("5000", OLD, "200", id="old-minimum-200"),  # 400 × 50 %
        pytest.param("12345.67", OLD, "247", id="old-half-before-rounding"),  # 246.91
        pytest.param("100000", OLD, "1600", id="old-band-edge"),  # 3 200 × 50 %
        pytest.param("5000", NEW, "2000", id="new-minimum-2000"),  # 4 000 × 50 %
        pytest.param("300000", NEW, "5000", id="new-band-edge"),  # 10 000 × 50 %
    ],
)
def test_duty_court_order_is_half_with_minimum(
    claim: str, filed_on: date, duty: str
) -> None:
    result = calculate_duty(D(claim), filed_on=filed_on, court_order=True)
    assert (result.amount, result.citation) == (
        D(duty),
        "подп. 2 п. 1 ст. 333.19 НК РФ",
    )


def test_duty_offset_of_cancelled_order_against_lawsuit() -> None:
    # Order filed in 2024 on the old scale: 48 000 → (800 + 840) × 50 % = 820.
    # Lawsuit filed 15.01.2025 on 48 000 + 2 000 penalty = 50 000 → 4 000;
    # the 820 already paid is offset, 3 180 remains.
    order = calculate_duty(D("48000"), filed_on=date(2024, 6, 1), court_order=True)
    result = offset_cancelled_order(
        D("50000"), filed_on=date(2025, 1, 15), order_duty_paid=order.amount
    )
    assert (order.amount, result.lawsuit.amount, result.offset, result.to_pay) == (
        D("820"),
        D("4000"),
        D("820"),
        D("3180"),
    )
    assert (result.citation, result.verified) == (
        "подп. 13 п. 1 ст. 333.40 НК РФ",
        False,
    )


def test_duty_offset_never_exceeds_lawsuit_duty() -> None:
    result = offset_cancelled_order(
        D("1000"), filed_on=date(2024, 1, 10), order_duty_paid=D("900")
    )
    # Old scale: 4 % of 1 000 = 40 → minimum 400; offset capped at 400.
    assert (result.lawsuit.amount, result.offset, result.to_pay) == (
        D("400"),
        D("400"),
        D(0),
    )
    assert result.citation == "подп. 13 п. 1 ст. 333.20 НК РФ"


@pytest.mark.parametrize(
    ("claim", "filed_on", "court_order", "duty"),
    [
        pytest.param("50000", OLD, False, "2000", id="old-minimum-2000"),  # 4 % = 2 000
        pytest.param("150000", OLD, False, "5500", id="old-band-2"),  # 4 000 + 1 500
        pytest.param("50000", NEW, False, "10000", id="new-flat-10000"),
        pytest.param(
            "1000000", NEW, False, "55000", id="new-band-2-top"
        ),  # 10 000 + 45 000
        pytest.param(
            "50000", NEW, True, "8000", id="new-order-minimum-8000"
        ),  # 5 000 → 8 000
    ],
)
def test_duty_arbitration_scales(
    claim: str, filed_on: date, court_order: bool, duty: str
) -> None:
    result = calculate_duty(
        D(claim), filed_on=filed_on, court=Court.ARBITRATION, court_order=court_order
    )
    assert result.amount == D(duty)
    assert result.citation.endswith("ст. 333.21 НК РФ")


def test_duty_rejects_non_positive_claim() -> None:
    with pytest.raises(UserInputError) as caught:
        calculate_duty(D(0), filed_on=NEW)
    assert caught.value.user_message == "Цена иска «0» должна быть положительной"
