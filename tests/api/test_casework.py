"""Casework routes: registry upload, debtors (audited), the collection report."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers import casework
from lexdesk.accounts import Role
from lexdesk.audit import AuditFilter, list_audit
from lexdesk.database import create_schema, open_database
from lexdesk.settings import sqlite_url

ACCOUNTS = (
    "account,full_name,address,category,meter,norm_monthly_charge\n"
    "100,Ветлов Олег Юрьевич,г. Светлоград,household,smart,1000\n"
    "200,ООО «Вектор-Агро»,пос. Новосветлый,legal_entity,none,20000\n"
)
BALANCES = (
    "account,as_of,debt,overdue_debt\n"
    "100,2021-06-30,6000,5000\n"
    "100,2021-07-31,7000,6000\n"
    "200,2021-07-31,90000,80000\n"
)
EVENTS = (
    "account;date;event;amount;ref;details\n"
    "100;05.07.2021;claim_sent;6000,00;;\n"
    "200;06.07.2021;order_filed;80000,00;2-5/2021;\n"
    "200;20.07.2021;order_issued;81600,00;2-5/2021;\n"
)
PAYMENTS = "account,paid_on,amount,channel,ref\n100,2021-07-20,1000,voluntary,\n"


@pytest.fixture(scope="module")
def casework_app(data_dir: Path) -> FastAPI:
    """The API app with the casework router (the lead wires it into create_app)."""
    app = create_app(data_dir=data_dir)
    if not any(getattr(r, "path", "") == "/debtors" for r in app.routes):
        app.include_router(casework.router)
    return app


@pytest.fixture(scope="module")
def http(casework_app: FastAPI) -> Iterator[TestClient]:
    """A started app without credentials."""
    with TestClient(casework_app) as client:
        yield client


@pytest.fixture(scope="module")
def manager(http: TestClient, data_dir: Path, signer: object) -> dict[str, str]:
    """Headers of a manager, after the registries were uploaded by them."""
    headers: dict[str, str] = signer(http, data_dir, "cw-manager", Role.MANAGER)  # type: ignore[operator]
    for kind, name, text, encoding in (
        ("accounts", "accounts.csv", ACCOUNTS, "utf-8"),
        ("balances", "balances.csv", BALANCES, "utf-8"),
        ("events", "events.csv", EVENTS, "cp1251"),
        ("payments", "payments.csv", PAYMENTS, "utf-8"),
    ):
        response = http.post(
            f"/registries/{kind}",
            files={"file": (name, io.BytesIO(text.encode(encoding)), "text/csv")},
            headers=headers,
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "applied"
    return headers


@pytest.fixture(scope="module")
def lawyer(http: TestClient, data_dir: Path, signer: object) -> dict[str, str]:
    """Headers of a lawyer."""
    return signer(http, data_dir, "cw-lawyer", Role.LAWYER)  # type: ignore[operator,no-any-return]


def test_upload_same_file_again_is_already_imported(
    http: TestClient, manager: dict[str, str]
) -> None:
    response = http.post(
        "/registries/accounts",
        files={"file": ("again.csv", io.BytesIO(ACCOUNTS.encode()), "text/csv")},
        headers=manager,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "already_imported"


def test_upload_with_bad_rows_is_422_with_the_rows(
    http: TestClient, manager: dict[str, str]
) -> None:
    bad = "account,paid_on,amount,channel\n100,2021-07-21,-5,voluntary\n"
    response = http.post(
        "/registries/payments",
        files={"file": ("bad.csv", io.BytesIO(bad.encode()), "text/csv")},
        headers=manager,
    )
    assert response.status_code == 422
    body = response.json()
    assert (body["status"], body["written"], body["error_count"]) == ("rejected", 0, 1)
    assert body["errors"] == [
        {
            "file": "bad.csv",
            "line": 2,
            "column": "amount",
            "value": "-5",
            "reason": "должно быть больше 0",
        }
    ]


def test_upload_needs_a_manager(
    http: TestClient, lawyer: dict[str, str], manager: dict[str, str]
) -> None:
    response = http.post(
        "/registries/accounts",
        files={"file": ("a.csv", io.BytesIO(ACCOUNTS.encode()), "text/csv")},
        headers=lawyer,
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Недостаточно прав")


def test_debtor_is_returned_and_audited(
    http: TestClient, manager: dict[str, str], lawyer: dict[str, str], data_dir: Path
) -> None:
    response = http.get("/debtors/200", headers=lawyer)
    assert response.status_code == 200
    body = response.json()
    assert (body["full_name"], body["stage"], body["cases"]) == (
        "ООО «Вектор-Агро»",
        "order_issued",
        ["2-5/2021"],
    )
    assert body["next_action"] == {
        "action": "Получить судебный приказ и предъявить его к исполнению",
        "deadline": "2021-08-19",
        "basis": "ГПК РФ ст. 128, 130",
    }
    database = open_database(sqlite_url(data_dir))
    create_schema(database)
    with database.session() as session:
        total, rows = list_audit(
            session, AuditFilter(object_id="200"), limit=10, offset=0
        )
    database.close()
    assert total == 1
    assert (rows[0].user, rows[0].action.value, rows[0].object_type.value) == (
        "cw-lawyer",
        "opened",
        "debtor",
    )


def test_unknown_debtor_is_404(http: TestClient, lawyer: dict[str, str]) -> None:
    response = http.get("/debtors/999", headers=lawyer)
    assert response.status_code == 404
    assert response.json()["detail"] == "Лицевой счёт «999» не найден в реестрах."


def test_debtor_list_is_ordered_by_overdue_debt(
    http: TestClient, manager: dict[str, str]
) -> None:
    response = http.get("/debtors", headers=manager)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert body["as_of"] == "2021-07-31"
    assert [(d["account"], d["overdue_debt"], d["stage"]) for d in body["debtors"]] == [
        ("200", "80000.00", "order_issued"),
        ("100", "6000.00", "claim"),
    ]


def test_collection_report_json(http: TestClient, manager: dict[str, str]) -> None:
    response = http.get(
        "/reports/collection", params={"month": "2021-07"}, headers=manager
    )
    assert response.status_code == 200
    figures = {f["key"]: f["value"] for f in response.json()["months"][0]["figures"]}
    assert figures["claims_sent"] == 1
    assert figures["orders_filed"] == 1
    assert figures["claimed"] == "80000.00"
    assert figures["awarded"] == "81600.00"
    assert figures["collected_voluntary"] == "1000.00"
    assert (figures["overdue_start"], figures["overdue_end"]) == ("5000.00", "86000.00")


@pytest.mark.parametrize(
    ("report_format", "magic", "media"),
    [
        (
            "xlsx",
            b"PK",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "docx",
            b"PK",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_collection_report_files(
    http: TestClient,
    manager: dict[str, str],
    report_format: str,
    magic: bytes,
    media: str,
) -> None:
    response = http.get(
        "/reports/collection",
        params={"month": "2021-06", "to": "2021-07", "format": report_format},
        headers=manager,
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == media
    assert response.headers["content-disposition"] == (
        f'attachment; filename="collection-2021-06-2021-07.{report_format}"'
    )
    assert response.content.startswith(magic)


def test_collection_report_reversed_range_is_400(
    http: TestClient, manager: dict[str, str]
) -> None:
    response = http.get(
        "/reports/collection",
        params={"month": "2021-07", "to": "2021-01"},
        headers=manager,
    )
    assert response.status_code == 400
    assert "раньше его начала" in response.json()["detail"]


HUGE = "99999999999999999999999999.00"
OUTSIDE = "вне допустимого диапазона: от 1990-01 до 2100-12."
EXPECTED = "ожидается ГГГГ-ММ, например 2021-07."
INVALID = "недопустимое значение (получено «2021-7»)."


def test_upload_huge_amount_is_422_with_the_row_and_stores_nothing(
    http: TestClient, manager: dict[str, str]
) -> None:
    bad = f"account,paid_on,amount,channel\n100,2021-07-22,{HUGE},voluntary\n"
    response = http.post(
        "/registries/payments",
        files={"file": ("huge.csv", io.BytesIO(bad.encode()), "text/csv")},
        headers=manager,
    )
    report = http.get("/reports/collection?month=2021-07", headers=manager).json()
    collected = {f["key"]: f["value"] for f in report["months"][0]["figures"]}

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "file": "huge.csv",
            "line": 2,
            "column": "amount",
            "value": HUGE,
            "reason": "слишком большая сумма: допустимо не более "
            "1 000 000 000 000 руб. по модулю",
        }
    ]
    assert collected["collected"] == "1000.00"


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"month": "9999-12"}, 400, f"Месяц «9999-12» {OUTSIDE}"),
        ({"month": "0001-01"}, 400, f"Месяц «0001-01» {OUTSIDE}"),
        ({"month": "2021-07", "to": "2101-01"}, 400, f"Месяц «2101-01» {OUTSIDE}"),
        ({"month": "2021-13"}, 400, f"Неверный месяц «2021-13»: {EXPECTED}"),
        ({"month": "2021-7"}, 422, f"Неверные параметры запроса: «month» — {INVALID}"),
    ],
    ids=["year-9999", "year-1", "to-2101", "month-13", "one-digit-month"],
)  # fmt: skip
@pytest.mark.parametrize("report", ["collection", "restriction"])
def test_report_month_outside_the_span_is_a_russian_problem(
    http: TestClient,
    manager: dict[str, str],
    report: str,
    params: dict[str, str],
    status: int,
    detail: str,
) -> None:
    response = http.get(f"/reports/{report}", params=params, headers=manager)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == detail


@pytest.mark.parametrize(
    ("path", "day", "message"),
    [
        ("/debtors", "9999-12-31", "значение должно быть не больше 2100-12-31"),
        ("/debtors/100", "0001-01-01", "значение должно быть не меньше 1990-01-01"),
        ("/restriction/queue", "9999-12-31", "значение должно быть не больше 2100-12-31"),
        ("/restriction/candidates", "1989-12-31", "значение должно быть не меньше 1990-01-01"),
    ],
    ids=["debtors", "debtor", "queue", "candidates"],
)  # fmt: skip
def test_date_parameter_outside_the_span_is_422(
    http: TestClient, manager: dict[str, str], path: str, day: str, message: str
) -> None:
    name = "as_of" if path.startswith("/debtors") else "on"

    response = http.get(path, params={name: day}, headers=manager)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"field": name, "message": f"{message} (получено «{day}»)"}
    ]


def test_report_range_is_the_months_with_registry_rows(
    http: TestClient, manager: dict[str, str], lawyer: dict[str, str]
) -> None:
    response = http.get("/reports/range", headers=lawyer)

    assert response.status_code == 200
    assert response.json() == {"first": "2021-06", "last": "2021-07"}


# The casework routes and the least role that may call each, as the README's
# «Roles» table states them (a role has the rights of the rows above it).
CASEWORK_RIGHTS = (
    ("GET", "/debtors", Role.LAWYER),
    ("GET", "/debtors/{account}", Role.LAWYER),
    ("GET", "/reports/collection", Role.LAWYER),
    ("GET", "/reports/restriction", Role.LAWYER),
    ("GET", "/reports/range", Role.LAWYER),
    ("GET", "/restriction/…", Role.LAWYER),
    ("POST", "/registries/{kind}", Role.MANAGER),
    ("POST", "/restriction/warnings", Role.MANAGER),
)
README = Path(__file__).resolve().parents[2] / "README.md"


def _roles_table() -> dict[str, str]:
    section = README.read_text(encoding="utf-8").split("### Roles", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {row.split("`")[1]: row for row in rows}


@pytest.mark.parametrize(
    ("method", "path", "least"),
    CASEWORK_RIGHTS,
    ids=[f"{method} {path}" for method, path, _ in CASEWORK_RIGHTS],
)
def test_readme_roles_table_names_the_casework_rights(
    method: str, path: str, least: Role
) -> None:
    table = _roles_table()

    assert path.rsplit("/", 1)[-1] in table[least.value]
    assert "audit" in table[Role.LAWYER.value]


@pytest.mark.parametrize(
    ("path", "below", "least"),
    [
        ("/debtors", Role.VIEWER, Role.LAWYER),
        ("/reports/collection?month=2021-07", Role.VIEWER, Role.LAWYER),
        ("/reports/range", Role.VIEWER, Role.LAWYER),
    ],
    ids=["debtors", "collection", "range"],
)
def test_casework_reads_are_for_lawyers_up(
    http: TestClient,
    data_dir: Path,
    signer: Any,
    path: str,
    below: Role,
    least: Role,
) -> None:
    name = path.split("?")[0].replace("/", "-")
    refused = http.get(path, headers=signer(http, data_dir, f"b{name}", below))
    allowed = http.get(path, headers=signer(http, data_dir, f"l{name}", least))

    assert (refused.status_code, allowed.status_code) == (403, 200)
