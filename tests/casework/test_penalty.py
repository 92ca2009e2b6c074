"""Tests for casework.penalty: worked examples computed by hand.

Conventions in the comments: "day N" is the N-th calendar day after the due date;
the penalty runs from day 31 (1/300) and from day 91 (1/130) up to and including
the payment or calculation day. Key rates come from casework/data/key_rates.csv.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casework.penalty import (
    Charge,
    Payment,
    PaymentAllocation,
    PenaltyCalculation,
    PenaltyOptions,
    RateChoice,
    calculate_penalty,
    format_amount,
)

D = Decimal
JAN_2021 = date(2021, 1, 1)  # due 10.02.2021; day 31 = 13.03.2021; day 91 = 12.05.2021
PP_497 = "ПП РФ от 28.03.2022 № 497"


def _rows(result: PenaltyCalculation) -> list[tuple[str, str, int, str, str, str]]:
    return [
        (
            f"{line.start:%d.%m.%Y}",
            f"{line.end:%d.%m.%Y}",
            line.days,
            str(line.rate),
            line.fraction,
            str(line.penalty),
        )
        for line in result.lines
    ]


def _one_charge(
    amount: str,
    period: date,
    *,
    paid_on: date | None,
    calculation_date: date,
    rate_choice: RateChoice = RateChoice.PAYMENT_DATE,
    **options: object,
) -> PenaltyCalculation:
    payments = [Payment(paid_on, D(amount))] if paid_on else []
    return calculate_penalty(
        [Charge(period, D(amount))],
        payments,
        calculation_date=calculation_date,
        options=PenaltyOptions(rate_choice=rate_choice, **options),  # type: ignore[arg-type]
    )


def test_penalty_first_30_days_accrue_nothing() -> None:
    # Due 10.02.2021; 12.03.2021 is day 30: no line at all.
    result = _one_charge(
        "10000", JAN_2021, paid_on=None, calculation_date=date(2021, 3, 12)
    )
    assert (result.lines, result.total, result.debt) == ((), D("0.00"), D("10000"))


def test_penalty_day_31_is_the_first_line() -> None:
    # 13.03.2021 is day 31; rate on the calculation day 13.03.2021 = 4.25 %.
    # 10 000 × 1 × 4.25 % / 300 = 1.41666… → 1.42
    result = _one_charge(
        "10000", JAN_2021, paid_on=None, calculation_date=date(2021, 3, 13)
    )
    assert _rows(result) == [("13.03.2021", "13.03.2021", 1, "4.25", "1/300", "1.42")]


def test_penalty_1_300_band_up_to_day_90() -> None:
    # Paid 11.05.2021 = day 90; rate on the payment day 11.05.2021 = 5.00 %.
    # days 31–90 = 13.03–11.05 = 19 + 30 + 11 = 60 days
    # 10 000 × 60 × 5.00 % / 300 = 100.00
    result = _one_charge(
        "10000", JAN_2021, paid_on=date(2021, 5, 11), calculation_date=date(2021, 7, 1)
    )
    assert _rows(result) == [
        ("13.03.2021", "11.05.2021", 60, "5.00", "1/300", "100.00")
    ]
    assert (result.total, result.debt, result.paid) == (D("100.00"), D(0), D("10000"))


def test_penalty_1_130_band_from_day_91() -> None:
    # Paid 15.06.2021; rate on the payment day = 5.50 % (from 15.06.2021).
    # days 31–90: 60 days × 10 000 × 5.50 % / 300 = 110.00
    # days 91–: 12.05–15.06 = 20 + 15 = 35 days × 10 000 × 5.50 % / 130
    #           = 148.0769… → 148.08
    # total 110.00 + 148.08 = 258.08
    result = _one_charge(
        "10000", JAN_2021, paid_on=date(2021, 6, 15), calculation_date=date(2021, 7, 1)
    )
    assert _rows(result) == [
        ("13.03.2021", "11.05.2021", 60, "5.50", "1/300", "110.00"),
        ("12.05.2021", "15.06.2021", 35, "5.50", "1/130", "148.08"),
    ]
    assert result.total == D("258.08")
    assert result.lines[1].formula == "10 000,00 × 35 × 1/130 × 5,50 %"


def test_penalty_cap_9_5_after_28_february_2022() -> None:
    # December 2021 charge, due 10.01.2022; day 31 = 10.02.2022; day 91 = 11.04.2022.
    # Paid 10.06.2022: key rate that day 11.00 %, capped by ПП 474 to 9.50 %.
    # 10.02–10.04 = 19 + 31 + 10 = 60 days × 10 000 × 9.5 % / 300 = 190.00
    # 11.04–10.06 = 20 + 31 + 10 = 61 days × 10 000 × 9.5 % / 130 = 445.769… → 445.77
    result = _one_charge(
        "10000",
        date(2021, 12, 1),
        paid_on=date(2022, 6, 10),
        calculation_date=date(2022, 7, 1),
    )
    assert _rows(result) == [
        ("10.02.2022", "10.04.2022", 60, "9.50", "1/300", "190.00"),
        ("11.04.2022", "10.06.2022", 61, "9.50", "1/130", "445.77"),
    ]
    assert result.total == D("635.77")


def test_penalty_without_cap_uses_full_key_rate() -> None:
    # Same as above at 11.00 %: 10 000 × 60 × 11 % / 300 = 220.00;
    # 10 000 × 61 × 11 % / 130 = 516.153… → 516.15; total 736.15
    result = _one_charge(
        "10000",
        date(2021, 12, 1),
        paid_on=date(2022, 6, 10),
        calculation_date=date(2022, 7, 1),
        apply_caps=False,
    )
    assert result.total == D("736.15")


def test_penalty_excludes_moratorium_424_by_default() -> None:
    # January 2020 charge, due 10.02.2020 (2020 is a leap year);
    # day 31 = 12.03.2020, day 91 = 11.05.2020. ПП 424: nothing 06.04–31.12.2020.
    # Paid 15.01.2021, rate that day 4.25 %.
    # 12.03–05.04.2020 = 20 + 5 = 25 days × 10 000 × 4.25 % / 300 = 35.4166… → 35.42
    # 01.01–15.01.2021 = 15 days (1/130: long past day 91)
    #   × 10 000 × 4.25 % / 130 = 49.038… → 49.04
    # total 84.46
    result = _one_charge(
        "10000",
        date(2020, 1, 1),
        paid_on=date(2021, 1, 15),
        calculation_date=date(2021, 2, 1),
    )
    assert _rows(result) == [
        ("12.03.2020", "05.04.2020", 25, "4.25", "1/300", "35.42"),
        ("01.01.2021", "15.01.2021", 15, "4.25", "1/130", "49.04"),
    ]
    assert result.total == D("84.46")


def test_penalty_counts_moratorium_424_when_switched_off() -> None:
    # No windows: 12.03–10.05.2020 = 20 + 30 + 10 = 60 days at 1/300 = 85.00;
    # 11.05.2020–15.01.2021 = 21+30+31+31+30+31+30+31 + 15 = 250 days at 1/130
    #   × 10 000 × 4.25 % = 817.307… → 817.31; total 902.31
    result = _one_charge(
        "10000",
        date(2020, 1, 1),
        paid_on=date(2021, 1, 15),
        calculation_date=date(2021, 2, 1),
        moratoria=frozenset(),
    )
    assert [line.days for line in result.lines] == [60, 250]
    assert result.total == D("902.31")


def test_penalty_excludes_moratorium_497_when_asked() -> None:
    # January 2022 charge, due 10.02.2022; day 31 = 13.03.2022; day 91 = 12.05.2022.
    # ПП 497 window 01.04–01.10.2022, charge period before April 2022: excluded.
    # Paid 10.11.2022, rate that day 7.50 % (under the 9.5 % cap).
    # 13.03–31.03 = 19 days × 10 000 × 7.5 % / 300 = 47.50
    # 02.10–10.11 = 30 + 10 = 40 days × 10 000 × 7.5 % / 130 = 230.769… → 230.77
    result = _one_charge(
        "10000",
        date(2022, 1, 1),
        paid_on=date(2022, 11, 10),
        calculation_date=date(2022, 12, 1),
        moratoria=frozenset({PP_497}),
    )
    assert _rows(result) == [
        ("13.03.2022", "31.03.2022", 19, "7.50", "1/300", "47.50"),
        ("02.10.2022", "10.11.2022", 40, "7.50", "1/130", "230.77"),
    ]


def test_penalty_moratorium_497_spares_charges_after_march_2022() -> None:
    # April 2022 charge (due 10.05.2022) arose after the moratorium began: the
    # window is not excluded for it, so its first line starts on day 31 = 10.06.2022
    # and runs without a gap into day 91 = 09.08.2022.
    result = _one_charge(
        "10000",
        date(2022, 4, 1),
        paid_on=date(2022, 11, 10),
        calculation_date=date(2022, 12, 1),
        moratoria=frozenset({PP_497}),
    )
    assert [(f"{x.start:%d.%m}", f"{x.end:%d.%m}") for x in result.lines] == [
        ("10.06", "08.08"),
        ("09.08", "10.11"),
    ]


def test_penalty_due_date_moves_to_15th_from_march_2026_charge() -> None:
    # February 2026 charge: due 10.03.2026, day 31 = 10.04.2026.
    # March 2026 charge: due 15.04.2026, day 30 = 15.05.2026, day 31 = 16.05.2026.
    # Calculation day 16.05.2026: key rate 14.50 % (unverified row), capped 9.50 %.
    # February: 10.04–16.05 = 21 + 16 = 37 days × 10 000 × 9.5 % / 300
    #           = 117.166… → 117.17
    # March:    16.05 only = 1 day × 10 000 × 9.5 % / 300 = 3.166… → 3.17
    result = calculate_penalty(
        [Charge(date(2026, 2, 1), D("10000")), Charge(date(2026, 3, 1), D("10000"))],
        [],
        calculation_date=date(2026, 5, 16),
        options=PenaltyOptions(rate_choice=RateChoice.CALCULATION_DATE),
    )
    assert _rows(result) == [
        ("10.04.2026", "16.05.2026", 37, "9.50", "1/300", "117.17"),
        ("16.05.2026", "16.05.2026", 1, "9.50", "1/300", "3.17"),
    ]
    assert any("key rate from 27.04.2026" in s for s in result.unverified_sources)
    assert any("due date 2026-03" in s for s in result.unverified_sources)


@pytest.mark.parametrize(
    ("allocation", "expected_rows", "total"),
    [
        pytest.param(
            PaymentAllocation.OLDEST_FIRST,
            # January takes 1 000 (paid 15.04), February 500 paid + 500 unpaid.
            # Jan 13.03–15.04 = 19 + 15 = 34 days × 1 000 × 5 % / 300 = 5.666… → 5.67
            # Feb 10.04–15.04 = 6 days × 500 × 5 % / 300 = 0.50
            # Feb 10.04–30.04 = 21 days × 500 × 5 % / 300 = 1.75
            [
                ("2021-01", "1000", 34, "5.67"),
                ("2021-02", "500", 6, "0.50"),
                ("2021-02", "500", 21, "1.75"),
            ],
            "7.92",
            id="oldest-first",
        ),
        pytest.param(
            PaymentAllocation.NAMED_PERIOD_FIRST,
            # The payer named February: it takes 1 000, January the other 500.
            # Jan 13.03–15.04 = 34 days × 500 × 5 % / 300 = 2.833… → 2.83
            # Jan 13.03–30.04 = 19 + 30 = 49 days × 500 × 5 % / 300 = 4.083… → 4.08
            # Feb 10.04–15.04 = 6 days × 1 000 × 5 % / 300 = 1.00
            [
                ("2021-01", "500", 34, "2.83"),
                ("2021-01", "500", 49, "4.08"),
                ("2021-02", "1000", 6, "1.00"),
            ],
            "7.91",
            id="named-period",
        ),
    ],
)
def test_penalty_partial_payment_allocation(
    allocation: PaymentAllocation,
    expected_rows: list[tuple[str, str, int, str]],
    total: str,
) -> None:
    # Charges: January and February 2021, 1 000 each (due 10.02 and 10.03;
    # day 31 = 13.03 and 10.04). One payment of 1 500 on 15.04.2021 naming
    # February. Rate of the calculation day 30.04.2021 = 5.00 %.
    result = calculate_penalty(
        [Charge(date(2021, 1, 1), D("1000")), Charge(date(2021, 2, 1), D("1000"))],
        [Payment(date(2021, 4, 15), D("1500"), period=date(2021, 2, 1))],
        calculation_date=date(2021, 4, 30),
        options=PenaltyOptions(
            rate_choice=RateChoice.CALCULATION_DATE, allocation=allocation
        ),
    )
    rows = [
        (f"{x.period:%Y-%m}", str(x.debt), x.days, str(x.penalty)) for x in result.lines
    ]
    assert rows == expected_rows
    assert (result.total, result.debt, result.paid) == (D(total), D("500"), D("1500"))


def test_penalty_rate_on_payment_day_versus_judgment_day() -> None:
    # Same debt as the 1/130 example, paid 15.06.2021 (5.50 % → 258.08).
    # Judgment on 01.03.2022: rate 20 % that day, capped by ПП 474 to 9.5 %:
    # 60 × 10 000 × 9.5 % / 300 = 190.00; 35 × 10 000 × 9.5 % / 130 = 255.769… → 255.77
    # total 445.77; without the cap at 20 %: 400.00 + 538.461… → 538.46 = 938.46
    paid, judged = date(2021, 6, 15), date(2022, 3, 1)
    on_payment = _one_charge("10000", JAN_2021, paid_on=paid, calculation_date=judged)
    on_judgment = _one_charge(
        "10000",
        JAN_2021,
        paid_on=paid,
        calculation_date=judged,
        rate_choice=RateChoice.CALCULATION_DATE,
    )
    uncapped = _one_charge(
        "10000",
        JAN_2021,
        paid_on=paid,
        calculation_date=judged,
        rate_choice=RateChoice.CALCULATION_DATE,
        apply_caps=False,
    )
    assert (on_payment.total, on_judgment.total, uncapped.total) == (
        D("258.08"),
        D("445.77"),
        D("938.46"),
    )


def test_penalty_per_period_splits_at_rate_changes() -> None:
    # Same debt, rate of each day: 4.25 % to 21.03, 4.50 % from 22.03,
    # 5.00 % from 26.04, 5.50 % from 15.06.
    # 13.03–21.03  9 d × 10 000 × 4.25 % / 300 = 12.75
    # 22.03–25.04 35 d × 4.50 % / 300 = 52.50
    # 26.04–11.05 16 d × 5.00 % / 300 = 26.666… → 26.67
    # 12.05–14.06 34 d × 5.00 % / 130 = 130.769… → 130.77
    # 15.06–15.06  1 d × 5.50 % / 130 = 4.230… → 4.23
    result = _one_charge(
        "10000",
        JAN_2021,
        paid_on=date(2021, 6, 15),
        calculation_date=date(2021, 7, 1),
        rate_choice=RateChoice.PER_PERIOD,
    )
    assert [str(x.penalty) for x in result.lines] == [
        "12.75",
        "52.50",
        "26.67",
        "130.77",
        "4.23",
    ]
    assert result.total == D("226.92")


def test_penalty_rounds_each_line_half_up_to_kopecks() -> None:
    # 600 × 1 × 4.25 % / 300 = 0.085 exactly: ROUND_HALF_UP gives 0.09
    # (banker's rounding would give 0.08).
    result = _one_charge(
        "600", JAN_2021, paid_on=None, calculation_date=date(2021, 3, 13)
    )
    assert [line.penalty for line in result.lines] == [D("0.09")]


def test_penalty_ignores_payments_after_calculation_day_and_reports_overpayment() -> (
    None
):
    result = calculate_penalty(
        [Charge(JAN_2021, D("100"))],
        [Payment(date(2021, 2, 1), D("150")), Payment(date(2021, 9, 1), D("999"))],
        calculation_date=date(2021, 6, 1),
    )
    assert (result.lines, result.paid, result.unapplied) == ((), D("100"), D("50"))


def test_format_amount_groups_thousands_with_comma_kopecks() -> None:
    assert format_amount(D("1234567.8")) == "1 234 567,80"
