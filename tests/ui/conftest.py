"""A live API on a loopback port over an index built for the UI tests.

The API runs in a thread of the test process (uvicorn on a socket bound here, so
the port cannot be taken between choosing and binding it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from lexdesk.accounts import Role, create_user
from lexdesk.settings import get_settings, sqlite_url
from lexdesk.store import open_store
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.backend import open_backend
from search.records import DocumentRecord

# The signed-in user of the UI tests (a lawyer) and their password.
UI_USER = "ui-lawyer"
UI_PASSWORD = "пароль для тестов UI"

# A guard against a server that never comes up, not a timing assertion.
STARTUP_LIMIT_S = 60.0

# Court orders against twelve fictitious debtors: enough hits for two pages.
DEBTORS = (
    "Абрамова", "Борисова", "Васильева", "Григорьева", "Дмитриева", "Егорова",
    "Жукова", "Зайцева", "Ильина", "Козлова", "Лебедева", "Морозова",
)  # fmt: skip

# A paragraph of a long fictitious decision; repeated, it spans several text pages.
LONG_PARAGRAPH = (
    "Истец указал, что ответчик как потребитель коммунальной услуги по "
    "электроснабжению обязан вносить плату ежемесячно до десятого числа, однако "
    "обязанность не исполнял, и у должника образовалась задолженность. "
)


def _record(
    doc_id: str,
    kind: DocumentKind,
    date: dt.date | None,
    title: str,
    text: str,
    meta: dict[str, Any] | None = None,
) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id,
        title=title,
        kind=kind,
        date=date,
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(title),
        source=f"/cases/{doc_id}.pdf",
        file_sha256=hashlib.sha256(doc_id.encode()).hexdigest(),
        format="pdf",
        meta={"pages": 2, "ocr": False, **(meta or {})},
    )


# A decision whose facts the analysis found: entities are half-open spans into
# FACTS_TEXT (the words are chosen to match none of the other tests' queries).
FACTS_TEXT = (
    "Дело № 2-1016/2021\n"
    "Кировский районный суд г. Курска под председательством судьи Орловой А. В. "
    "решил: взыскать 5 000 руб. в пользу АО «Курскэнерго» по ст. 544 ГК РФ."
)


def _span(label: str, fragment: str, value: str) -> dict[str, Any]:
    start = FACTS_TEXT.index(fragment)
    end = start + len(fragment)
    return {
        "label": label,
        "start": start,
        "end": end,
        "text": fragment,
        "value": value,
    }


FACTS_META: dict[str, Any] = {
    "entities": [
        _span("CASE_NUMBER", "2-1016/2021", "2-1016/2021"),
        _span("COURT", "Кировский районный суд г. Курска", ""),
        _span("JUDGE", "Орловой А. В.", "Орлова А.В."),
        _span("MONEY", "5 000 руб.", "5000.00"),
        _span("ORG", "АО «Курскэнерго»", ""),
        _span("LAW_REF", "ст. 544 ГК РФ", "gk_rf:544"),
    ],
    "facts": {
        "case_number": "2-1016/2021",
        "court": "Кировский районный суд г. Курска",
        "judge": "Орлова А.В.",
        "plaintiff": "АО «Курскэнерго»",
        "defendants": ["Петров П. П.", "Петрова Р. Р."],
        "awarded_total": "5000.00",
        "outcome": "granted_full",
        "penalty_reduced_333": None,
    },
    "fields": {"cites": ["gk_rf:544"], "case": ["2-1016/2021"]},
}

# The article the decision cites, as the statute splitter records it.
ARTICLE_TEXT = (
    "Статья 544. Оплата энергии\n1. Оплата энергии производится за фактически "
    "принятое абонентом количество энергии."
)


def ui_records() -> list[DocumentRecord]:
    """Twelve court orders, a ruling, a decision with facts, ст. 544 ГК РФ, and a
    long decision (16 documents)."""
    records = [
        _record(
            f"order-{number}",
            DocumentKind.COURT_ORDER,
            dt.date(2023, 1, number),
            f"Судебный приказ № 2-{number}/2023",
            f"Взыскать с должника {name} И. И. задолженность за электроэнергию "
            f"в размере {number * 1000} руб. <пени> & госпошлину.",
        )
        for number, name in enumerate(DEBTORS, start=1)
    ]
    records.append(
        _record(
            "ruling-5",
            DocumentKind.RULING,
            dt.date(2022, 2, 2),
            "Определение об отмене судебного приказа № 13-5/2022",
            "Должник подал возражения, судебный приказ отменён.",
        )
    )
    records.append(
        _record(
            "decision-facts",
            DocumentKind.COURT_DECISION,
            dt.date(2021, 6, 1),
            "Решение по делу № 2-1016/2021",
            FACTS_TEXT,
            FACTS_META,
        )
    )
    records.append(
        _record(
            "gk-rf-544",
            DocumentKind.STATUTE_ARTICLE,
            None,
            "ст. 544 ГК РФ. Оплата энергии",
            ARTICLE_TEXT,
            {"statute": {"key": "gk_rf:544", "act": "gk_rf", "number": "544"}},
        )
    )
    paragraphs = [f"{number}. {LONG_PARAGRAPH}" for number in range(1, 301)]
    records.append(
        _record(
            "decision-long",
            DocumentKind.COURT_DECISION,
            dt.date(2021, 9, 9),
            "Решение по делу № 2-999/2021",
            "\n\n".join(paragraphs),
        )
    )
    return records


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the API server did not start")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a live API over :func:`ui_records`."""
    data_dir: Path = tmp_path_factory.mktemp("ui-data")
    backend = open_backend(data_dir)
    for record in ui_records():
        backend.write([record], file_sha256=record.file_sha256, source=record.source)
    backend.close()
    database = open_store(sqlite_url(data_dir))
    with database.session() as session:
        create_user(session, UI_USER, role=Role.LAWYER, password=UI_PASSWORD)
    database.close()

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        create_app(data_dir=data_dir),
        log_level="warning",
        access_log=False,
        http="h11",
        ws="none",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, daemon=True
    )
    thread.start()
    try:
        _wait_until_started(server, thread)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


@pytest.fixture(scope="module")
def ui_credentials() -> tuple[str, str]:
    """The name and password of the UI tests' user."""
    return UI_USER, UI_PASSWORD


@pytest.fixture(scope="module")
def ui_token(api_url: str) -> str:
    """A bearer token of the UI tests' user, from the live API."""
    with httpx.Client(base_url=api_url, trust_env=False) as http:
        response = http.post(
            "/auth/token", data={"username": UI_USER, "password": UI_PASSWORD}
        )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


@pytest.fixture
def ui_env(api_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the UI's settings at the live API; return its URL."""
    monkeypatch.setenv("LEXDESK_API_URL", api_url)
    get_settings.cache_clear()
    yield api_url
    get_settings.cache_clear()
