"""GET /health."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app


def test_health_counts_the_indexed_documents(client: TestClient) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "documents": 5}


def test_health_on_an_empty_data_dir_creates_an_empty_index(tmp_path: Path) -> None:
    with TestClient(create_app(data_dir=tmp_path / "fresh")) as fresh:
        body = fresh.get("/health").json()

    assert body == {"status": "ok", "documents": 0}
    assert (tmp_path / "fresh" / "index.sqlite3").is_file()


def test_health_before_startup_is_a_503_problem(data_dir: Path) -> None:
    # Without the context manager the lifespan does not run: no backend is open.
    response = TestClient(create_app(data_dir=data_dir)).get("/health")

    assert response.status_code == 503
    body = response.json()
    assert body["type"] == "urn:lexdesk:problem:unavailable"
    assert body["detail"] == "Поисковый индекс не открыт: сервис ещё не запущен."
