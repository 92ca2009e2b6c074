"""The ПП 354 procedure as a table of dated scenarios.

Every scenario is one household with a norm of 1 000 roubles a month, warned on
01.06.2021 of a debt of 5 000 roubles; the warning is delivered on 05.06.2021
unless the scenario says otherwise, so the 20 days end on 25.06.2021 (day 20)
and restriction is allowed from 26.06.2021 (day 21).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from casework.models import Category, EventKind, Meter
from casework.restriction.procedure import (
    AccountFacts,
    Fact,
    Flag,
    Measure,
    Paid,
    Stage,
    procedures_of,
)
from casework.restriction.rules import Parameter, load_rules

SENT = dt.date(2021, 6, 1)
DELIVERED = dt.date(2021, 6, 5)
DEBT = Decimal("5000.00")


def day(text: str) -> dt.date:
    """«26.06.2021» as a date."""
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


def on_day(number: int) -> dt.date:
    """The day ``number`` of the 20 days counted from delivery."""
    return DELIVERED + dt.timedelta(days=number)


@dataclass(frozen=True)
class Scenario:
    """Facts after the warning, the date of reading, and what must come out."""

    meter: Meter
    facts: tuple[tuple[dt.date, EventKind], ...]
    payments: tuple[tuple[dt.date, str], ...]
    as_of: dt.date
    stage: Stage
    deadline: dt.date | None = DELIVERED + dt.timedelta(days=20)
    restriction_from: dt.date | None = DELIVERED + dt.timedelta(days=21)
    suspension_from: dt.date | None = None
    resumption_due: dt.date | None = None
    flags: tuple[Flag, ...] = ()
    step: tuple[Measure | None, dt.date | None] | None = None
    delivered: bool = True
    agreement: tuple[dt.date, dt.date | None] | None = None
    extra: dict[str, object] = field(default_factory=dict)


SCENARIOS = {
    "pays-on-day-19-no-restriction": Scenario(
        Meter.SMART,
        (),
        ((on_day(19), "5000.00"),),
        day("31.07.2021"),
        Stage.PAID,
    ),
    "pays-on-day-20-the-last-day": Scenario(
        Meter.CONVENTIONAL,
        (),
        ((on_day(20), "3000.00"), (on_day(20), "2000.00")),
        day("31.07.2021"),
        Stage.PAID,
    ),
    "partial-payment-leaves-restriction-due": Scenario(
        Meter.SMART,
        (),
        ((on_day(10), "4999.99"),),
        on_day(21),
        Stage.RESTRICTION_DUE,
        step=(Measure.REMOTE_LIMIT, day("26.06.2021")),
    ),
    "waiting-on-day-20": Scenario(
        Meter.SMART,
        (),
        (),
        on_day(20),
        Stage.AWAITING_DEADLINE,
        step=(None, day("25.06.2021")),
    ),
    "pays-on-day-21-restricted-then-resumed-in-time": Scenario(
        Meter.SMART,
        ((on_day(21), EventKind.RESTRICTED), (day("28.06.2021"), EventKind.RESUMED)),
        ((on_day(21), "5000.00"),),
        day("31.07.2021"),
        Stage.RESUMED,
        suspension_from=day("07.07.2021"),
        resumption_due=day("28.06.2021"),
    ),
    "pays-on-day-21-resumption-due": Scenario(
        Meter.SMART,
        ((on_day(21), EventKind.RESTRICTED),),
        ((on_day(21), "5000.00"),),
        day("28.06.2021"),
        Stage.RESUMPTION_DUE,
        suspension_from=day("07.07.2021"),
        resumption_due=day("28.06.2021"),
        step=(Measure.REMOTE_RECONNECT, day("28.06.2021")),
    ),
    "pays-on-day-21-resumption-overdue": Scenario(
        Meter.SMART,
        ((on_day(21), EventKind.RESTRICTED),),
        ((on_day(21), "5000.00"),),
        day("29.06.2021"),
        Stage.RESUMPTION_DUE,
        suspension_from=day("07.07.2021"),
        resumption_due=day("28.06.2021"),
        flags=(Flag.RESUMPTION_OVERDUE,),
        step=(Measure.REMOTE_RECONNECT, day("28.06.2021")),
    ),
    "pays-on-day-21-resumed-late": Scenario(
        Meter.CONVENTIONAL,
        ((on_day(21), EventKind.SUSPENDED), (day("30.06.2021"), EventKind.RESUMED)),
        ((on_day(21), "5000.00"),),
        day("31.07.2021"),
        Stage.RESUMED,
        resumption_due=day("28.06.2021"),
        flags=(Flag.RESUMED_LATE,),
    ),
    "smart-restricted-ten-days-then-suspension-due": Scenario(
        Meter.SMART,
        ((on_day(21), EventKind.RESTRICTED),),
        (),
        day("07.07.2021"),
        Stage.SUSPENSION_DUE,
        suspension_from=day("07.07.2021"),
        step=(Measure.REMOTE_DISCONNECT, day("07.07.2021")),
    ),
    "smart-restricted-day-ten-still-restricted": Scenario(
        Meter.SMART,
        ((on_day(21), EventKind.RESTRICTED),),
        (),
        day("06.07.2021"),
        Stage.RESTRICTED,
        suspension_from=day("07.07.2021"),
        step=(Measure.REMOTE_DISCONNECT, day("07.07.2021")),
    ),
    "smart-suspended-then-pays": Scenario(
        Meter.SMART,
        (
            (on_day(21), EventKind.RESTRICTED),
            (day("07.07.2021"), EventKind.SUSPENDED),
        ),
        ((day("10.07.2021"), "5000.00"),),
        day("11.07.2021"),
        Stage.RESUMPTION_DUE,
        suspension_from=day("07.07.2021"),
        resumption_due=day("12.07.2021"),
        step=(Measure.REMOTE_RECONNECT, day("12.07.2021")),
    ),
    "conventional-meter-gets-a-field-crew": Scenario(
        Meter.CONVENTIONAL,
        (),
        (),
        on_day(25),
        Stage.RESTRICTION_DUE,
        step=(Measure.FIELD_SUSPENSION, day("26.06.2021")),
    ),
    "no-meter-gets-a-field-crew": Scenario(
        Meter.NONE,
        ((on_day(22), EventKind.SUSPENDED),),
        (),
        on_day(30),
        Stage.SUSPENDED,
    ),
    "signs-agreement-before-deadline": Scenario(
        Meter.SMART,
        ((on_day(15), EventKind.INSTALLMENT_SIGNED),),
        (),
        day("15.07.2021"),
        Stage.AGREEMENT,
        agreement=(day("20.06.2021"), None),
    ),
    "signs-agreement-then-breaches-it": Scenario(
        Meter.SMART,
        (
            (on_day(15), EventKind.INSTALLMENT_SIGNED),
            (day("03.08.2021"), EventKind.INSTALLMENT_BREACHED),
        ),
        (),
        day("10.08.2021"),
        Stage.BREACHED,
        agreement=(day("20.06.2021"), day("03.08.2021")),
    ),
    "restricted-then-signs-agreement": Scenario(
        Meter.SMART,
        (
            (on_day(21), EventKind.RESTRICTED),
            (day("01.07.2021"), EventKind.INSTALLMENT_SIGNED),
        ),
        (),
        day("02.07.2021"),
        Stage.RESUMPTION_DUE,
        suspension_from=day("07.07.2021"),
        resumption_due=day("03.07.2021"),
        step=(Measure.REMOTE_RECONNECT, day("03.07.2021")),
        agreement=(day("01.07.2021"), None),
    ),
    "never-delivered-no-restriction-allowed": Scenario(
        Meter.SMART,
        (),
        (),
        day("31.12.2021"),
        Stage.AWAITING_DELIVERY,
        deadline=None,
        restriction_from=None,
        step=(None, None),
        delivered=False,
    ),
    "never-delivered-but-restricted-is-flagged": Scenario(
        Meter.SMART,
        ((day("01.07.2021"), EventKind.RESTRICTED),),
        (),
        day("02.07.2021"),
        Stage.RESTRICTED,
        deadline=None,
        restriction_from=None,
        suspension_from=day("12.07.2021"),
        flags=(Flag.WITHOUT_DELIVERY,),
        step=(Measure.REMOTE_DISCONNECT, day("12.07.2021")),
        delivered=False,
    ),
    "restricted-on-day-20-is-flagged": Scenario(
        Meter.SMART,
        ((on_day(20), EventKind.RESTRICTED),),
        (),
        on_day(21),
        Stage.RESTRICTED,
        suspension_from=day("06.07.2021"),
        flags=(Flag.BEFORE_DEADLINE,),
        step=(Measure.REMOTE_DISCONNECT, day("06.07.2021")),
    ),
    "restricted-after-repayment-is-flagged": Scenario(
        Meter.SMART,
        ((on_day(23), EventKind.RESTRICTED),),
        ((on_day(22), "5000.00"),),
        on_day(23),
        Stage.RESUMPTION_DUE,
        suspension_from=day("09.07.2021"),
        resumption_due=day("30.06.2021"),
        flags=(Flag.AFTER_REPAYMENT,),
        step=(Measure.REMOTE_RECONNECT, day("30.06.2021")),
    ),
}


def _facts(scenario: Scenario, *, sent: dt.date, delivered: dt.date) -> AccountFacts:
    facts = [Fact(sent, EventKind.NOTICE_SENT, DEBT, row_id=1)]
    if scenario.delivered:
        facts.append(Fact(delivered, EventKind.NOTICE_DELIVERED, row_id=2))
    for number, (when, event) in enumerate(scenario.facts, start=3):
        facts.append(Fact(when, event, row_id=number))
    facts.sort(key=lambda f: f.day)
    payments = tuple(
        Paid(when, Decimal(amount), row_id=n)
        for n, (when, amount) in enumerate(scenario.payments, start=1)
    )
    return AccountFacts(
        "3100000001",
        Category.HOUSEHOLD,
        scenario.meter,
        Decimal("1000.00"),
        tuple(facts),
        payments,
    )


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_procedures_of_dated_scenarios(name: str) -> None:
    scenario = SCENARIOS[name]
    facts = _facts(scenario, sent=SENT, delivered=DELIVERED)

    (procedure,) = procedures_of(facts, as_of=scenario.as_of, rules=load_rules())

    assert procedure.stage is scenario.stage
    assert procedure.deadline == scenario.deadline
    assert procedure.restriction_from == scenario.restriction_from
    assert procedure.suspension_from == scenario.suspension_from
    assert procedure.resumption_due == scenario.resumption_due
    assert procedure.flags == scenario.flags
    if scenario.step is None:
        assert procedure.next_step is None
    else:
        assert procedure.next_step is not None
        assert (procedure.next_step.measure, procedure.next_step.due) == scenario.step
    if scenario.agreement is not None:
        assert (procedure.agreement_on, procedure.breached_on) == scenario.agreement
    assert procedure.row_ids == tuple(f.row_id for f in facts.facts)


@pytest.mark.parametrize(
    ("as_of", "stage", "restriction_from", "flags"),
    [
        (day("06.04.2020"), Stage.AWAITING_DEADLINE, day("01.01.2021"), ()),
        (day("15.06.2020"), Stage.BARRED, day("01.01.2021"), ()),
        (day("31.12.2020"), Stage.BARRED, day("01.01.2021"), ()),
        (day("01.01.2021"), Stage.RESTRICTION_DUE, day("01.01.2021"), ()),
    ],
    ids=["deadline-inside", "barred", "last-day-barred", "first-day-after"],
)
def test_procedures_of_moratorium_moves_restriction_past_the_window(
    as_of: dt.date, stage: Stage, restriction_from: dt.date, flags: tuple[Flag, ...]
) -> None:
    scenario = Scenario(Meter.SMART, (), (), as_of, stage)
    facts = _facts(scenario, sent=day("10.03.2020"), delivered=day("20.03.2020"))

    (procedure,) = procedures_of(facts, as_of=as_of, rules=load_rules())

    assert procedure.deadline == day("09.04.2020")
    assert (procedure.stage, procedure.restriction_from) == (stage, restriction_from)
    assert procedure.flags == flags


def test_procedures_of_restriction_inside_moratorium_is_flagged() -> None:
    scenario = Scenario(
        Meter.SMART,
        ((day("01.05.2020"), EventKind.RESTRICTED),),
        (),
        day("2.05.2020"),
        Stage.RESTRICTED,
    )
    facts = _facts(scenario, sent=day("10.03.2020"), delivered=day("20.03.2020"))

    (procedure,) = procedures_of(facts, as_of=day("02.05.2020"), rules=load_rules())

    assert procedure.flags == (Flag.IN_MORATORIUM,)
    assert procedure.suspension_from == day("01.01.2021")


def test_procedures_of_each_warning_reads_its_own_facts() -> None:
    facts = AccountFacts(
        "3100000002",
        Category.HOUSEHOLD,
        Meter.SMART,
        Decimal("1000.00"),
        (
            Fact(
                day("01.02.2021"), EventKind.NOTICE_SENT, Decimal("3000.00"), row_id=1
            ),
            Fact(day("03.02.2021"), EventKind.NOTICE_DELIVERED, row_id=2),
            Fact(
                day("01.06.2021"), EventKind.NOTICE_SENT, Decimal("4000.00"), row_id=3
            ),
        ),
        (Paid(day("10.02.2021"), Decimal("3000.00")),),
    )

    first, second = procedures_of(facts, as_of=day("30.06.2021"), rules=load_rules())

    assert (first.stage, first.paid_on) == (Stage.PAID, day("10.02.2021"))
    assert (second.stage, second.delivered_on) == (Stage.AWAITING_DELIVERY, None)
    assert second.row_ids == (3,)


def test_load_rules_values_sources_and_cost_cap_change() -> None:
    rules = load_rules()
    july = rules.on(day("01.07.2021"))
    assert (july.threshold_months, july.warning_days) == (2, 20)
    assert (july.suspension_after_days, july.resumption_days) == (10, 2)
    assert july.cost_cap == Decimal("1000")
    assert rules.on(day("27.12.2025")).cost_cap == Decimal("5000")
    assert rules.on(day("26.12.2025")).cost_cap == Decimal("1000")
    assert [(w.first, w.last, w.act) for w in rules.windows] == [
        (day("06.04.2020"), day("31.12.2020"), "ПП РФ от 02.04.2020 № 424")
    ]
    assert rules.row(Parameter.WARNING_DAYS, day("01.07.2021")).source.startswith(
        "04.rospotrebnadzor.ru"
    )
    assert not rules.row(Parameter.RESUMPTION_ON_AGREEMENT, day("01.07.2021")).verified
