"""Restriction routes: roles, audit, the steps of the procedure and the report."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers import restriction
from lexdesk.accounts import Role
from lexdesk.audit import AuditFilter, list_audit
from lexdesk.database import open_database
from lexdesk.settings import sqlite_url

ACCOUNTS = (
    "account,full_name,address,category,meter,norm_monthly_charge\n"
    "8800000100,Ветлов Олег Юрьевич,г. Светлоград,household,smart,1000\n"
    "8800000101,Лапина Ольга Сергеевна,г. Светлоград,household,conventional,1000\n"
    "8800000102,Гуляев Игорь Олегович,г. Светлоград,household,smart,1000\n"
)
BALANCES = (
    "account,as_of,debt,overdue_debt\n"
    "8800000100,2021-06-30,6000,5000\n"
    "8800000101,2021-06-30,4000,3000\n"
    "8800000102,2021-06-30,2500,1500\n"
)


@pytest.fixture(scope="module")
def http(data_dir: Path) -> Iterator[TestClient]:
    """The app with the restriction router (the lead wires it into create_app)."""
    app: FastAPI = create_app(data_dir=data_dir)
    if not any(getattr(r, "path", "") == "/restriction/queue" for r in app.routes):
        app.include_router(restriction.router)
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def roles(http: TestClient, data_dir: Path, signer: Any) -> dict[Role, dict[str, str]]:
    """A bearer header per role; the manager has uploaded the registries."""
    headers = {role: signer(http, data_dir, f"r-{role.value}", role) for role in Role}
    for kind, text in (("accounts", ACCOUNTS), ("balances", BALANCES)):
        response = http.post(
            f"/registries/{kind}",
            files={"file": (f"{kind}.csv", io.BytesIO(text.encode()), "text/csv")},
            headers=headers[Role.MANAGER],
        )
        assert response.status_code == 200, response.text
    return headers


TEAM = {Role.LAWYER, Role.MANAGER, Role.ADMIN}
MANAGERS = {Role.MANAGER, Role.ADMIN}


@pytest.mark.parametrize(
    ("method", "path", "allowed", "status"),
    [
        ("GET", "/restriction/candidates?on=2021-07-05", TEAM, 200),
        ("GET", "/restriction/queue?on=2021-07-05", TEAM, 200),
        ("GET", "/reports/restriction?month=2021-07", TEAM, 200),
        ("POST", "/restriction/orders?on=2021-06-01", MANAGERS, 200),
        ("POST", "/restriction/deliveries", MANAGERS, 422),
        ("POST", "/restriction/warnings", MANAGERS, 422),
        ("POST", "/restriction/statuses", MANAGERS, 422),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_restriction_routes_role_matrix(
    http: TestClient,
    roles: dict[Role, dict[str, str]],
    method: str,
    path: str,
    allowed: set[Role],
    status: int,
) -> None:
    assert http.request(method, path).status_code == 401
    for role in Role:
        response = http.request(method, path, headers=roles[role])
        expected = status if role in allowed else 403
        assert response.status_code == expected, (role, response.text)


def test_restriction_procedure_through_the_api(
    http: TestClient, roles: dict[Role, dict[str, str]], data_dir: Path
) -> None:
    manager, lawyer = roles[Role.MANAGER], roles[Role.LAWYER]

    candidates = http.get(
        "/restriction/candidates",
        params={"on": "2021-07-05", "all": "true"},
        headers=lawyer,
    ).json()
    warned = http.post(
        "/restriction/warnings",
        json={
            "sent_on": "2021-07-05",
            "channel": "sms",
            "items": [[c["account"], c["debt"]] for c in candidates if c["selected"]],
        },
        headers=manager,
    )
    delivered = http.post(
        "/restriction/deliveries",
        json=[
            {"account": "8800000100", "delivered_on": "2021-07-06", "channel": "sms"}
        ],
        headers=manager,
    )
    orders = http.post(
        "/restriction/orders", params={"on": "2021-07-27"}, headers=manager
    ).json()
    statuses = http.post(
        "/restriction/statuses",
        files={
            "file": (
                "st.csv",
                io.BytesIO(b"order,status,executed_on\nOGR,executed,2021-07-27\n"),
                "text/csv",
            )
        },
        headers=manager,
    )
    number = orders[0]["number"]
    applied = http.post(
        "/restriction/statuses",
        files={
            "file": (
                "st.csv",
                io.BytesIO(
                    f"order,status,executed_on\n{number},executed,2021-07-27\n".encode()
                ),
                "text/csv",
            )
        },
        headers=manager,
    ).json()
    queue = http.get(
        "/restriction/queue", params={"on": "2021-07-31"}, headers=lawyer
    ).json()
    report = http.get(
        "/reports/restriction", params={"month": "2021-07"}, headers=lawyer
    ).json()
    xlsx = http.get(
        "/reports/restriction",
        params={"month": "2021-07", "format": "xlsx"},
        headers=lawyer,
    )

    assert [(c["account"], c["reason"]) for c in candidates] == [
        ("8800000100", "selected"),
        ("8800000101", "selected"),
        ("8800000102", "below_threshold"),
    ]
    assert warned.status_code == 200
    assert len(warned.json()["event_ids"]) == 2
    assert delivered.status_code == 200
    assert [(o["account"], o["measure"], o["status"]) for o in orders] == [
        ("8800000100", "remote_limit", "requested")
    ]
    assert (data_dir / "metering" / "outbox" / f"{number}.json").is_file()
    assert statuses.status_code == 422
    assert "номер распоряжения «OGR» не распознан" in statuses.json()["detail"]
    assert (applied["executed"], applied["unknown"]) == (1, [])
    (due,) = [p for p in queue["due"] if p["account"] == "8800000100"]
    assert (due["stage"], due["restricted_on"]) == ("restricted", "2021-07-27")
    assert due["next_step"]["due"] == "2021-08-07"
    waiting = [p for p in queue["due"] if p["account"] == "8800000101"]
    assert waiting[0]["stage"] == "awaiting_delivery"
    figures = {f["key"]: f["value"] for f in report["months"][0]["figures"]}
    assert (figures["warnings_sent"], figures["warnings_delivered"]) == (2, 1)
    assert (figures["restricted"], figures["restricted_sum"]) == (1, "5000.00")
    assert xlsx.headers["content-disposition"] == (
        'attachment; filename="restriction-2021-07.xlsx"'
    )

    database = open_database(sqlite_url(data_dir))
    try:
        with database.session() as session:
            _, rows = list_audit(
                session, AuditFilter(user="r-lawyer"), limit=50, offset=0
            )
    finally:
        database.close()
    assert {(row.action, row.object_type) for row in rows} >= {("searched", "debtor")}


HUGE = "99999999999999999999999999.00"


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        (
            "/restriction/warnings",
            {"sent_on": "2021-07-01", "channel": "sms", "items": [["8800000100", HUGE]]},
            "items",
            f"значение должно быть не больше 1000000000000 (получено «{HUGE}»)",
        ),
        (
            "/restriction/warnings",
            {"sent_on": "9999-12-31", "channel": "sms", "items": [["8800000100", "5000.00"]]},
            "sent_on",
            "значение должно быть не больше 2100-12-31 (получено «9999-12-31»)",
        ),
        (
            "/restriction/deliveries",
            [{"account": "8800000100", "delivered_on": "0001-01-01", "channel": "sms"}],
            "delivered_on",
            "значение должно быть не меньше 1990-01-01 (получено «0001-01-01»)",
        ),
    ],
    ids=["huge-debt", "sent-9999", "delivered-0001"],
)  # fmt: skip
def test_restriction_steps_refuse_values_outside_the_limits(
    http: TestClient,
    roles: dict[Role, dict[str, str]],
    path: str,
    body: Any,
    field: str,
    message: str,
) -> None:
    response = http.post(path, json=body, headers=roles[Role.MANAGER])

    assert response.status_code == 422
    assert [e["message"] for e in response.json()["errors"]] == [message]
    assert response.json()["errors"][0]["field"].endswith(field)
