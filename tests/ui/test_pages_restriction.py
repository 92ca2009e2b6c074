"""The «Ограничение» page, driven by Streamlit's AppTest against a live API that
holds the sample registries (the restriction router included here until the
lead wires it into the app)."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from streamlit.testing.v1 import AppTest

from api.app import create_app
from api.routers import restriction
from casework.models import RegistryKind
from casework.registry import import_files
from lexdesk.accounts import Role, create_user
from lexdesk.settings import sqlite_url
from lexdesk.store import open_store

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "corpus_samples" / "registries"
USER, PASSWORD = "ui-restriction", "пароль страницы ограничений"
# Guards against a server or a script run that never ends, not timing assertions.
STARTUP_LIMIT_S = 60.0
RUN_LIMIT_S = 120


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(URL, token) of a live API over the sample registries."""
    data_dir = tmp_path_factory.mktemp("ui-restriction")
    database = open_store(sqlite_url(data_dir))
    for kind in RegistryKind:
        path = next(SAMPLES.glob(f"{kind.value}.*"))
        import_files(database, kind, [path])
    with database.session() as session:
        create_user(session, USER, role=Role.LAWYER, password=PASSWORD)
    database.close()
    app = create_app(data_dir=data_dir)
    if not any(getattr(r, "path", "") == "/restriction/queue" for r in app.routes):
        app.include_router(restriction.router)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, ws="none")
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
    from ui.pages_restriction import render

    with LexdeskClient(
        os.environ["RESTRICTION_UI_URL"], token=os.environ["RESTRICTION_UI_TOKEN"]
    ) as client:
        render(client)


def test_restriction_page_shows_flags_queue_and_report(
    live: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, token = live
    monkeypatch.setenv("RESTRICTION_UI_URL", url)
    monkeypatch.setenv("RESTRICTION_UI_TOKEN", token)
    app = AppTest.from_function(_page, default_timeout=RUN_LIMIT_S).run()
    app.date_input[0].set_value(dt.date(2021, 7, 31))
    app.text_input[0].set_value("2021-07")
    app = app.run()

    assert not app.exception
    assert app.title[0].value == "Ограничение режима потребления (ПП № 354)"
    assert [w.value for w in app.warning] == ["Нарушения порядка в прошлом: 21."]
    flagged = app.dataframe[0].value
    assert list(flagged.columns) == [
        "Лицевой счёт",
        "Предупреждение",
        "Нарушение",
        "Срок возобновления",
        "Возобновлено",
    ]
    assert len(flagged) == 21
    assert [s.value for s in app.subheader] == [
        "Очередь на 31.07.2021",
        "Кого предупредить",
        "Отчёт",
    ]
    queue = app.dataframe[1].value
    assert "Срок оплаты" in queue.columns
    assert len(queue) == 64
    assert any(
        m.value.startswith("Направлено 96 предупреждений на 830 тыс. руб.")
        for m in app.markdown
    )
    report = app.dataframe[3].value
    cut = report[report["Показатель"] == "Абонентов ограничено или отключено впервые"]
    assert cut["Значение"].tolist() == ["18"]
    cost = report[report["Показатель"] == "Расходы, предъявленные должникам"]
    assert cost["Значение"].tolist() == ["10\u00a0600,00"]
    share = report[report["Показатель"] == "Доля погасивших или заключивших соглашение"]
    assert share["Значение"].tolist() == ["88\u00a0%"]


def test_restriction_page_opens_on_the_last_month_with_data(
    live: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, token = live
    monkeypatch.setenv("RESTRICTION_UI_URL", url)
    monkeypatch.setenv("RESTRICTION_UI_TOKEN", token)

    app = AppTest.from_function(_page, default_timeout=RUN_LIMIT_S).run()

    assert not app.exception
    assert app.text_input[0].value == "2021-08"
    assert app.date_input[0].value == dt.date(2021, 8, 31)
    report = app.dataframe[-1].value
    values = dict(zip(report["Показатель"], report["Значение"], strict=True))
    assert all(isinstance(value, str) for value in values.values())
    assert values["Доля погасивших или заключивших соглашение"].endswith("\u00a0%")
