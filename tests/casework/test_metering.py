"""The metering clients: HTTP against a fake metering server on loopback, file
drop, and status files."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from casework.metering import (
    FileDropClient,
    HttpMeteringClient,
    MeterOrder,
    read_status_file,
)
from casework.restriction.models import CommandState
from casework.restriction.procedure import Measure
from lexdesk.errors import DataError, InfrastructureError


class FakeMetering(BaseHTTPRequestHandler):
    """A stand-in for the metering system's API: POST /commands.

    Account «500» is refused (400 with a failed status), «503» makes a server
    error, every other command is accepted as requested.
    """

    received: ClassVar[list[tuple[str, dict[str, Any], str]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((self.path, body, self.headers.get("Authorization", "")))
        if body["account"] == "503":
            self._answer(503, {"error": "maintenance"})
        elif body["account"] == "500":
            self._answer(400, {"status": "failed", "detail": "прибор не на связи"})
        else:
            self._answer(202, {"id": "CMD-1", "status": "requested"})

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def metering_url() -> Iterator[str]:
    """The fake metering server's URL on a free loopback port."""
    FakeMetering.received.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeMetering)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()


def _order(account: str) -> MeterOrder:
    return MeterOrder(
        "ОГР-2021-000001",
        account,
        Measure.REMOTE_LIMIT,
        dt.date(2021, 7, 29),
        Decimal("1.0"),
    )


def test_http_client_sends_the_order_and_reads_requested(metering_url: str) -> None:
    client = HttpMeteringClient(metering_url, token="secret")
    try:
        status = client.send(_order("100"))
    finally:
        client.close()

    assert (status.state, status.external_id) == (CommandState.REQUESTED, "CMD-1")
    assert FakeMetering.received == [
        (
            "/api/commands",
            {
                "order": "ОГР-2021-000001",
                "account": "100",
                "command": "limit",
                "due_on": "2021-07-29",
                "power_limit_kw": "1.0",
            },
            "Bearer secret",
        )
    ]


def test_http_client_refusal_is_a_failed_status(metering_url: str) -> None:
    client = HttpMeteringClient(metering_url)
    try:
        status = client.send(_order("500"))
    finally:
        client.close()

    assert (status.state, status.detail) == (CommandState.FAILED, "прибор не на связи")


def test_http_client_server_error_is_infrastructure(metering_url: str) -> None:
    client = HttpMeteringClient(metering_url)
    try:
        with pytest.raises(InfrastructureError) as caught:
            client.send(_order("503"))
    finally:
        client.close()

    assert caught.value.user_message == (
        "Система учёта ответила ошибкой 503: команда ОГР-2021-000001 не отправлена."
    )


def test_http_client_unreachable_is_infrastructure() -> None:
    client = HttpMeteringClient("http://127.0.0.1:9", timeout=2.0)
    try:
        with pytest.raises(InfrastructureError) as caught:
            client.send(_order("100"))
    finally:
        client.close()

    assert caught.value.user_message.startswith(
        "Система учёта по адресу http://127.0.0.1:9 недоступна"
    )


def test_file_drop_writes_json_and_journal(tmp_path: Path) -> None:
    client = FileDropClient(tmp_path / "out")
    first = client.send(_order("100"))
    client.send(MeterOrder("ВОЗ-2021-000002", "100", Measure.REMOTE_RECONNECT, None))

    assert first.state is CommandState.REQUESTED
    assert (
        json.loads((tmp_path / "out" / "ОГР-2021-000001.json").read_text())["command"]
        == "limit"
    )
    assert (tmp_path / "out" / "orders.csv").read_text().splitlines() == [
        "order,account,command,due_on,power_limit_kw",
        "ОГР-2021-000001,100,limit,2021-07-29,1.0",
        "ВОЗ-2021-000002,100,reconnect,,",
    ]


def test_read_status_file_lines() -> None:
    data = (
        "\ufefforder;status;executed_on;detail;external_id\n"
        "ОГР-2021-000001;EXECUTED;2021-07-29;лимит 1 кВт;M-7\n"
        "ПРИ-2021-000002;failed;;нет связи;\n"
    ).encode()

    lines = read_status_file(data, name="st.csv")

    assert [(x.line, x.order, x.status.state, x.status.executed_on) for x in lines] == [
        (2, "ОГР-2021-000001", CommandState.EXECUTED, dt.date(2021, 7, 29)),
        (3, "ПРИ-2021-000002", CommandState.FAILED, None),
    ]
    assert lines[0].status.external_id == "M-7"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("order,status\n", "Файл статусов st.csv, строка 1: нет колонок: executed_on."),
        (
            "order,status,executed_on\nОГР-2021-000001,done,\n",
            "Файл статусов st.csv, строка 2: статус должен быть requested, executed "
            "или failed.",
        ),
        (
            "order,status,executed_on\nОГР-2021-000001,executed,\n",
            "Файл статусов st.csv, строка 2: для executed нужна дата executed_on.",
        ),
        (
            "order,status,executed_on\nОГР-2021-000001,executed,29.07.2021\n",
            "Файл статусов st.csv, строка 2: дата «29.07.2021» не ГГГГ-ММ-ДД.",
        ),
    ],
    ids=["missing-column", "bad-status", "no-date", "bad-date"],
)
def test_read_status_file_refuses_bad_lines(text: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        read_status_file(text.encode(), name="st.csv")

    assert caught.value.user_message == message
