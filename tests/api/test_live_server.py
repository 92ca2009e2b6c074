"""The API served for real: uvicorn in a subprocess on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lexdesk.accounts import Role, create_user
from lexdesk.database import create_schema, open_database
from lexdesk.settings import sqlite_url

PASSWORD = "live server password"

# How long the server may take to start on a busy two-core machine: a guard
# against hanging forever, not a timing assertion.
STARTUP_LIMIT_S = 60.0


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(
    process: subprocess.Popen[bytes], base_url: str, log_path: Path
) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_S
    with httpx.Client(base_url=base_url, trust_env=False) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"uvicorn exited: {log_path.read_text(errors='replace')}")
            try:
                http.get("/health", timeout=2.0)
            except httpx.TransportError:
                time.sleep(0.2)
                continue
            return
    pytest.fail(f"uvicorn did not answer within {STARTUP_LIMIT_S} s")


@pytest.fixture(scope="module")
def live_url(
    data_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """Base URL of ``uvicorn api.app:create_app`` serving ``data_dir`` via LEXDESK_HOME."""
    database = open_database(sqlite_url(data_dir))
    create_schema(database)
    with database.session() as session:
        create_user(session, "live", role=Role.VIEWER, password=PASSWORD)
    database.close()
    port = _free_loopback_port()
    env = {**os.environ, "LEXDESK_HOME": str(data_dir)}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "info",
    ]
    log_path = tmp_path_factory.mktemp("uvicorn") / "server.log"
    base_url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        try:
            _wait_until_up(process, base_url, log_path)
            yield base_url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _token(base_url: str) -> dict[str, str]:
    with httpx.Client(base_url=base_url, trust_env=False) as http:
        response = http.post(
            "/auth/token", data={"username": "live", "password": PASSWORD}
        )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_live_server_search_marks_the_found_word_form(live_url: str) -> None:
    with httpx.Client(
        base_url=live_url, trust_env=False, headers=_token(live_url)
    ) as http:
        response = http.get("/search", params={"q": "должнику", "kind": "court_order"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["total"] == 1
    (hit,) = body["hits"]
    assert hit["id"] == "order-2-555-2022"
    assert "Взыскать с <mark>должника</mark> Сидоровой" in hit["snippet"]


def test_live_server_reports_the_index_of_lexdesk_home(live_url: str) -> None:
    with httpx.Client(
        base_url=live_url, trust_env=False, headers=_token(live_url)
    ) as http:
        health = http.get("/health").json()
        problem = http.get("/search", params={"q": "(пени"})

    assert health == {"status": "ok", "documents": 5}
    assert problem.status_code == 400
    assert problem.headers["content-type"] == "application/problem+json"
    assert problem.json()["position"] == 0
