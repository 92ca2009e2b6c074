"""The restriction report on the sample month (July 2021): literal figures, the
same figures recomputed from the sample files with the csv module, traces,
ranges and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from casework.models import RegistryKind
from casework.registry import trace_rows
from casework.restriction.report import FIGURES, restriction_report
from casework.restriction.report_export import (
    chart_png,
    report_to_docx,
    report_to_xlsx,
)
from lexdesk.database import Database

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[3] / "corpus_samples" / "registries"
JULY = (dt.date(2021, 7, 1), dt.date(2021, 7, 31))
ZERO = Decimal("0.00")

# The July 2021 figures of the sample registries.
JULY_2021 = {
    "warnings_sent": 96,
    "warnings_sum": Decimal("830032.29"),
    "warnings_delivered": 93,
    "deadlines_passed": 123,
    "paid_in_time": 88,
    "agreed_in_time": 20,
    "answered_share": Decimal("88"),
    "restricted": 4,
    "restricted_sum": Decimal("64101.24"),
    "suspended": 16,
    "suspended_sum": Decimal("118471.28"),
    "cut_off": 18,
    "cut_off_sum": Decimal("169378.10"),
    "resumed": 12,
    "resumed_on_time": 9,
    "resumed_late": 3,
    "resumptions_overdue": 0,
    "costs_charged": Decimal("10600.00"),
    "overdue_start": Decimal("8974883.63"),
    "overdue_end": Decimal("8666830.42"),
    "overdue_change": Decimal("-308053.21"),
}


def _date(text: str) -> dt.date:
    if "." in text:
        day, month, year = text.split(".")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(text)


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ".")) if text else ZERO


def _read(name: str, encoding: str, delimiter: str) -> list[dict[str, str]]:
    with (SAMPLES / name).open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _households() -> dict[str, str]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    sheet = load_workbook(SAMPLES / "accounts.xlsx", read_only=True).active
    rows = sheet.iter_rows(min_row=2, values_only=True)
    return {str(r[0]): str(r[4]) for r in rows if r[3] == "household"}


def expected_july() -> dict[str, object]:
    """The July figures from the files, with a procedure written out plainly."""
    households = _households()
    events = [
        e for e in _read("events.csv", "cp1251", ";") if e["account"] in households
    ]
    payments = _read("payments.csv", "utf-8", ",")
    balances = _read("balances.csv", "utf-8", ",")
    by_account: dict[str, list[dict[str, str]]] = defaultdict(list)
    for event in events:
        by_account[event["account"]].append(event)
    paid: dict[str, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for p in payments:
        paid[p["account"]].append((_date(p["paid_on"]), _money(p["amount"])))

    def july(rows: list[dict[str, str]], kind: str) -> list[dict[str, str]]:
        return [
            r
            for r in rows
            if r["event"] == kind and JULY[0] <= _date(r["date"]) <= JULY[1]
        ]

    def total(rows: list[dict[str, str]]) -> Decimal:
        return sum((_money(r["amount"]) for r in rows), ZERO)

    passed = answered_paid = answered_agreed = 0
    cut = []
    resumed = late = 0
    costs = ZERO
    for account, rows in by_account.items():
        rows = [r for r in rows if _date(r["date"]) <= JULY[1]]
        days = [(_date(r["date"]), r) for r in rows]
        warnings = [(d, r) for d, r in days if r["event"] == "notice_sent"]
        for number, (sent, warning) in enumerate(warnings):
            until = warnings[number + 1][0] if number + 1 < len(warnings) else None
            own = [
                (d, r)
                for d, r in days
                if d >= sent and (until is None or d < until) and r is not warning
            ]
            later = [(d, r) for d, r in days if d >= sent and r is not warning]

            def first(
                kind: str, facts: list[tuple[dt.date, dict[str, str]]] = own
            ) -> dt.date | None:
                return next((d for d, r in facts if r["event"] == kind), None)

            debt, running = _money(warning["amount"]), ZERO
            paid_on: dt.date | None = None
            for day, amount in sorted(paid[account]):
                if sent <= day <= JULY[1]:
                    running += amount
                    if running >= debt:
                        paid_on = day
                        break
            delivered, signed = first("notice_delivered"), first("installment_signed")
            if delivered is not None:
                deadline = delivered + dt.timedelta(days=20)
                if JULY[0] <= deadline <= JULY[1]:
                    passed += 1
                    by_pay = paid_on is not None and paid_on <= deadline
                    by_sign = signed is not None and signed <= deadline
                    paid_first = not by_sign or (
                        paid_on is not None and signed is not None and paid_on <= signed
                    )
                    if by_pay and paid_first:
                        answered_paid += 1
                    elif by_sign:
                        answered_agreed += 1
            cuts = [d for d in (first("restricted"), first("suspended")) if d]
            if not cuts:
                continue
            imposed = min(cuts)
            if JULY[0] <= imposed <= JULY[1]:
                cut.append(debt)
            back = next(
                (d for d, r in later if r["event"] == "resumed" and d >= imposed), None
            )
            if back is None or not JULY[0] <= back <= JULY[1]:
                continue
            resumed += 1
            triggers = [d for d in (paid_on, signed) if d is not None]
            due = max(min(triggers), imposed) + dt.timedelta(days=2)
            late += back > due
            smart = households[account] == "smart"
            prices = (Decimal(300) if first("restricted") else ZERO) + (
                (Decimal(300) if smart else Decimal(1200))
                * ((first("suspended") is not None) + 1)
            )
            costs += min(prices, Decimal(1000))

    def overdue_on(day: dt.date) -> Decimal:
        latest: dict[str, tuple[dt.date, Decimal]] = {}
        for row in balances:
            as_of = _date(row["as_of"])
            account = row["account"]
            newer = account not in latest or as_of > latest[account][0]
            if account in households and as_of <= day and newer:
                latest[account] = (as_of, _money(row["overdue_debt"]))
        return sum((value for _, value in latest.values()), ZERO)

    start, end = overdue_on(dt.date(2021, 6, 30)), overdue_on(JULY[1])
    return {
        "warnings_sent": len(july(events, "notice_sent")),
        "warnings_sum": total(july(events, "notice_sent")),
        "warnings_delivered": len(july(events, "notice_delivered")),
        "deadlines_passed": passed,
        "paid_in_time": answered_paid,
        "agreed_in_time": answered_agreed,
        "answered_share": (
            Decimal(100) * (answered_paid + answered_agreed) / passed
        ).quantize(Decimal("1")),
        "restricted": len(july(events, "restricted")),
        "restricted_sum": total(july(events, "restricted")),
        "suspended": len(july(events, "suspended")),
        "suspended_sum": total(july(events, "suspended")),
        "cut_off": len(cut),
        "cut_off_sum": sum(cut, ZERO),
        "resumed": resumed,
        "resumed_on_time": resumed - late,
        "resumed_late": late,
        "resumptions_overdue": 0,
        "costs_charged": costs,
        "overdue_start": start,
        "overdue_end": end,
        "overdue_change": end - start,
    }


def test_restriction_report_july_literal_figures(sample_store: Database) -> None:
    with sample_store.session() as session:
        (july,) = restriction_report(session, first="2021-07").months

    assert {spec.key: july.value(spec.key) for spec in FIGURES} == JULY_2021
    assert july.summary_ru() == (
        "Направлено 96 предупреждений на 830 тыс. руб.; из должников, чей срок "
        "истёк, 88 % погасили долг или заключили соглашение о рассрочке; ограничено "
        "или отключено 18 абонентов с долгом 169 тыс. руб.; возобновлено подач: 12, "
        "из них с опозданием 3."
    )


def test_restriction_report_july_matches_the_rows(loaded_sqlite: Database) -> None:
    with loaded_sqlite.session() as session:
        (july,) = restriction_report(session, first="2021-07").months

    assert {spec.key: july.value(spec.key) for spec in FIGURES} == expected_july()


def test_restriction_report_figure_traces_to_file_lines(
    loaded_sqlite: Database,
) -> None:
    with loaded_sqlite.session() as session:
        (july,) = restriction_report(session, first="2021-07").months
        trail = trace_rows(session, RegistryKind.EVENTS, july["cut_off"].row_ids)
    lines = (SAMPLES / "events.csv").read_text(encoding="cp1251").splitlines()
    cells = [lines[item.line - 1].split(";") for item in trail]

    assert len(trail) == 18
    assert {c[2] for c in cells} == {"notice_sent"}
    assert sum((_money(c[3]) for c in cells), ZERO) == Decimal("169378.10")


def test_restriction_report_by_month_over_a_range(loaded_sqlite: Database) -> None:
    with loaded_sqlite.session() as session:
        report = restriction_report(session, first="2021-06", last="2021-08")
    june, july, august = report.months
    data = report.to_dict(trace=True)

    assert [m.month for m in report.months] == ["2021-06", "2021-07", "2021-08"]
    assert june.value("overdue_end") == july.value("overdue_start")
    assert {k: july.value(k) for k in JULY_2021} == JULY_2021
    assert data["months"][1]["figures"][0] == {
        "key": "warnings_sent",
        "label": "Направлено предупреждений",
        "unit": "count",
        "value": 96,
        "source": "events",
        "rows": 96,
        "row_ids": list(july["warnings_sent"].row_ids),
    }
    assert august.value("warnings_sent") != july.value("warnings_sent")


def test_restriction_report_exports(loaded_sqlite: Database) -> None:
    from docx import Document
    from openpyxl import load_workbook
    from PIL import Image

    with loaded_sqlite.session() as session:
        report = restriction_report(session, first="2021-06", last="2021-07")
    book = load_workbook(io.BytesIO(report_to_xlsx(report)))
    rows = {r[0]: r[1:] for r in book["Отчёт"].iter_rows(min_row=2, values_only=True)}
    document = Document(io.BytesIO(report_to_docx(report)))
    table = document.tables[0]
    cut = next(r for r in table.rows if r.cells[0].text.startswith("Абонентов огран"))

    assert [c.value for c in book["Отчёт"][1]] == [
        "Показатель",
        "Единица",
        "июнь 2021",
        "июль 2021",
    ]
    assert rows["Абонентов ограничено или отключено впервые"][0] == "шт."
    assert rows["Абонентов ограничено или отключено впервые"][2] == 18
    assert rows["Их долг по предупреждениям"][2] == pytest.approx(169378.10)
    assert book["Итоги"]["B2"].value == report.months[1].summary_ru()
    assert document.paragraphs[0].text == (
        "Ограничение режима потребления (ПП № 354): июнь 2021 — июль 2021"
    )
    assert cut.cells[3].text == "18"
    assert len(document.inline_shapes) == 1
    png = chart_png(report, width=400, height=200)
    assert Image.open(io.BytesIO(png)).size == (400, 200)
