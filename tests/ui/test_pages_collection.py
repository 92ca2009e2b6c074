"""The «Взыскание» page: Russian number format, and the month it opens on,
driven by Streamlit's AppTest against a live API over the sample registries."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from streamlit.testing.v1 import AppTest

from api.app import create_app
from casework.models import RegistryKind
from casework.registry import import_files
from lexdesk.accounts import Role, create_user
from lexdesk.settings import sqlite_url
from lexdesk.store import open_store
from ui.pages_collection import format_figure, format_money, format_number

SAMPLES = Path(__file__).resolve().parents[2] / "corpus_samples" / "registries"
USER, PASSWORD = "ui-collection", "пароль страницы взыскания"
# Guards against a server or a script run that never ends, not timing assertions.
STARTUP_LIMIT_S = 60.0
RUN_LIMIT_S = 120
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        ({"unit": "count", "value": 12345}, f"12{NBSP}345"),
        ({"unit": "count", "value": 0}, "0"),
        ({"unit": "rub", "value": "6284837.36"}, f"6{NBSP}284{NBSP}837,36"),
        ({"unit": "rub", "value": "-88239.77"}, f"-88{NBSP}239,77"),
        ({"unit": "rub", "value": "0.00"}, "0,00"),
        ({"unit": "percent", "value": 88}, f"88{NBSP}%"),
        ({"unit": "percent", "value": "87.50"}, f"87,5{NBSP}%"),
        ({"unit": "percent", "value": "0.00"}, f"0{NBSP}%"),
    ],
    ids=[
        "count",
        "zero",
        "rub",
        "negative-rub",
        "zero-rub",
        "pct",
        "pct-half",
        "pct-0",
    ],
)
def test_format_figure_is_russian_by_unit(figure: dict[str, Any], text: str) -> None:
    assert format_figure(figure) == text


def test_format_money_and_number_keep_their_decimals() -> None:
    assert format_money("1234") == f"1{NBSP}234,00"
    assert format_number(Decimal("1234.50")) == f"1{NBSP}234,5"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(URL, token) of a live API over the sample registries."""
    data_dir = tmp_path_factory.mktemp("ui-collection")
    database = open_store(sqlite_url(data_dir))
    for kind in RegistryKind:
        import_files(database, kind, [next(SAMPLES.glob(f"{kind.value}.*"))])
    with database.session() as session:
        create_user(session, USER, role=Role.LAWYER, password=PASSWORD)
    database.close()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(data_dir=data_dir),
            log_level="warning",
            access_log=False,
            ws="none",
        )
    )
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
        with httpx.Client(base_url=url, trust_env=False) as http:
            response = http.post(
                "/auth/token", data={"username": USER, "password": PASSWORD}
            )
        yield url, response.json()["access_token"]
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def _page() -> None:
    import os

    from ui.client import LexdeskClient
    from ui.pages_collection import render

    with LexdeskClient(
        os.environ["COLLECTION_UI_URL"], token=os.environ["COLLECTION_UI_TOKEN"]
    ) as client:
        render(client)


@pytest.mark.slow
def test_collection_page_opens_on_the_last_month_with_data_in_russian_figures(
    live: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url, token = live
    monkeypatch.setenv("COLLECTION_UI_URL", url)
    monkeypatch.setenv("COLLECTION_UI_TOKEN", token)
    app = AppTest.from_function(_page, default_timeout=RUN_LIMIT_S).run()
    opened_on = app.text_input[0].value
    app.text_input[0].set_value("2021-07")
    app = app.run()

    assert not app.exception
    assert [r.getMessage() for r in caplog.records if "Arrow" in r.getMessage()] == []
    assert opened_on == "2021-08"
    assert app.subheader[0].value == "Итоги за 2021-07"
    table = app.dataframe[0].value
    values = dict(zip(table["Показатель"], table["Значение"], strict=True))
    assert all(isinstance(value, str) for value in values.values())
    assert values["Всего обращений в суд"] == "77"
    assert values["Поступило оплат, всего"] == f"6{NBSP}284{NBSP}837,36"
    assert values["Доля ответивших на предупреждение"] == f"92{NBSP}%"
    assert values["Изменение просроченного долга"] == f"-88{NBSP}239,77"
    assert [m.value for m in app.metric] == ["77", f"6{NBSP}284{NBSP}837,36", "100"]
