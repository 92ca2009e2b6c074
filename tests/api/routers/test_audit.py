"""The audit trail: rows written by search, open and export; read by auditors only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from api.app import create_app
from lexdesk.accounts import Role
from lexdesk.database import open_database
from lexdesk.settings import sqlite_url

SignIn = Callable[[TestClient, Path, str, Role], dict[str, str]]

# The columns of an audit item that vary (row id and time) are checked apart.
VARYING = {"id", "at"}


@pytest.fixture
def fresh(own_data_dir: Path, signer: SignIn) -> Any:
    """A started app over its own store, a lawyer's and an auditor's headers."""
    with TestClient(create_app(data_dir=own_data_dir)) as http:
        lawyer = signer(http, own_data_dir, "petrova", Role.LAWYER)
        auditor = signer(http, own_data_dir, "control", Role.AUDITOR)
        yield http, lawyer, auditor


def _items(http: TestClient, auditor: dict[str, str], **params: Any) -> Any:
    response = http.get("/audit", params=params, headers=auditor)
    assert response.status_code == 200, response.text
    return response.json()


def _stable(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key not in VARYING}


def test_audit_records_search_open_and_export_with_exact_fields(fresh: Any) -> None:
    http, lawyer, auditor = fresh
    started = dt.datetime.now(dt.UTC)

    http.get("/search", params={"q": "Петрову"}, headers=lawyer)
    http.get("/documents/dec-2-1016-2021", headers=lawyer)
    http.get(
        "/search/export", params={"q": "должник", "format": "xlsx"}, headers=lawyer
    )
    page = _items(http, auditor, user="petrova")

    assert page["total"] == 4
    assert [_stable(item) for item in page["items"]] == [
        {
            "user": "petrova",
            "api_key_id": None,
            "action": "exported",
            "object_type": "search",
            "object_id": None,
            "query_chars": 7,
            "hits": 3,
            "export_format": "xlsx",
        },
        {
            "user": "petrova",
            "api_key_id": None,
            "action": "opened",
            "object_type": "document",
            "object_id": "dec-2-1016-2021",
            "query_chars": None,
            "hits": None,
            "export_format": None,
        },
        {
            "user": "petrova",
            "api_key_id": None,
            "action": "searched",
            "object_type": "search",
            "object_id": None,
            "query_chars": 7,
            "hits": 1,
            "export_format": None,
        },
        {
            "user": "petrova",
            "api_key_id": None,
            "action": "logged_in",
            "object_type": "user",
            "object_id": "petrova",
            "query_chars": None,
            "hits": None,
            "export_format": None,
        },
    ]
    moments = [dt.datetime.fromisoformat(item["at"]) for item in page["items"]]
    assert [at.utcoffset() for at in moments] == [dt.timedelta(0)] * 4
    assert moments == sorted(moments, reverse=True)
    assert moments[0] >= started


def test_audit_never_stores_the_query_text(fresh: Any, own_data_dir: Path) -> None:
    http, lawyer, _ = fresh
    http.get("/search", params={"q": "Сидоровой"}, headers=lawyer)

    database = open_database(sqlite_url(own_data_dir))
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM audit_events")).all()
    database.close()

    assert "Сидоров" not in repr(rows)


def test_audit_finds_a_search_by_its_query_text(fresh: Any) -> None:
    http, lawyer, auditor = fresh
    http.get("/search", params={"q": "Петрову"}, headers=lawyer)
    http.get("/search", params={"q": "пени"}, headers=lawyer)

    found = _items(http, auditor, query="  петрову ")
    other = _items(http, auditor, query="Иванову")

    assert [(i["action"], i["query_chars"]) for i in found["items"]] == [
        ("searched", 7)
    ]
    assert other["total"] == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({"action": "opened"}, ["opened"], id="action"),
        pytest.param(
            {"object_type": "document", "object_id": "gk-rf-544"},
            ["opened"],
            id="object",
        ),
        pytest.param({"user": "control"}, ["logged_in"], id="user"),
        pytest.param({"date_to": "2000-01-01"}, [], id="date-range"),
        pytest.param(
            {"action": "searched", "limit": 1, "offset": 0}, ["searched"], id="page"
        ),
    ],
)
def test_audit_filters(fresh: Any, params: dict[str, Any], expected: list[str]) -> None:
    http, lawyer, auditor = fresh
    http.get("/search", params={"q": "энергии"}, headers=lawyer)
    http.get("/documents/gk-rf-544", headers=lawyer)

    page = _items(http, auditor, **params)

    assert [item["action"] for item in page["items"]] == expected


def test_audit_today_range_includes_todays_rows(fresh: Any) -> None:
    http, _, auditor = fresh
    today = dt.datetime.now(dt.UTC).date().isoformat()

    page = _items(http, auditor, date_from=today, date_to=today)

    assert page["total"] == 2


def test_audit_reversed_range_is_a_422_problem(fresh: Any) -> None:
    http, _, auditor = fresh
    response = http.get(
        "/audit",
        params={"date_from": "2024-02-01", "date_to": "2024-01-01"},
        headers=auditor,
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "date_to",
            "message": "конец периода (01.01.2024) раньше его начала (01.02.2024).",
        }
    ]


def test_audit_has_no_route_that_changes_it(app: FastAPI, client: TestClient) -> None:
    for method in ("PUT", "PATCH", "DELETE", "POST"):
        response = client.request(method, "/audit")

        assert response.status_code == 405, method
        assert response.headers["allow"] == "GET"


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("UPDATE audit_events SET user_id = 1", id="update"),
        pytest.param("DELETE FROM audit_events", id="delete"),
    ],
)
def test_audit_store_refuses_update_and_delete(
    fresh: Any, own_data_dir: Path, statement: str
) -> None:
    database = open_database(sqlite_url(own_data_dir))
    try:
        with (
            pytest.raises(DatabaseError, match="audit_events is append-only"),
            database.engine.begin() as connection,
        ):
            connection.execute(text(statement))
        with database.engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM audit_events"))
            assert count.scalar_one() == 2
    finally:
        database.close()
