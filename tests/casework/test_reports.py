"""The collection report: figures recomputed from the sample files, and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from casework.registry_formats import read_table
from casework.report_export import chart_png, report_to_docx, report_to_xlsx
from casework.reports import (
    FIGURES,
    collection_report,
    months_between,
    plural,
    short_money,
)
from lexdesk.database import Database
from lexdesk.errors import UserInputError

SAMPLES = Path(__file__).resolve().parents[2] / "corpus_samples" / "registries"
JULY = (dt.date(2021, 7, 1), dt.date(2021, 7, 31))


def _date(text: str) -> dt.date:
    if "." in text:
        day, month, year = text.split(".")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(text)


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ".")) if text else Decimal("0.00")


def _read(name: str, encoding: str, delimiter: str) -> list[dict[str, str]]:
    with (SAMPLES / name).open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _in_july(day: dt.date) -> bool:
    return JULY[0] <= day <= JULY[1]


def expected_july() -> dict[str, object]:
    """The July figures computed from the files with the csv module alone."""
    events = _read("events.csv", "cp1251", ";")
    payments = _read("payments.csv", "utf-8", ",")
    balances = _read("balances.csv", "utf-8", ",")
    july = [e for e in events if _in_july(_date(e["date"]))]

    def of(*kinds: str) -> list[dict[str, str]]:
        return [e for e in july if e["event"] in kinds]

    def total(rows: list[dict[str, str]]) -> Decimal:
        return sum((_money(row["amount"]) for row in rows), Decimal("0.00"))

    paid = [p for p in payments if _in_july(_date(p["paid_on"]))]
    by_channel = defaultdict(list)
    for p in paid:
        by_channel[p["channel"]].append(p)

    def overdue_on(day: dt.date) -> Decimal:
        latest: dict[str, tuple[dt.date, Decimal]] = {}
        for row in balances:
            as_of = _date(row["as_of"])
            if as_of <= day and (
                row["account"] not in latest or as_of > latest[row["account"]][0]
            ):
                latest[row["account"]] = (as_of, _money(row["overdue_debt"]))
        return sum((value for _, value in latest.values()), Decimal("0.00"))

    answered = 0
    for notice in of("notice_sent"):
        sent = _date(notice["date"])
        until = sent + dt.timedelta(days=30)
        signed = any(
            e["account"] == notice["account"]
            and e["event"] == "installment_signed"
            and sent <= _date(e["date"]) <= until
            for e in events
        )
        repaid = sum(
            (
                _money(p["amount"])
                for p in payments
                if p["account"] == notice["account"]
                and sent <= _date(p["paid_on"]) <= until
            ),
            Decimal("0.00"),
        )
        answered += signed or (repaid >= _money(notice["amount"]) and repaid > 0)
    start, end = overdue_on(dt.date(2021, 6, 30)), overdue_on(dt.date(2021, 7, 31))
    return {
        "claims_sent": len(of("claim_sent")),
        "claims_sent_sum": total(of("claim_sent")),
        "orders_filed": len(of("order_filed")),
        "lawsuits_filed": len(of("lawsuit_filed")),
        "cases_filed": len(of("order_filed", "lawsuit_filed")),
        "claimed": total(of("order_filed", "lawsuit_filed")),
        "orders_issued": len(of("order_issued")),
        "orders_cancelled": len(of("order_cancelled")),
        "decisions": len(of("decision")),
        "awarded": total(of("order_issued", "decision")),
        "writs_issued": len(of("writ_issued")),
        "enforcements_opened": len(of("enforcement_opened")),
        "installments_signed": len(of("installment_signed")),
        "restricted": len(of("restricted", "suspended")),
        "restricted_sum": total(of("restricted", "suspended")),
        "collected": total(paid),
        "collected_voluntary": total(by_channel["voluntary"]),
        "collected_installment": total(by_channel["installment"]),
        "collected_enforcement": total(by_channel["enforcement"]),
        "enforcement_cases_paid": len({p["ref"] for p in by_channel["enforcement"]}),
        "notices_sent": len(of("notice_sent")),
        "notices_sum": total(of("notice_sent")),
        "notices_answered": answered,
        "notices_answered_share": (
            Decimal(100) * answered / len(of("notice_sent"))
        ).quantize(Decimal("1")),
        "overdue_start": start,
        "overdue_end": end,
        "overdue_change": end - start,
    }


def test_plural_forms() -> None:
    forms = ("иск", "иска", "исков")
    assert [plural(n, forms) for n in (1, 2, 5, 11, 21, 104, 112)] == [
        "иск",
        "иска",
        "исков",
        "исков",
        "иск",
        "иска",
        "исков",
    ]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("4712345.00", "4,7 млн руб."),
        ("325400.00", "325 тыс. руб."),
        ("870.40", "870 руб."),
        ("-145175.37", "−145 тыс. руб."),
    ],
)
def test_short_money_headline_form(amount: str, text: str) -> None:
    assert short_money(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2021-13", None, "Неверный месяц «2021-13»"),
        ("2021-07", "2021-06", "Конец периода (2021-06) раньше его начала (2021-07)."),
        ("9999-12", None, "Месяц «9999-12» вне допустимого диапазона: от 1990-01 до 2100-12."),
        ("0001-01", None, "Месяц «0001-01» вне допустимого диапазона: от 1990-01 до 2100-12."),
        ("1989-12", "2021-01", "Месяц «1989-12» вне допустимого диапазона"),
    ],
    ids=["bad-month", "reversed", "year-9999", "year-1", "before-1990"],
)  # fmt: skip
def test_months_between_refuses_bad_ranges(
    first: str, last: str | None, message: str
) -> None:
    with pytest.raises(UserInputError) as caught:
        months_between(first, last)
    assert caught.value.user_message.startswith(message)


def test_months_between_crosses_the_year() -> None:
    assert months_between("2020-11", "2021-02") == [
        (2020, 11),
        (2020, 12),
        (2021, 1),
        (2021, 2),
    ]


@pytest.mark.slow
def test_report_july_matches_the_rows(loaded_sqlite: Database) -> None:
    with loaded_sqlite.session() as session:
        (july,) = collection_report(session, first="2021-07").months
    expected = expected_july()
    assert {spec.key: july.value(spec.key) for spec in FIGURES} == expected
    assert expected["cases_filed"] == 77
    assert expected["collected"] == Decimal("6284837.36")


@pytest.mark.slow
def test_report_by_month_over_a_range(loaded_sqlite: Database) -> None:
    with loaded_sqlite.session() as session:
        report = collection_report(session, first="2021-06", last="2021-08")
    assert [month.month for month in report.months] == ["2021-06", "2021-07", "2021-08"]
    june, july, august = report.months
    assert june.value("overdue_end") == july.value("overdue_start")
    assert july.value("overdue_end") == august.value("overdue_start")
    data = report.to_dict()
    assert data["months"][1]["figures"][0] == {
        "key": "claims_sent",
        "label": "Направлено претензий",
        "unit": "count",
        "value": 65,
        "source": "events",
        "rows": 65,
    }
    traced = report.to_dict(trace=True)["months"][1]["figures"][0]
    assert traced["row_ids"] == list(july["claims_sent"].row_ids)


@pytest.mark.slow
def test_report_exports_xlsx_and_docx(loaded_sqlite: Database) -> None:
    from docx import Document
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    with loaded_sqlite.session() as session:
        report = collection_report(session, first="2021-06", last="2021-07")
    book = load_workbook(io.BytesIO(report_to_xlsx(report)))
    sheet = book["Отчёт"]
    assert [cell.value for cell in sheet[1]] == [
        "Показатель",
        "Единица",
        "июнь 2021",
        "июль 2021",
    ]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Всего обращений в суд"][0] == "шт."
    assert rows["Всего обращений в суд"][2] == 77
    assert rows["Поступило оплат, всего"][2] == pytest.approx(6284837.36)
    assert book["Итоги"]["B2"].value == report.months[1].summary_ru()

    document = Document(io.BytesIO(report_to_docx(report)))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "Отчёт о взыскании задолженности: июнь 2021 — июль 2021"
    assert report.months[1].summary_ru() in texts
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "Показатель",
        "Ед.",
        "июнь 2021",
        "июль 2021",
    ]
    filed = next(
        row for row in table.rows if row.cells[0].text == "Всего обращений в суд"
    )
    assert filed.cells[3].text == "77"
    assert len(document.inline_shapes) == 1


def test_chart_of_an_empty_store_is_a_png(sqlite_store: Database) -> None:
    from PIL import Image

    with sqlite_store.session() as session:
        report = collection_report(session, first="2021-01", last="2021-03")
    assert {month.value("collected") for month in report.months} == {Decimal("0.00")}
    png = chart_png(report, width=400, height=200)
    assert Image.open(io.BytesIO(png)).size == (400, 200)


README = SAMPLES / "README.md"
# A row of a Markdown table: «| `claims_sent` | Направлено претензий | 65 |».
TABLE_ROW_RE = re.compile(r"^\|(.+)\|\s*$")


def _readme_table(heading: str) -> list[list[str]]:
    """The data rows of the first table under ``heading`` in the samples' README."""
    text = README.read_text(encoding="utf-8")
    section = text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip().strip("`") for cell in match[1].split("|")]
        for line in section.splitlines()
        if (match := TABLE_ROW_RE.match(line))
    ]
    return rows[2:]  # past the header and its rule


@pytest.mark.slow
def test_readme_july_figures_are_the_report(loaded_sqlite: Database) -> None:
    with loaded_sqlite.session() as session:
        (july,) = collection_report(session, first="2021-07").to_dict()["months"]
    stated = {
        key: (label, value) for key, label, value in _readme_table("## July 2021")
    }

    assert stated == {
        figure["key"]: (figure["label"], str(figure["value"]))
        for figure in july["figures"]
    }


def test_readme_file_table_is_the_files() -> None:
    stated = _readme_table("## The files here")
    found = []
    for name, *_ in stated:
        table = read_table((SAMPLES / name).read_bytes(), name=name)
        found.append(
            [
                name,
                table.encoding or "—",
                table.delimiter or "—",
                str(sum(1 for _ in table.rows)),
            ]
        )

    assert sorted(path.name for path in SAMPLES.iterdir() if path != README) == sorted(
        row[0] for row in stated
    )
    assert [[n, e, d, r] for n, _, e, d, r in stated] == found
