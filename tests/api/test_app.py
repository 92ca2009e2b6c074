"""The app as a whole: OpenAPI document, routing errors, the request log."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from lexdesk.accounts import Role

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    spec: dict[str, Any] = response.json()
    return spec


def _api_operations(app: FastAPI) -> set[tuple[str, str]]:
    # FastAPI keeps included routers as branches; iter_route_contexts flattens them.
    return {
        (context.path, method.lower())
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
        for method in context.methods or ()
    }


def test_openapi_lists_every_route(openapi: dict[str, Any], app: FastAPI) -> None:
    documented = {
        (path, method) for path, item in openapi["paths"].items() for method in item
    }

    assert openapi["info"]["title"] == "lexdesk API"
    assert documented == _api_operations(app)
    assert {"/health", "/auth/token", "/search", "/documents/{doc_id}"} <= set(
        openapi["paths"]
    )


def test_openapi_every_operation_is_documented(openapi: dict[str, Any]) -> None:
    operations = [op for path in openapi["paths"].values() for op in path.values()]

    assert len(operations) >= 6
    for operation in operations:
        assert operation["summary"]
        assert len(operation["description"]) > 40
        success = min(code for code in operation["responses"] if code < "300")
        assert success in {"200", "201", "204"}


@pytest.mark.parametrize(
    ("path", "statuses"),
    [
        pytest.param("/search", ["400", "401", "403", "422", "503"], id="search"),
        pytest.param(
            "/documents/{doc_id}", ["401", "403", "404", "422", "503"], id="documents"
        ),
        pytest.param("/health", ["503"], id="health"),
    ],
)
def test_openapi_errors_are_problem_json(
    openapi: dict[str, Any], path: str, statuses: list[str]
) -> None:
    responses = openapi["paths"][path]["get"]["responses"]

    errors = sorted(status for status in responses if status != "200")
    assert errors == statuses
    for status in statuses:
        content = responses[status]["content"]
        assert content == {"application/problem+json": {"schema": PROBLEM_REF}}


def test_openapi_problem_schema_has_position(openapi: dict[str, Any]) -> None:
    properties = openapi["components"]["schemas"]["Problem"]["properties"]

    assert {"type", "title", "status", "detail", "position", "errors"} <= set(
        properties
    )
    assert "HTTPValidationError" not in openapi["components"]["schemas"]


def test_unknown_path_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/no/such/path")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Не найдено",
        "status": 404,
        "detail": "Такого адреса в API нет.",
    }


def test_wrong_method_is_a_405_problem_with_allow(client: TestClient) -> None:
    response = client.post("/search", params={"q": "долг"})

    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json()["title"] == "Метод не поддерживается"
    assert response.json()["detail"] == (
        "Этот метод HTTP для данного адреса не поддерживается."
    )


def test_request_log_has_query_length_not_query_text(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="api.app"):
        client.get("/search", params={"q": "Петрову"})

    lines = [r.getMessage() for r in caplog.records if r.name == "api.app"]
    assert len(lines) == 1
    assert lines[0].startswith("GET /search -> 200 in ")
    assert lines[0].endswith("query_chars=7 total=1 returned=1")
    assert "Петров" not in caplog.text


def _drop_table(data_dir: Path, table: str) -> None:
    with closing(sqlite3.connect(data_dir / "index.sqlite3")) as db:
        db.execute(f"DROP TABLE {table}")
        db.commit()


def test_index_failure_in_search_is_a_503_problem(
    own_data_dir: Path, signer: Callable[..., dict[str, str]]
) -> None:
    with TestClient(create_app(data_dir=own_data_dir)) as broken:
        headers = signer(broken, own_data_dir, "reader", Role.VIEWER)
        _drop_table(own_data_dir, "docs_fts")
        response = broken.get("/search", params={"q": "долг"}, headers=headers)

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:lexdesk:problem:unavailable"
    assert body["title"] == "Сервис временно недоступен"
    assert body["detail"].startswith("Ошибка индекса")


def test_unexpected_error_is_a_500_problem_and_logged(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def fail() -> None:
        raise RuntimeError("a bug")

    app = create_app(data_dir=data_dir)
    app.add_api_route("/fail", fail)
    with TestClient(app, raise_server_exceptions=False) as failing:
        response = failing.get("/fail")

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:lexdesk:problem:internal",
        "title": "Внутренняя ошибка сервера",
        "status": 500,
        "detail": "Внутренняя ошибка сервера. Повторите попытку позже.",
    }
    failures = [r for r in caplog.records if r.name == "api.problems"]
    assert [r.getMessage() for r in failures] == ["unhandled error on GET /fail"]
    assert failures[0].exc_info is not None
