"""The procedure on the store (SQLite and a real PostgreSQL): candidates with their
reasons, warnings sent and delivered, orders, the command log and status files.

Accounts of the small registry (norm 1 000 roubles, so the threshold is 2 000):
100 smart, owes 5 000 and paid 500 on 02.07; 101 conventional meter, owes 3 000;
102 owes 1 500; 103 is a company; 104 signed an agreement on 15.06; 105 breached
one; 106 was warned on 25.06, the warning was delivered on 28.06, and it paid
on 10.07.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from casework.metering import FileDropClient, read_status_file
from casework.models import DebtorEvent, EventKind, ImportBatch, RegistryKind
from casework.registry import ImportStatus, import_bytes, trace_rows
from casework.restriction.candidates import Reason, select_candidates
from casework.restriction.models import CommandState, OrderStatus
from casework.restriction.procedure import Flag, Measure, Stage
from casework.restriction.store import (
    Channel,
    apply_statuses,
    execute_field_order,
    issue_orders,
    order_log,
    record_deliveries,
    restriction_queue,
    send_warnings,
)
from lexdesk.database import Database

ACCOUNTS = (
    "account,full_name,address,category,meter,norm_monthly_charge\n"
    "100,Ветлов Олег Юрьевич,г. Светлоград,household,smart,1000\n"
    "101,Лапина Ольга Сергеевна,г. Светлоград,household,conventional,1000\n"
    "102,Гуляев Игорь Олегович,г. Светлоград,household,smart,1000\n"
    "103,ООО «Вектор-Агро»,пос. Новосветлый,legal_entity,smart,20000\n"
    "104,Сухарев Павел Андреевич,г. Светлоград,household,smart,1000\n"
    "105,Зимогорова Дарья Юрьевна,с. Заречное,household,conventional,1000\n"
    "106,Ветлова Елена Викторовна,с. Заречное,household,smart,1000\n"
)
BALANCES = (
    "account,as_of,debt,overdue_debt\n"
    "100,2020-05-31,5000,5000\n"
    "100,2021-06-30,6000,5000\n"
    "101,2021-06-30,4000,3000\n"
    "102,2021-06-30,2500,1500\n"
    "103,2021-06-30,90000,90000\n"
    "104,2021-06-30,6000,6000\n"
    "105,2021-06-30,6000,6000\n"
    "106,2021-06-30,7000,7000\n"
)
PAYMENTS = (
    "account,paid_on,amount,channel,ref\n"
    "100,2021-07-02,500,voluntary,\n"
    "106,2021-07-10,7000,voluntary,\n"
)
EVENTS = (
    "account,date,event,amount,ref,details\n"
    "104,2021-06-15,installment_signed,6000,РС-1/21,6 мес.\n"
    "105,2021-04-10,installment_signed,6000,РС-2/21,3 мес.\n"
    "105,2021-06-03,installment_breached,,РС-2/21,\n"
    "106,2021-06-25,notice_sent,7000,,заказное письмо с уведомлением\n"
    "106,2021-06-28,notice_delivered,,,\n"
)
JULY_5 = dt.date(2021, 7, 5)


def _load(store: Database) -> None:
    for kind, text in (
        (RegistryKind.ACCOUNTS, ACCOUNTS),
        (RegistryKind.BALANCES, BALANCES),
        (RegistryKind.PAYMENTS, PAYMENTS),
        (RegistryKind.EVENTS, EVENTS),
    ):
        report = import_bytes(store, kind, text.encode(), name=f"{kind.value}.csv")
        assert report.status is ImportStatus.APPLIED, report.errors


def test_select_candidates_with_exact_reasons(store: Database) -> None:
    _load(store)
    with store.session() as session:
        decisions = select_candidates(session, on=JULY_5, include_excluded=True)

    assert [(d.account, d.selected, d.reason, d.debt) for d in decisions] == [
        ("105", True, Reason.SELECTED_AFTER_BREACH, Decimal("6000.00")),
        ("100", True, Reason.SELECTED, Decimal("4500.00")),
        ("101", True, Reason.SELECTED, Decimal("3000.00")),
        ("103", False, Reason.LEGAL_ENTITY, Decimal("90000.00")),
        ("106", False, Reason.IN_PROCEDURE, Decimal("7000.00")),
        ("104", False, Reason.ACTIVE_AGREEMENT, Decimal("6000.00")),
        ("102", False, Reason.BELOW_THRESHOLD, Decimal("1500.00")),
    ]
    text = {d.account: d.text for d in decisions}
    assert text["100"] == (
        "долг 4 500,00 руб. превышает 2 ежемесячных размеров платы по нормативу "
        "(2 × 1 000,00 = 2 000,00 руб.), п. 118 ПП № 354"
    )
    assert text["102"] == (
        "долг 1 500,00 руб. не превышает 2 ежемесячных размеров платы по нормативу "
        "(2 × 1 000,00 = 2 000,00 руб.), п. 118 ПП № 354"
    )
    assert text["105"].endswith("; соглашение № РС-2/21 нарушено 31.05.2021")
    assert text["104"] == (
        "действует соглашение о погашении задолженности № РС-1/21 от 15.06.2021"
    )
    assert text["106"] == (
        "идёт процедура по предупреждению от 25.06.2021: идёт срок оплаты после "
        "доставки"
    )
    assert text["103"].startswith("не потребитель коммунальной услуги")


def test_select_candidates_in_moratorium(store: Database) -> None:
    _load(store)
    with store.session() as session:
        (decision,) = select_candidates(
            session, on=dt.date(2020, 6, 1), include_excluded=True
        )

    assert (decision.account, decision.reason) == ("100", Reason.MORATORIUM)
    assert decision.text == (
        "мораторий (ПП РФ от 02.04.2020 № 424): ограничение запрещено с 06.04.2020 "
        "по 31.12.2020"
    )


def test_procedure_from_warning_to_late_resumption(
    store: Database, tmp_path: Path
) -> None:
    _load(store)
    drop = FileDropClient(tmp_path / "drop")
    with store.session() as session:
        chosen = [
            d for d in select_candidates(session, on=JULY_5) if d.account != "105"
        ]
        send_warnings(
            session,
            [(d.account, d.debt) for d in chosen],
            sent_on=JULY_5,
            channel=Channel.REGISTERED_MAIL,
            user="operator",
        )
        record_deliveries(
            session,
            [
                ("100", dt.date(2021, 7, 8), Channel.REGISTERED_MAIL),
                ("101", dt.date(2021, 7, 9), Channel.HAND),
            ],
            user="operator",
        )
        session.commit()

    # Day 21 after delivery: the smart meter gets a command, the other waits a day.
    with store.session() as session:
        first = issue_orders(
            session, as_of=dt.date(2021, 7, 29), user="operator", client=drop
        )
        second = issue_orders(
            session, as_of=dt.date(2021, 7, 30), user="operator", client=drop
        )
        again = issue_orders(
            session, as_of=dt.date(2021, 7, 30), user="operator", client=drop
        )
        session.commit()
    assert [(o.number, o.account, o.measure, o.due_on, o.status) for o in first] == [
        (
            "ОГР-2021-000001",
            "100",
            Measure.REMOTE_LIMIT,
            dt.date(2021, 7, 29),
            OrderStatus.REQUESTED,
        )
    ]
    assert [(o.number, o.account, o.measure, o.status) for o in second] == [
        ("ПРИ-2021-000002", "101", Measure.FIELD_SUSPENSION, OrderStatus.ISSUED)
    ]
    assert again == []
    dropped = json.loads((tmp_path / "drop" / "ОГР-2021-000001.json").read_text())
    assert dropped == {
        "order": "ОГР-2021-000001",
        "account": "100",
        "command": "limit",
        "due_on": "2021-07-29",
        "power_limit_kw": "1.0",
    }

    # The metering system reports; the field crew signs its act; 100 pays.
    status = (
        "order;status;executed_on;detail;external_id\n"
        "ОГР-2021-000001;executed;2021-07-29;лимит 1 кВт;M-77\n"
        "ОГР-2021-999999;failed;;нет связи;\n"
    ).encode()
    with store.session() as session:
        report = apply_statuses(
            session,
            read_status_file(status, name="statuses.csv"),
            source="statuses.csv",
            user="operator",
        )
        execute_field_order(
            session, "ПРИ-2021-000002", executed_on=dt.date(2021, 7, 31), user="crew"
        )
        session.commit()
    assert (report.executed, report.failed, report.unknown) == (
        1,
        0,
        ((3, "ОГР-2021-999999"),),
    )
    pay = "account,paid_on,amount,channel,ref\n100,2021-07-30,4500,voluntary,\n"
    import_bytes(store, RegistryKind.PAYMENTS, pay.encode(), name="pay-07-30.csv")

    # Paid on 30.07: resumption due by 01.08; on 02.08 it is overdue and flagged.
    with store.session() as session:
        queue = restriction_queue(session, as_of=dt.date(2021, 8, 2))
    flagged = {p.account: p for p in queue.flagged}
    assert flagged["100"].flags == (Flag.RESUMPTION_OVERDUE,)
    assert flagged["100"].resumption_due == dt.date(2021, 8, 1)
    assert queue.flagged[0].account == "100"
    by_account = {p.account: p for p in queue.due}
    assert by_account["101"].stage is Stage.SUSPENDED
    assert queue.stages[Stage.RESUMPTION_DUE] == 1

    with store.session() as session:
        (resume,) = issue_orders(
            session, as_of=dt.date(2021, 8, 2), user="operator", client=drop
        )
        late = f"order,status,executed_on\n{resume.number},executed,2021-08-02\n"
        apply_statuses(
            session,
            read_status_file(late.encode(), name="late.csv"),
            source="late.csv",
            user="operator",
        )
        session.commit()
        queue = restriction_queue(session, as_of=dt.date(2021, 8, 3))
        log = order_log(session, "ОГР-2021-000001")
        restricted = session.scalars(
            select(DebtorEvent).where(
                DebtorEvent.account == "100", DebtorEvent.event == EventKind.RESTRICTED
            )
        ).one()
        trail = trace_rows(session, RegistryKind.EVENTS, [restricted.id])
        entered = session.scalars(
            select(ImportBatch.file_name).order_by(ImportBatch.id)
        ).all()
    assert resume.number == "ВОЗ-2021-000003"
    assert resume.measure is Measure.REMOTE_RECONNECT
    (late_one,) = [p for p in queue.flagged if p.account == "100"]
    assert late_one.flags == (Flag.RESUMED_LATE,)
    assert late_one.stage is Stage.RESUMED
    assert [(c.state, c.external_id, c.source) for c in log] == [
        (CommandState.REQUESTED, "", "lexdesk"),
        (CommandState.EXECUTED, "M-77", "statuses.csv"),
    ]
    assert (restricted.date, restricted.amount, restricted.ref) == (
        dt.date(2021, 7, 29),
        Decimal("4500.00"),
        "ОГР-2021-000001",
    )
    assert [(t.file, t.line) for t in trail] == [("statuses.csv", 1)]
    assert entered[4:] == [
        "ввод оператора: предупреждения",
        "ввод оператора: доставка предупреждений",
        "statuses.csv",
        "ввод оператора: акт бригады",
        "pay-07-30.csv",
        "late.csv",
    ]
