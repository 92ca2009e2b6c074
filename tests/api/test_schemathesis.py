"""Property-based requests from the live OpenAPI document: no answer is a 5xx.

schemathesis reads /openapi.json from the API served on a loopback port and sends
generated requests to every operation as an administrator (the role that
reaches the most routes), a bounded number of examples per operation.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import requests
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from lexdesk.accounts import Role, create_user
from lexdesk.settings import sqlite_url
from lexdesk.store import open_store

# A guard against a server that never comes up, not a timing assertion.
STARTUP_LIMIT_S = 60.0

# Generated requests per operation: enough to hit empty, huge and odd values.
MAX_EXAMPLES = 12

ADMIN_PASSWORD = "schemathesis admin password"


@pytest.fixture(scope="module")
def live_api(data_dir: Path) -> Iterator[str]:
    """Base URL of the API over the test index, served by uvicorn in a thread."""
    database = open_store(sqlite_url(data_dir))
    with database.session() as session:
        create_user(session, "st-admin", role=Role.ADMIN, password=ADMIN_PASSWORD)
    database.close()

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        create_app(data_dir=data_dir), log_level="warning", http="h11", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, daemon=True
    )
    thread.start()
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the API server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


@pytest.fixture(scope="module")
def admin_headers(live_api: str) -> dict[str, str]:
    """The administrator's bearer header."""
    with httpx.Client(base_url=live_api, trust_env=False) as http:
        response = http.post(
            "/auth/token", data={"username": "st-admin", "password": ADMIN_PASSWORD}
        )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="module")
def http_session() -> Iterator[requests.Session]:
    """A requests session that ignores proxy variables (loopback only)."""
    session = requests.Session()
    session.trust_env = False
    yield session
    session.close()


@pytest.fixture(scope="module")
def live_schema(live_api: str) -> schemathesis.BaseSchema:
    """The API's OpenAPI document, as served."""
    return schemathesis.openapi.from_url(f"{live_api}/openapi.json")


# schemathesis.pytest.from_fixture (the lazy pytest integration) fails on pytest 9.2
# («'Function' object has no attribute '_nodeid'»), so each operation's case
# strategy runs under hypothesis directly.


@pytest.mark.slow
def test_api_answers_no_server_error(
    live_schema: schemathesis.BaseSchema,
    admin_headers: dict[str, str],
    http_session: requests.Session,
) -> None:
    failures: dict[str, str] = {}
    labels = []
    for result in live_schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def send(case: schemathesis.Case) -> None:
            case.call_and_validate(
                headers=admin_headers,
                session=http_session,
                checks=[not_a_server_error],
            )

        try:
            send()
        except Exception as error:  # one operation's failure must not hide the next
            failures[operation.label] = f"{type(error).__name__}: {error}"[:2000]

    assert len(labels) >= 20
    assert "GET /search" in labels
    assert failures == {}
