"""The casework store on SQLite and on a real PostgreSQL: import, report, workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casework.models import (
    Balance,
    Charge,
    CourtCase,
    DebtorAccount,
    DebtorEvent,
    InstallmentAgreement,
    Payment,
    RegistryKind,
)
from casework.registry import ImportStatus, import_bytes, import_files, trace_rows
from casework.reports import collection_report
from casework.workflow import Stage, debtor_state, link_document
from lexdesk.database import Database
from lexdesk.synth.registries import FileFormat, write_registries
from nlp.kinds import DocumentKind
from search.records import DocumentRecord

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "corpus_samples" / "registries"

SAMPLE_COUNTS = {
    "debtor_accounts": 2000,
    "debt_balances": 26000,
    "charges": 31623,
    "payments": 14471,
    "debtor_events": 6960,
    "court_cases": 677,
    "installment_agreements": 337,
}

# The July 2021 report of the sample registries.
JULY_2021 = {
    "claims_sent": 65,
    "orders_filed": 66,
    "lawsuits_filed": 11,
    "cases_filed": 77,
    "claimed": Decimal("1730014.71"),
    "orders_issued": 65,
    "orders_cancelled": 12,
    "decisions": 8,
    "awarded": Decimal("1952455.43"),
    "collected": Decimal("6284837.36"),
    "collected_voluntary": Decimal("4904706.06"),
    "collected_installment": Decimal("202418.28"),
    "collected_enforcement": Decimal("1177713.02"),
    "enforcement_cases_paid": 71,
    "notices_sent": 100,
    "notices_sum": Decimal("1264063.31"),
    "notices_answered_share": Decimal("92"),
    "restricted": 20,
    "restricted_sum": Decimal("182572.52"),
    "overdue_start": Decimal("32055377.70"),
    "overdue_end": Decimal("31967137.93"),
    "overdue_change": Decimal("-88239.77"),
}


def _counts(database: Database) -> dict[str, int]:
    models = (
        DebtorAccount,
        Balance,
        Charge,
        Payment,
        DebtorEvent,
        CourtCase,
        InstallmentAgreement,
    )
    with database.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            or 0
            for model in models
        }


def test_store_sample_import_counts(sample_store: Database) -> None:
    assert _counts(sample_store) == SAMPLE_COUNTS


def test_store_same_files_again_change_nothing(sample_store: Database) -> None:
    reports = import_files(
        sample_store, RegistryKind.PAYMENTS, [SAMPLES / "payments.csv"]
    )
    assert [r.status for r in reports] == [ImportStatus.ALREADY_IMPORTED]
    assert reports[0].rows == 14471
    assert _counts(sample_store) == SAMPLE_COUNTS


def test_store_same_rows_in_another_format_change_nothing(
    sample_store: Database, tmp_path: Path
) -> None:
    layout = dict.fromkeys(("accounts", "balances", "charges"), FileFormat.CSV_UTF8)
    layout |= {"payments": FileFormat.XLSX, "events": FileFormat.CSV_UTF8}
    files = write_registries(tmp_path, accounts=2000, layout=layout)
    (report,) = import_files(sample_store, RegistryKind.EVENTS, [files["events"]])
    assert report.status is ImportStatus.APPLIED
    assert (report.rows, report.written, report.skipped) == (6960, 0, 6960)
    assert _counts(sample_store) == SAMPLE_COUNTS


def test_store_july_report_figures(sample_store: Database) -> None:
    with sample_store.session() as session:
        report = collection_report(session, first="2021-07")
    (july,) = report.months
    assert {key: july.value(key) for key in JULY_2021} == JULY_2021
    assert july.summary_ru().startswith(
        "В июле 2021 г. направлено 65 претензий; в суд подано 77 заявлений на "
        "1,7 млн руб."
    )


def test_store_report_figure_traces_to_file_lines(sample_store: Database) -> None:
    with sample_store.session() as session:
        july = collection_report(session, first="2021-07").months[0]
        trail = trace_rows(
            session, RegistryKind.EVENTS, july["orders_cancelled"].row_ids
        )
    assert len(trail) == 12
    assert {item.file for item in trail} == {"events.csv"}
    lines = (SAMPLES / "events.csv").read_text(encoding="cp1251").splitlines()
    for item in trail:
        cells = lines[item.line - 1].split(";")
        assert cells[2] == "order_cancelled"
        assert cells[1].endswith(".07.2021")


@pytest.mark.parametrize(
    ("account", "stage", "action", "deadline"),
    [
        ("3100000010", Stage.ORDER_ISSUED, "Получить судебный приказ", "2021-04-13"),
        ("3100000055", Stage.LAWSUIT, "Контролировать рассмотрение иска", "2021-10-16"),
        ("3100000040", Stage.CLAIM, "Подать заявление в арбитражный суд", "2021-09-18"),
        ("3100000087", Stage.ORDER_CANCELLED, "Подать исковое заявление", "2022-02-09"),
        (
            "3100000076",
            Stage.INSTALLMENT,
            "Проверить платёж по рассрочке",
            "2021-09-30",
        ),
    ],
    ids=["order-issued", "lawsuit", "legal-entity-claim", "cancelled", "installment"],
)
def test_store_debtor_state_of_sample_accounts(
    sample_store: Database, account: str, stage: Stage, action: str, deadline: str
) -> None:
    with sample_store.session() as session:
        state = debtor_state(session, account)
    assert state is not None
    assert state.stage is stage
    assert state.next_action is not None
    assert state.next_action.action.startswith(action)
    assert state.next_action.deadline == dt.date.fromisoformat(deadline)


def test_store_limitation_warning_of_an_old_debt(sample_store: Database) -> None:
    with sample_store.session() as session:
        state = debtor_state(session, "3100000057")
    assert state is not None
    warning = state.limitation[0]
    assert (warning.period, warning.unpaid) == ("2018-10", Decimal("1116.60"))
    assert warning.expires_on == dt.date(2021, 11, 10)
    assert warning.days_left == 71


ACCOUNTS = (
    "account,full_name,address,category,meter,norm_monthly_charge\n"
    "100,Ветлов Олег Юрьевич,г. Светлоград,household,smart,1000\n"
    "200,ООО «Вектор-Агро»,пос. Новосветлый,legal_entity,conventional,20000\n"
)


def test_store_bad_row_rejects_the_whole_file(store: Database) -> None:
    import_bytes(store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="acc.csv")
    payments = (
        "account;paid_on;amount;channel\n"
        "100;01.07.2021;500,00;voluntary\n"
        "200;02.07.2021;1 500,50;voluntary\n"
        "300;03.07.2021;10;voluntary\n"
    )
    report = import_bytes(
        store, RegistryKind.PAYMENTS, payments.encode("cp1251"), name="pay.csv"
    )
    assert report.status is ImportStatus.REJECTED
    assert [(e.file, e.line, e.column, e.value) for e in report.errors] == [
        ("pay.csv", 4, "account", "300")
    ]
    assert report.errors[0].reason.startswith("лицевой счёт не найден")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 0
    fixed = payments.replace("300;", "200;")
    report = import_bytes(
        store, RegistryKind.PAYMENTS, fixed.encode("cp1251"), name="pay.csv"
    )
    assert (report.status, report.written) == (ImportStatus.APPLIED, 3)


def test_store_court_order_document_moves_the_stage(store: Database) -> None:
    import_bytes(store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="acc.csv")
    events = (
        "account,date,event,amount,ref,details\n"
        "100,2021-05-10,claim_sent,5000.00,,\n"
        "100,2021-06-01,order_filed,5000.00,2-1016/2021,УИД 31MS0003-01-2021-001016-11\n"
    )
    import_bytes(store, RegistryKind.EVENTS, events.encode(), name="ev.csv")
    record = DocumentRecord(
        id="doc-order-1",
        title="Судебный приказ № 2-1016/2021",
        kind=DocumentKind.COURT_ORDER,
        date=dt.date(2021, 6, 8),
        text="СУДЕБНЫЙ ПРИКАЗ по делу № 2-1016/2021. Взыскать 5 000 руб.",
        lemmas="",
        title_lemmas="",
        source="order.pdf",
        file_sha256="0" * 64,
        format="pdf",
        meta={"amounts": {"awarded": "5200.00"}},
    )
    with store.session() as session:
        link = link_document(session, record)
    assert link is not None
    assert (link.case_number, link.account, link.matched_by) == (
        "2-1016/2021",
        "100",
        "number",
    )
    with store.session() as session:
        state = debtor_state(session, "100", as_of=dt.date(2021, 6, 30))
    assert state is not None
    assert state.stage is Stage.ORDER_ISSUED
    assert state.stage_since == dt.date(2021, 6, 8)
    assert state.history[-1].source == "document"
    assert state.history[-1].amount == Decimal("5200.00")
