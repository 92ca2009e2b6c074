"""POST /documents and GET /documents/{id}/file over a real, initially empty index."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from lexdesk.accounts import Role
from nlp.kinds import DocumentKind
from search.backend import open_backend
from search.records import DocumentRecord

# The shared corpus of real court files (never copied into the repository).
REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "real"
REAL_DOCX = REAL / "r07_msk_lyublinsky_2-3538-2022_tsn_debt.docx"

TEXT = (
    "РЕШЕНИЕ\nИменем Российской Федерации\n17.08.2021 г. Свердловский районный суд "
    "г. Белгорода рассмотрел дело № 2-1234/2021 о взыскании задолженности за "
    "электроэнергию и решил иск удовлетворить.\n"
).encode("cp1251")

Signer = Callable[[TestClient, Path, str, Role], dict[str, str]]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def app(home: Path) -> FastAPI:
    return create_app(data_dir=home)


@pytest.fixture(scope="module")
def http(app: FastAPI, home: Path, signer: Signer) -> Iterator[TestClient]:
    with TestClient(app) as anonymous:
        headers = signer(anonymous, home, "uploader", Role.LAWYER)
    with TestClient(app, headers=headers) as client:
        yield client


def upload(http: TestClient, name: str, data: bytes) -> tuple[int, dict[str, object]]:
    response = http.post("/documents", files={"file": (name, data, "text/plain")})
    return response.status_code, response.json()


def test_upload_indexes_then_reports_unchanged(http: TestClient, home: Path) -> None:
    status, body = upload(http, "решение.txt", TEXT)

    assert status == 201
    assert body["outcome"] == "indexed"
    assert body["reason"] == "Файл проиндексирован, документов: 1."
    sha256 = hashlib.sha256(TEXT).hexdigest()
    assert body["documents"] == [sha256[:20]]
    assert (home / "originals" / sha256).read_bytes() == TEXT

    document = http.get(f"/documents/{sha256[:20]}").json()
    assert document["source"] == f"upload/{sha256[:16]}/решение.txt"
    assert document["kind"] == "court_decision"
    assert "Свердловский районный суд" in document["text"]

    again_status, again = upload(http, "копия.txt", TEXT)
    assert again_status == 200
    assert again == {
        "outcome": "unchanged",
        "reason": "Этот файл уже есть в индексе.",
        "documents": [sha256[:20]],
    }


def test_upload_original_downloads_byte_for_byte(http: TestClient) -> None:
    _, body = upload(http, "письмо.txt", TEXT + "Приложение: расчёт.".encode("cp1251"))
    (doc_id,) = body["documents"]  # type: ignore[misc]

    response = http.get(f"/documents/{doc_id}/file")

    assert response.status_code == 200
    assert response.content == TEXT + "Приложение: расчёт.".encode("cp1251")
    assert response.headers["content-type"] == "text/plain; charset=cp1251"
    assert "filename*=utf-8''%D0%BF" in response.headers["content-disposition"]


@pytest.mark.skipif(not REAL_DOCX.exists(), reason="shared corpus absent")
def test_upload_real_docx_round_trips(http: TestClient) -> None:
    data = REAL_DOCX.read_bytes()
    response = http.post(
        "/documents", files={"file": (REAL_DOCX.name, data, "application/msword")}
    )

    assert response.status_code == 201
    (doc_id,) = response.json()["documents"]
    assert response.headers["location"] == f"/documents/{doc_id}"
    original = http.get(f"/documents/{doc_id}/file")
    assert original.content == data
    assert original.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument"
    )


def test_upload_corrupt_pdf_is_a_422_problem_with_reason(http: TestClient) -> None:
    response = http.post(
        "/documents",
        files={"file": ("акт.pdf", b"%PDF-1.7\n1 0 obj broken", "application/pdf")},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:lexdesk:problem:unusable-data"
    assert body["detail"].startswith("Файл «акт.pdf» не принят: ")
    assert len(body["detail"]) > len("Файл «акт.pdf» не принят: ") + 10


def test_upload_too_large_is_a_413_problem(http: TestClient, app: FastAPI) -> None:
    limit = app.state.max_upload_bytes
    app.state.max_upload_bytes = 2**20
    try:
        response = http.post(
            "/documents", files={"file": ("big.txt", b"a" * (2**20 + 70_000))}
        )
    finally:
        app.state.max_upload_bytes = limit

    assert response.status_code == 413
    assert response.json() == {
        "type": "urn:lexdesk:problem:too-large",
        "title": "Слишком большой файл",
        "status": 413,
        "detail": (
            "Файл больше допустимых 1 МБ; загрузите файл меньшего размера или "
            "попросите администратора увеличить LEXDESK_MAX_UPLOAD_MB."
        ),
    }


def test_upload_without_a_file_is_a_422_problem(http: TestClient) -> None:
    response = http.post("/documents", data={"note": "без файла"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "file",
            "message": "тело запроса должно быть multipart/form-data с файлом.",
        }
    ]


@pytest.mark.parametrize(
    "headers",
    [{"Content-Type": ""}, {"Content-Type": "text/plain"}],
    ids=["no-content-type", "plain-text"],
)
def test_upload_of_a_raw_body_is_a_422_problem(
    http: TestClient, headers: dict[str, str]
) -> None:
    response = http.post("/documents", content=b"hello", headers=headers)

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "file",
            "message": "тело запроса должно быть multipart/form-data с файлом.",
        }
    ]


def test_upload_by_a_viewer_is_a_403_problem(
    http: TestClient, home: Path, signer: Signer
) -> None:
    headers = signer(http, home, "viewer", Role.VIEWER)
    response = http.post("/documents", files={"file": ("x.txt", TEXT)}, headers=headers)

    assert response.status_code == 403
    assert response.json()["type"] == "urn:lexdesk:problem:forbidden"


def test_download_without_stored_original_is_a_404_problem(
    home: Path, http: TestClient
) -> None:
    backend = open_backend(home)
    record = DocumentRecord(
        id="old-doc",
        title="Старый документ",
        kind=DocumentKind.OTHER,
        date=None,
        text="Текст",
        lemmas="текст",
        title_lemmas="старый документ",
        source="/old/doc.txt",
        file_sha256="0" * 64,
        format="text",
    )
    backend.write([record], file_sha256=record.file_sha256, source=record.source)
    backend.close()

    response = http.get("/documents/old-doc/file")

    assert response.status_code == 404, response.text
    assert response.json()["detail"].startswith("Оригинал не сохранён")
