"""GET /documents/{id} over a real SQLite index."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_get_document_returns_the_full_record(client: TestClient) -> None:
    response = client.get("/documents/order-2-555-2022")

    assert response.status_code == 200
    assert response.json() == {
        "id": "order-2-555-2022",
        "title": "Судебный приказ № 2-555/2022",
        "kind": "court_order",
        "date": "2022-06-01",
        "source": "/cases/order-2-555-2022.docx",
        "format": "docx",
        "text": (
            "Взыскать с должника Сидоровой Анны Ивановны задолженность по оплате "
            "электроэнергии за период с января по май 2022 года. Взыскатель: "
            "ООО «Свет & Тепло <Север>»."
        ),
        "meta": {"pages": 1, "encoding": None},
        "entities": [],
        "facts": {},
        "citations": [],
    }


def test_get_document_statute_has_null_date(client: TestClient) -> None:
    body = client.get("/documents/gk-rf-544").json()

    assert body["date"] is None
    assert body["kind"] == "statute_article"
    assert body["title"] == "ст. 544 ГК РФ. Оплата энергии"


def test_get_document_unknown_id_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/documents/no-such-doc")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:lexdesk:problem:not-found",
        "title": "Не найдено",
        "status": 404,
        "detail": "Документ с идентификатором «no-such-doc» не найден.",
    }


def test_get_document_too_long_id_is_a_422_problem(client: TestClient) -> None:
    response = client.get("/documents/" + "a" * 300)

    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "doc_id"
    assert "длиннее 256 символов" in body["errors"][0]["message"]
