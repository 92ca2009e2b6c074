"""Registry import: formats, validation messages, mapping, idempotency."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.models import Charge, DebtorAccount, DebtorEvent, Payment, RegistryKind
from casework.registry import (
    ImportStatus,
    import_bytes,
    import_files,
    parse_amount,
    parse_date,
    parse_period,
)
from casework.registry_formats import load_mapping, read_table
from lexdesk.database import Database
from lexdesk.errors import UserInputError
from lexdesk.synth.registries import FileFormat, write_registries

ACCOUNTS = (
    "account,full_name,address,category,meter,norm_monthly_charge,phone,email\n"
    "100,Ветлов Олег Юрьевич,г. Светлоград,household,smart,1000,,\n"
    "200,ООО «Вектор-Агро»,пос. Новосветлый,legal_entity,none,20000,,a@b.ru\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1 234 567,8", "1234567.80"),
        ("1\u00a0234,00", "1234.00"),
        ("-15,5", "-15.50"),
        ("0", "0.00"),
    ],
    ids=["dot", "comma", "spaces", "nbsp", "negative", "zero"],
)
def test_parse_amount_reads_roubles_to_the_kopeck(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["12.345", "1e3", "abc", "12,34,56"],
    ids=["3-decimals", "exp", "word", "2-commas"],
)
def test_parse_amount_refuses_non_amounts(text: str) -> None:
    with pytest.raises(ValueError, match="не сумма"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2021-07-15", dt.date(2021, 7, 15)), ("15.07.2021", dt.date(2021, 7, 15))],
    ids=["iso", "russian"],
)
def test_parse_date_reads_both_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("2021-02-30", "нет такой даты"), ("15/07/2021", "не дата")],
    ids=["no-such-day", "slashes"],
)
def test_parse_date_refuses_bad_dates(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2021-07", "2021-07"), ("7.2021", "2021-07"), ("07.2021", "2021-07")],
)
def test_parse_period_normalizes_months(text: str, expected: str) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("data", "file_format", "encoding", "delimiter"),
    [
        (b"a,b\r\n1,2\r\n", "csv", "utf-8", ","),
        ("a;b\n1;Пётр\n".encode("cp1251"), "csv", "cp1251", ";"),
        ("\ufeffa;b\n1;2\n".encode(), "csv", "utf-8-sig", ";"),
        (b"a\tb\n1\t2\n", "csv", "utf-8", "\t"),
    ],
    ids=["utf8-comma", "cp1251-semicolon", "bom", "tab"],
)
def test_read_table_detects_encoding_and_delimiter(
    data: bytes, file_format: str, encoding: str, delimiter: str
) -> None:
    table = read_table(data, name="f.csv")
    assert (table.format, table.encoding, table.delimiter) == (
        file_format,
        encoding,
        delimiter,
    )
    assert table.header == ("a", "b")
    assert [line for line, _ in table.rows] == [2]


def _rows(database: Database) -> dict[str, list[tuple[object, ...]]]:
    with database.session() as session:
        return {
            "accounts": [
                (a.account, a.full_name, a.category, a.norm_monthly_charge, a.phone)
                for a in session.scalars(
                    select(DebtorAccount).order_by(DebtorAccount.account)
                )
            ],
            "charges": [
                (c.account, c.period, c.amount, c.due_date)
                for c in session.scalars(select(Charge).order_by(Charge.id))
            ],
            "payments": [
                (p.account, p.paid_on, p.amount, p.channel, p.ref)
                for p in session.scalars(select(Payment).order_by(Payment.id))
            ],
            "events": [
                (e.account, e.date, e.event, e.amount, e.ref, e.details)
                for e in session.scalars(select(DebtorEvent).order_by(DebtorEvent.id))
            ],
        }


def _import_all(database: Database, files: dict[str, Path]) -> None:
    for kind in RegistryKind:
        (report,) = import_files(database, kind, [files[kind.value]])
        assert report.status is ImportStatus.APPLIED, report.errors[:3]


@pytest.mark.slow
def test_import_formats_give_the_same_rows(tmp_path: Path) -> None:
    from lexdesk.database import create_schema, open_database

    stored = {}
    for file_format in FileFormat:
        folder = tmp_path / file_format.value
        files = write_registries(
            folder,
            accounts=60,
            layout=dict.fromkeys(
                ("accounts", "balances", "charges", "payments", "events"), file_format
            ),
        )
        database = open_database(f"sqlite:///{folder / 'store.sqlite3'}")
        create_schema(database)
        _import_all(database, files)
        stored[file_format] = _rows(database)
        database.close()
    utf8 = stored[FileFormat.CSV_UTF8]
    assert len(utf8["charges"]) > 700
    assert len(utf8["events"]) > 100
    assert stored[FileFormat.CSV_CP1251] == utf8
    assert stored[FileFormat.XLSX] == utf8


def test_import_reports_every_bad_row_and_applies_nothing(
    sqlite_store: Database,
) -> None:
    import_bytes(sqlite_store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="acc.csv")
    charges = (
        "Account;Period;Amount;Due_date\n"
        "100;2021-07;1200,00;10.08.2021\n"
        "100;2021-13;1200,00;\n"
        "200;2021-07;12.345;\n"
        ";2021-08;100;\n"
    )
    report = import_bytes(
        sqlite_store, RegistryKind.CHARGES, charges.encode("cp1251"), name="ch.csv"
    )
    assert report.status is ImportStatus.REJECTED
    assert (report.rows, report.written, report.error_count) == (4, 0, 3)
    assert [(e.line, e.column, e.value, e.reason) for e in report.errors] == [
        (
            3,
            "Period",
            "2021-13",
            "нет такого месяца: ожидается ГГГГ-ММ, месяц от 01 до 12",
        ),
        (
            4,
            "Amount",
            "12.345",
            "не сумма: ожидается число рублей, не более двух знаков после запятой, "
            "например 1234.56",
        ),
        (5, "Account", "", "не заполнено обязательное поле"),
    ]
    assert _rows(sqlite_store)["charges"] == []


def test_import_rejects_a_file_without_a_required_column(
    sqlite_store: Database,
) -> None:
    report = import_bytes(
        sqlite_store,
        RegistryKind.ACCOUNTS,
        b"account,full_name,address\n1,A,B\n",
        name="acc.csv",
    )
    assert report.status is ImportStatus.REJECTED
    assert [(e.line, e.column) for e in report.errors] == [
        (1, "category"),
        (1, "meter"),
        (1, "norm_monthly_charge"),
    ]
    assert report.errors[0].reason.startswith("нет обязательной колонки «category»")


def test_import_enum_error_lists_allowed_values(sqlite_store: Database) -> None:
    import_bytes(sqlite_store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="acc.csv")
    report = import_bytes(
        sqlite_store,
        RegistryKind.PAYMENTS,
        b"account,paid_on,amount,channel\n100,2021-07-01,10,cash\n",
        name="p.csv",
    )
    (error,) = report.errors
    assert (error.line, error.column, error.value) == (2, "channel", "cash")
    assert error.reason == (
        "недопустимое значение; допустимы: 'voluntary', 'installment', 'enforcement'"
    )


def test_import_same_file_twice_changes_nothing(sqlite_store: Database) -> None:
    first = import_bytes(
        sqlite_store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="acc.csv"
    )
    second = import_bytes(
        sqlite_store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="acc-copy.csv"
    )
    assert (first.status, first.written) == (ImportStatus.APPLIED, 2)
    assert (second.status, second.batch_id) == (
        ImportStatus.ALREADY_IMPORTED,
        first.batch_id,
    )


def test_import_updated_account_is_written_unchanged_is_not(
    sqlite_store: Database,
) -> None:
    import_bytes(sqlite_store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="a.csv")
    changed = ACCOUNTS.replace(",1000,,", ",1100,,") + "\n"
    report = import_bytes(
        sqlite_store, RegistryKind.ACCOUNTS, changed.encode(), name="a2.csv"
    )
    assert (report.rows, report.written, report.skipped) == (2, 1, 1)
    assert _rows(sqlite_store)["accounts"][0][3] == Decimal("1100.00")


def test_import_mapping_renames_billing_columns(
    sqlite_store: Database, tmp_path: Path
) -> None:
    mapping_file = tmp_path / "map.json"
    mapping_file.write_text(
        json.dumps(
            {
                "*": {"Лицевой счёт": "account"},
                "payments": {
                    "Дата оплаты": "paid_on",
                    "Сумма": "amount",
                    "Вид": "channel",
                },
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    mapping = load_mapping(mapping_file)
    import_bytes(sqlite_store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="a.csv")
    payments = "Лицевой счёт;Дата оплаты;Сумма;Вид\n100;01.07.2021;10,5;voluntary\n"
    report = import_bytes(
        sqlite_store,
        RegistryKind.PAYMENTS,
        payments.encode("cp1251"),
        name="p.csv",
        mapping=mapping,
    )
    assert (report.status, report.written) == (ImportStatus.APPLIED, 1)
    assert _rows(sqlite_store)["payments"] == [
        ("100", dt.date(2021, 7, 1), Decimal("10.50"), "voluntary", "")
    ]


def test_load_mapping_refuses_a_list(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(UserInputError) as caught:
        load_mapping(path)
    assert "JSON-объектом" in caught.value.user_message


def test_import_events_make_cases_and_agreements(sqlite_store: Database) -> None:
    from casework.models import CourtCase, InstallmentAgreement

    import_bytes(sqlite_store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="a.csv")
    events = (
        "account,date,event,amount,ref,details\n"
        "100,2021-06-01,order_filed,5000,2-77/2021,\n"
        "200,2021-06-02,lawsuit_filed,90000,2-20001/2021,УИД 31RS0016-01-2021-000123-45\n"
        "100,2021-07-01,installment_signed,3000,РС-1/21,3 мес.\n"
    )
    report = import_bytes(
        sqlite_store, RegistryKind.EVENTS, events.encode(), name="e.csv"
    )
    assert report.written == 3
    with sqlite_store.session() as session:
        cases = [
            (c.number, c.account, c.kind.value, c.uid, c.claimed)
            for c in session.scalars(select(CourtCase).order_by(CourtCase.id))
        ]
        agreements = [
            (a.number, a.total, a.months)
            for a in session.scalars(select(InstallmentAgreement))
        ]
    assert cases == [
        ("2-77/2021", "100", "court_order", None, Decimal("5000.00")),
        (
            "2-20001/2021",
            "200",
            "lawsuit",
            "31RS0016-01-2021-000123-45",
            Decimal("90000.00"),
        ),
    ]
    assert agreements == [("РС-1/21", Decimal("3000.00"), 3)]


HUGE = "99999999999999999999999999.00"
TOO_BIG = "слишком большая сумма: допустимо не более 1 000 000 000 000 руб. по модулю"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1000000000000", "1000000000000.00"), ("-1 000 000 000 000,00", "-1e12")],
    ids=["limit", "negative-limit"],
)
def test_parse_amount_reads_the_largest_amount(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", [HUGE, "1000000000000.01", "-1000000000001"], ids=["huge", "kopeck", "neg"]
)
def test_parse_amount_refuses_amounts_above_a_trillion(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(TOO_BIG)):
        parse_amount(text)


@pytest.mark.parametrize(
    ("kind", "data", "column"),
    [
        (
            RegistryKind.ACCOUNTS,
            "account,full_name,address,category,meter,norm_monthly_charge\n"
            f"300,Жук Ян,г. Светлоград,household,smart,{HUGE}\n",
            "norm_monthly_charge",
        ),
        (
            RegistryKind.BALANCES,
            f"account,as_of,debt,overdue_debt\n100,2021-07-31,{HUGE},0\n",
            "debt",
        ),
        (
            RegistryKind.BALANCES,
            f"account,as_of,debt,overdue_debt\n100,2021-07-31,0,-{HUGE}\n",
            "overdue_debt",
        ),
        (
            RegistryKind.CHARGES,
            f"account,period,amount\n100,2021-07,{HUGE}\n",
            "amount",
        ),
        (
            RegistryKind.PAYMENTS,
            f"account,paid_on,amount,channel\n100,2021-07-01,{HUGE},voluntary\n",
            "amount",
        ),
        (
            RegistryKind.EVENTS,
            f"account,date,event,amount\n100,2021-07-01,notice_sent,{HUGE}\n",
            "amount",
        ),
    ],
    ids=[
        "accounts",
        "balances-debt",
        "balances-overdue",
        "charges",
        "payments",
        "events",
    ],
)
def test_import_huge_amount_is_a_row_error_and_nothing_is_stored(
    store: Database, kind: RegistryKind, data: str, column: str
) -> None:
    import_bytes(store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="a.csv")
    before = _rows(store)
    report = import_bytes(store, kind, data.encode(), name="f.csv")
    assert report.status is ImportStatus.REJECTED
    assert [(e.file, e.line, e.column, e.value, e.reason) for e in report.errors] == [
        ("f.csv", 2, column, HUGE if column != "overdue_debt" else f"-{HUGE}", TOO_BIG)
    ]
    assert _rows(store) == before


@pytest.mark.parametrize(
    ("kind", "data", "column", "value", "reason"),
    [
        (
            RegistryKind.PAYMENTS,
            "account,paid_on,amount,channel\n100,1989-12-31,10,voluntary\n",
            "paid_on",
            "1989-12-31",
            "дата вне допустимого диапазона: с 01.01.1990 по 31.12.2100",
        ),
        (
            RegistryKind.BALANCES,
            "account,as_of,debt,overdue_debt\n100,01.01.2101,1,1\n",
            "as_of",
            "01.01.2101",
            "дата вне допустимого диапазона: с 01.01.1990 по 31.12.2100",
        ),
        (
            RegistryKind.CHARGES,
            "account,period,amount,due_date\n100,2021-07,10,9999-12-31\n",
            "due_date",
            "9999-12-31",
            "дата вне допустимого диапазона: с 01.01.1990 по 31.12.2100",
        ),
        (
            RegistryKind.CHARGES,
            "account,period,amount\n100,0001-01,10\n",
            "period",
            "0001-01",
            "период вне допустимого диапазона: от 1990-01 до 2100-12",
        ),
        (
            RegistryKind.PAYMENTS,
            "account,paid_on,amount,channel,ref\n"
            f"100,2021-07-01,10,voluntary,{'Р' * 65}\n",
            "ref",
            "Р" * 60,
            "слишком длинно: не более 64 символов",
        ),
        (
            RegistryKind.ACCOUNTS,
            "account,full_name,address,category,meter,norm_monthly_charge\n"
            f"300,Жук Ян,{'д' * 501},household,smart,10\n",
            "address",
            "д" * 60,
            "слишком длинно: не более 500 символов",
        ),
        (
            RegistryKind.ACCOUNTS,
            "account,full_name,address,category,meter,norm_monthly_charge,email\n"
            f"300,Жук Ян,г. Светлоград,household,smart,10,{'a' * 200}@b.ru\n",
            "email",
            "a" * 60,
            "слишком длинно: не более 200 символов",
        ),
        (
            RegistryKind.ACCOUNTS,
            "account,full_name,address,category,meter,norm_monthly_charge\n"
            "300,Жук Ян,г. Светлоград,household,smart,-10\n",
            "norm_monthly_charge",
            "-10",
            "должно быть не меньше 0",
        ),
        (
            RegistryKind.PAYMENTS,
            "account,paid_on,amount,channel\n100,2021-07-01,0,voluntary\n",
            "amount",
            "0",
            "должно быть больше 0",
        ),
        (
            RegistryKind.EVENTS,
            "account,date,event,amount,ref,details\n"
            "100,2021-07-01,installment_signed,3000,РС-9/21,99999999999999999999 мес.\n",
            "details",
            "99999999999999999999 мес.",
            "срок рассрочки вне допустимого: от 1 до 60 месяцев, например «6 мес.»",
        ),
        (
            RegistryKind.EVENTS,
            "account,date,event,amount,ref,details\n"
            "100,2021-07-01,installment_signed,3000,РС-9/21,0 мес.\n",
            "details",
            "0 мес.",
            "срок рассрочки вне допустимого: от 1 до 60 месяцев, например «6 мес.»",
        ),
    ],
    ids=[
        "date-before-1990",
        "date-after-2100",
        "due-date-9999",
        "period-0001",
        "ref-too-long",
        "address-too-long",
        "email-too-long",
        "negative-norm",
        "zero-payment",
        "installment-months-huge",
        "installment-months-zero",
    ],
)
def test_import_row_errors_say_the_limit_in_russian(
    sqlite_store: Database,
    kind: RegistryKind,
    data: str,
    column: str,
    value: str,
    reason: str,
) -> None:
    import_bytes(sqlite_store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="a.csv")
    report = import_bytes(sqlite_store, kind, data.encode(), name="f.csv")
    assert report.status is ImportStatus.REJECTED
    assert [(e.line, e.column, e.value, e.reason) for e in report.errors] == [
        (2, column, value, reason)
    ]


def test_import_row_with_wrong_field_count_is_a_field_count_error(
    sqlite_store: Database,
) -> None:
    import_bytes(sqlite_store, RegistryKind.ACCOUNTS, ACCOUNTS.encode(), name="a.csv")
    payments = (
        "account,paid_on,amount,channel\n"
        "100,2021-07-01,10,voluntary\n"
        "100,2021-07-02,1,234.50,voluntary\n"
        "100,2021-07-03,10\n"
        "100,2021-07-04,10,voluntary,ref,x,y\n"
        "100,2021-07-05,10,voluntary\n"
    )
    report = import_bytes(
        sqlite_store, RegistryKind.PAYMENTS, payments.encode(), name="p.csv"
    )
    assert (report.status, report.rows, report.error_count) == (
        ImportStatus.REJECTED,
        5,
        3,
    )
    assert [(e.line, e.column, e.reason) for e in report.errors] == [
        (3, "", "в строке 5 полей, а в заголовке 4: проверьте разделители и кавычки"),
        (4, "", "в строке 3 поля, а в заголовке 4: проверьте разделители и кавычки"),
        (5, "", "в строке 7 полей, а в заголовке 4: проверьте разделители и кавычки"),
    ]
    assert _rows(sqlite_store)["payments"] == []


KOI8_ACCOUNTS = (
    "account;full_name;address;category;meter;norm_monthly_charge\n"
    "300;Федотова Анна Ивановна;г. Светлоград, ул. Садовая, д. 7;household;smart;900\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (KOI8_ACCOUNTS.encode("koi8-r"), "koi8-r"),
        (KOI8_ACCOUNTS.encode("cp1251"), "cp1251"),
        (KOI8_ACCOUNTS.encode("cp866"), "cp866"),
        (KOI8_ACCOUNTS.encode("utf-8"), "utf-8"),
        (KOI8_ACCOUNTS.encode("utf-8-sig"), "utf-8-sig"),
        (KOI8_ACCOUNTS.encode("utf-16"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + KOI8_ACCOUNTS.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["koi8-r", "cp1251", "cp866", "utf-8", "utf-8-bom", "utf-16-le", "utf-16-be"],
)
def test_import_reads_each_accepted_encoding(
    sqlite_store: Database, data: bytes, encoding: str
) -> None:
    report = import_bytes(sqlite_store, RegistryKind.ACCOUNTS, data, name="a.csv")
    assert (report.status, report.encoding, report.written) == (
        ImportStatus.APPLIED,
        encoding,
        1,
    )
    (stored,) = _rows(sqlite_store)["accounts"]
    assert stored[:2] == ("300", "Федотова Анна Ивановна")


@pytest.mark.parametrize(
    "data",
    [
        "account;full_name\n1;Müller Straße Größe Fußgänger\n".encode("latin-1"),
        KOI8_ACCOUNTS.encode("utf-16-le"),
        b"account;full_name\n1;\x00\x01\x02\xff\xfe\xfd\n",
    ],
    ids=["latin-1", "utf-16-without-bom", "binary"],
)
def test_import_refuses_a_file_that_reads_as_russian_in_no_encoding(
    sqlite_store: Database, data: bytes
) -> None:
    report = import_bytes(sqlite_store, RegistryKind.ACCOUNTS, data, name="a.csv")
    assert report.status is ImportStatus.REJECTED
    assert [(e.line, e.column, e.reason) for e in report.errors] == [
        (
            1,
            "",
            "a.csv: кодировка файла не распознана — текст не читается по-русски. "
            "Допустимы кодировки UTF-8, UTF-16 (с меткой BOM), Windows-1251, KOI8-R "
            "и CP866; сохраните файл в UTF-8.",
        )
    ]
    assert _rows(sqlite_store)["accounts"] == []
