"""An index of five fictional documents, the API app over it, and signed-in users.

``client`` is signed in as a lawyer (the role that may use every route of search,
documents and team work); ``anonymous`` sends no credentials; :func:`sign_in`
adds a user with a role to an app's store and returns their bearer header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from lexdesk.accounts import Role, create_user
from lexdesk.database import create_schema, open_database
from lexdesk.settings import sqlite_url
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.backend import open_backend
from search.records import DocumentRecord

# (id, kind, date, title, text); persons and organizations are fictitious.
DOCUMENTS: tuple[tuple[str, DocumentKind, dt.date | None, str, str], ...] = (
    (
        "dec-2-1016-2021",
        DocumentKind.COURT_DECISION,
        dt.date(2021, 3, 15),
        "Решение по делу № 2-1016/2021",
        "Суд решил взыскать с должника Петрова Петра Петровича в пользу "
        "АО «Энергосбыт» задолженность за потреблённую электроэнергию в размере "
        "12 345 руб. 67 коп. и пени по ч. 14 ст. 155 ЖК РФ.",
    ),
    (
        "order-2-555-2022",
        DocumentKind.COURT_ORDER,
        dt.date(2022, 6, 1),
        "Судебный приказ № 2-555/2022",
        "Взыскать с должника Сидоровой Анны Ивановны задолженность по оплате "
        "электроэнергии за период с января по май 2022 года. Взыскатель: "
        "ООО «Свет & Тепло <Север>».",
    ),
    (
        "ruling-13-77-2020",
        DocumentKind.RULING,
        dt.date(2020, 11, 20),
        "Определение об отмене судебного приказа № 13-77/2020",
        "Должник представил возражения относительно исполнения судебного приказа "
        "в установленный срок, поэтому приказ подлежит отмене.",
    ),
    (
        "gk-rf-544",
        DocumentKind.STATUTE_ARTICLE,
        None,
        "ст. 544 ГК РФ. Оплата энергии",
        "Абонент оплачивает фактически принятое количество энергии по данным "
        "учёта, если иное не установлено законом или соглашением сторон.",
    ),
    (
        "dec-2-224-2019",
        DocumentKind.COURT_DECISION,
        dt.date(2019, 5, 5),
        "Решение по делу № 2-224/2019",
        "Банк просил взыскать с заёмщика задолженность по кредитному договору; "
        "иск удовлетворён частично.",
    ),
)


def make_record(
    doc_id: str, kind: DocumentKind, date: dt.date | None, title: str, text: str
) -> DocumentRecord:
    """Build a record the way the indexer does, with real lemma streams."""
    return DocumentRecord(
        id=doc_id,
        title=title,
        kind=kind,
        date=date,
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(title),
        source=f"/cases/{doc_id}.docx",
        file_sha256=hashlib.sha256(doc_id.encode()).hexdigest(),
        format="docx",
        meta={"pages": 1, "encoding": None},
    )


def write_index(data_dir: Path) -> None:
    """Write :data:`DOCUMENTS` into a fresh embedded index in ``data_dir``."""
    backend = open_backend(data_dir)
    try:
        for row in DOCUMENTS:
            record = make_record(*row)
            backend.write(
                [record], file_sha256=record.file_sha256, source=record.source
            )
    finally:
        backend.close()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the index of :data:`DOCUMENTS`."""
    directory = tmp_path_factory.mktemp("lexdesk-data")
    write_index(directory)
    return directory


@pytest.fixture
def own_data_dir(tmp_path: Path) -> Path:
    """A data directory with the index of :data:`DOCUMENTS`, for one test to spoil."""
    write_index(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def app(data_dir: Path) -> FastAPI:
    """The API app over the test index."""
    return create_app(data_dir=data_dir)


# The password of every test user.
PASSWORD = "correct horse battery"


def add_user(data_dir: Path, name: str, role: Role) -> None:
    """Add a user with :data:`PASSWORD` to the store in ``data_dir``."""
    database = open_database(sqlite_url(data_dir))
    try:
        create_schema(database)
        with database.session() as session:
            create_user(session, name, role=role, password=PASSWORD)
    finally:
        database.close()


def sign_in(http: TestClient, data_dir: Path, name: str, role: Role) -> dict[str, str]:
    """Add a user, sign in through POST /auth/token, return the bearer header."""
    add_user(data_dir, name, role)
    response = http.post("/auth/token", data={"username": name, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


# sign_in as a fixture, for test modules (conftest is not importable).
SignIn = Callable[[TestClient, Path, str, Role], dict[str, str]]


@pytest.fixture(scope="session")
def signer() -> SignIn:
    """The :func:`sign_in` function."""
    return sign_in


@pytest.fixture(scope="module")
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    """A test client with the app started and no credentials."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def client(anonymous: TestClient, data_dir: Path, app: FastAPI) -> Iterator[TestClient]:
    """A test client signed in as the lawyer «lawyer» (the app is started)."""
    headers = sign_in(anonymous, data_dir, "lawyer", Role.LAWYER)
    with TestClient(app, headers=headers) as test_client:
        yield test_client
