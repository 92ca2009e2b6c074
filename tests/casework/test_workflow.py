"""The claims workflow: stages, next actions, installments, limitation, links."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casework.models import Category, EventKind
from casework.workflow import (
    HistoryItem,
    Stage,
    add_months,
    check_installment,
    document_step,
    installment_schedule,
    limitation_warnings,
    next_action_for,
    stage_of,
)
from nlp.kinds import DocumentKind
from search.records import DocumentRecord

E = EventKind
AS_OF = dt.date(2021, 8, 31)


def _history(*steps: tuple[str, EventKind, str]) -> list[HistoryItem]:
    return [
        HistoryItem(
            dt.date.fromisoformat(day), event, None, "", details, "registry", ""
        )
        for day, event, details in steps
    ]


# (events, overdue debt) → (stage, since, next action, deadline)
WORKFLOW_CASES = [
    ((), "5000", Stage.DEBT, None, "Направить претензию", "2021-09-10"),
    (
        (("2021-05-10", E.CLAIM_SENT, ""),),
        "5000",
        Stage.CLAIM,
        "2021-05-10",
        "Подать заявление о выдаче судебного приказа",
        "2021-05-20",
    ),
    (
        (("2021-05-10", E.CLAIM_SENT, ""), ("2021-06-01", E.ORDER_FILED, "")),
        "5000",
        Stage.ORDER_APPLIED,
        "2021-06-01",
        "Проверить вынесение судебного приказа",
        "2021-06-06",
    ),
    (
        (("2021-06-01", E.ORDER_FILED, ""), ("2021-06-08", E.ORDER_ISSUED, "")),
        "5000",
        Stage.ORDER_ISSUED,
        "2021-06-08",
        "Получить судебный приказ и предъявить его к исполнению",
        "2021-07-08",
    ),
    (
        (("2021-06-08", E.ORDER_ISSUED, ""), ("2021-06-30", E.ORDER_CANCELLED, "")),
        "5000",
        Stage.ORDER_CANCELLED,
        "2021-06-30",
        "Подать исковое заявление",
        "2021-12-30",
    ),
    (
        (("2021-06-30", E.ORDER_CANCELLED, ""), ("2021-07-20", E.LAWSUIT_FILED, "")),
        "5000",
        Stage.LAWSUIT,
        "2021-07-20",
        "Контролировать рассмотрение иска",
        "2021-09-20",
    ),
    (
        (("2021-07-20", E.LAWSUIT_FILED, ""), ("2021-01-31", E.DECISION, "")),
        "5000",
        Stage.LAWSUIT,
        "2021-07-20",
        "Контролировать рассмотрение иска",
        "2021-09-20",
    ),
    (
        (("2021-07-20", E.LAWSUIT_FILED, ""), ("2021-08-31", E.DECISION, "")),
        "5000",
        Stage.DECISION,
        "2021-08-31",
        "Получить исполнительный лист после вступления решения в силу",
        "2021-09-30",
    ),
    (
        (("2021-08-31", E.DECISION, ""), ("2021-10-05", E.WRIT_ISSUED, "")),
        "5000",
        Stage.WRIT,
        "2021-10-05",
        "Предъявить исполнительный лист в ФССП или банк",
        "2024-10-05",
    ),
    (
        (("2021-10-05", E.WRIT_ISSUED, ""), ("2021-10-20", E.ENFORCEMENT_OPENED, "")),
        "5000",
        Stage.ENFORCEMENT,
        "2021-10-20",
        "Запросить у пристава ход исполнительного производства",
        "2021-12-20",
    ),
    (
        (
            ("2021-10-20", E.ENFORCEMENT_OPENED, ""),
            ("2022-01-15", E.ENFORCEMENT_CLOSED, "фактическое исполнение"),
        ),
        "300",
        Stage.COLLECTED,
        "2022-01-15",
        None,
        None,
    ),
    (
        (
            ("2021-10-20", E.ENFORCEMENT_OPENED, ""),
            ("2022-01-15", E.ENFORCEMENT_CLOSED, "невозможно взыскать"),
        ),
        "300",
        Stage.CLOSED,
        "2022-01-15",
        None,
        None,
    ),
    (
        (("2021-05-10", E.CLAIM_SENT, ""), ("2021-05-20", E.INSTALLMENT_SIGNED, "")),
        "5000",
        Stage.INSTALLMENT,
        "2021-05-20",
        "Проверить платёж по рассрочке",
        "2021-06-20",
    ),
    (
        (
            ("2021-05-10", E.CLAIM_SENT, ""),
            ("2021-05-20", E.INSTALLMENT_SIGNED, ""),
            ("2021-07-05", E.INSTALLMENT_BREACHED, ""),
        ),
        "5000",
        Stage.CLAIM,
        "2021-07-05",
        "Подать заявление о выдаче судебного приказа",
        "2021-07-15",
    ),
    (
        (("2021-05-10", E.CLAIM_SENT, ""), ("2021-05-12", E.NOTICE_SENT, "")),
        "0",
        Stage.COLLECTED,
        "2021-05-10",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("steps", "overdue", "stage", "since", "action", "deadline"),
    WORKFLOW_CASES,
    ids=[
        "new-debt",
        "claim",
        "order-filed",
        "order-issued",
        "order-cancelled",
        "lawsuit",
        "lawsuit-order-by-date",
        "decision",
        "writ",
        "enforcement",
        "closed-paid",
        "closed-unpaid",
        "installment",
        "installment-breached",
        "paid-up",
    ],
)
def test_workflow_events_give_stage_and_next_action(
    steps: tuple[tuple[str, EventKind, str], ...],
    overdue: str,
    stage: Stage,
    since: str | None,
    action: str | None,
    deadline: str | None,
) -> None:
    history = sorted(_history(*steps), key=lambda item: item.date)
    found, began = stage_of(history, overdue=Decimal(overdue))
    assert found is stage
    assert began == (dt.date.fromisoformat(since) if since else None)
    step = next_action_for(found, began, category=Category.HOUSEHOLD, as_of=AS_OF)
    if action is None:
        assert step is None
        return
    assert step is not None
    assert (step.action, step.deadline) == (
        action,
        dt.date.fromisoformat(deadline or ""),
    )


def test_workflow_legal_entity_waits_thirty_days_after_a_claim() -> None:
    step = next_action_for(
        Stage.CLAIM,
        dt.date(2021, 5, 10),
        category=Category.LEGAL_ENTITY,
        as_of=AS_OF,
    )
    assert step is not None
    assert (step.action, step.deadline, step.basis) == (
        "Подать заявление в арбитражный суд",
        dt.date(2021, 6, 9),
        "АПК РФ ст. 4 ч. 5",
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2021-01-31", 1, "2021-02-28"),
        ("2020-01-31", 1, "2020-02-29"),
        ("2021-11-15", 3, "2022-02-15"),
        ("2018-11-10", 36, "2021-11-10"),
    ],
)
def test_add_months_clamps_to_month_end(day: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(
        expected
    )


def test_installment_schedule_parts_and_month_ends() -> None:
    schedule = installment_schedule(dt.date(2021, 1, 31), Decimal("1000.00"), 3)
    assert schedule == [
        (dt.date(2021, 2, 28), Decimal("333.33")),
        (dt.date(2021, 3, 31), Decimal("333.33")),
        (dt.date(2021, 4, 30), Decimal("333.34")),
    ]


@pytest.mark.parametrize(
    ("payments", "breached_on", "next_due", "paid"),
    [
        (
            [("2021-02-20", "333.33"), ("2021-03-20", "333.33")],
            None,
            "2021-04-30",
            "666.66",
        ),
        ([("2021-02-20", "333.33")], "2021-03-31", None, "333.33"),
        ([("2021-02-20", "1000.00")], None, None, "1000.00"),
        ([("2021-03-05", "666.66")], "2021-02-28", None, "666.66"),
    ],
    ids=["on-schedule", "missed-second", "repaid-at-once", "late-first"],
)
def test_check_installment_finds_breaches(
    payments: list[tuple[str, str]],
    breached_on: str | None,
    next_due: str | None,
    paid: str,
) -> None:
    state = check_installment(
        "РС-1/21",
        dt.date(2021, 1, 31),
        Decimal("1000.00"),
        3,
        [(dt.date.fromisoformat(day), Decimal(amount)) for day, amount in payments],
        as_of=dt.date(2021, 4, 10),
    )
    assert state.breached_on == (
        dt.date.fromisoformat(breached_on) if breached_on else None
    )
    assert state.next_due == (dt.date.fromisoformat(next_due) if next_due else None)
    assert state.paid == Decimal(paid)


def test_limitation_warns_per_monthly_charge() -> None:
    charges = [
        ("2018-06", Decimal("1000.00"), None),
        ("2018-07", Decimal("1000.00"), None),
        ("2018-08", Decimal("1000.00"), dt.date(2018, 9, 15)),
        ("2019-12", Decimal("1000.00"), None),
    ]
    warnings = limitation_warnings(
        charges, Decimal("400.00"), [], as_of=dt.date(2021, 7, 1), horizon_days=90
    )
    assert [(w.period, w.unpaid, w.expires_on, w.days_left) for w in warnings] == [
        ("2018-06", Decimal("600.00"), dt.date(2021, 7, 10), 9),
        ("2018-07", Decimal("1000.00"), dt.date(2021, 8, 10), 40),
        ("2018-08", Decimal("1000.00"), dt.date(2021, 9, 15), 76),
    ]


def test_limitation_stops_for_charges_claimed_in_court() -> None:
    charges = [
        ("2018-06", Decimal("1000.00"), None),
        ("2018-09", Decimal("1000.00"), None),
    ]
    warnings = limitation_warnings(
        charges,
        Decimal("0.00"),
        [dt.date(2018, 8, 1)],
        as_of=dt.date(2021, 7, 1),
        horizon_days=200,
    )
    assert [w.period for w in warnings] == ["2018-09"]


def _record(kind: DocumentKind, title: str, text: str) -> DocumentRecord:
    return DocumentRecord(
        id="d1",
        title=title,
        kind=kind,
        date=dt.date(2021, 6, 1),
        text=text,
        lemmas="",
        title_lemmas="",
        source="d1.pdf",
        file_sha256="0" * 64,
        format="pdf",
    )


@pytest.mark.parametrize(
    ("kind", "title", "text", "step"),
    [
        (DocumentKind.COURT_ORDER, "Судебный приказ № 2-1/2021", "", "court_order"),
        (DocumentKind.COURT_DECISION, "Решение № 2-5/2021", "", "court_decision"),
        (
            DocumentKind.RULING,
            "Определение",
            "об отмене судебного приказа по делу № 2-1/2021",
            "order_cancellation",
        ),
        (DocumentKind.RULING, "Определение", "о возврате искового заявления", None),
        (DocumentKind.STATUTE_ARTICLE, "ст. 544 ГК РФ", "", None),
    ],
    ids=["order", "decision", "cancellation", "other-ruling", "statute"],
)
def test_document_step_of_court_acts(
    kind: DocumentKind, title: str, text: str, step: str | None
) -> None:
    assert document_step(_record(kind, title, text)) == step
