"""``/saved-searches``: each user's own list, replace by name, limits and errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from lexdesk.accounts import Role

SignIn = Callable[[TestClient, Path, str, Role], dict[str, str]]
People = dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def people(data_dir: Path, signer: SignIn) -> Iterator[tuple[TestClient, People]]:
    """A started app and the headers of two lawyers and an auditor."""
    with TestClient(create_app(data_dir=data_dir)) as http:
        roles = {"ss-anna": Role.LAWYER, "ss-boris": Role.LAWYER}
        roles["ss-audit"] = Role.AUDITOR
        headers = {
            name: signer(http, data_dir, name, role) for name, role in roles.items()
        }
        yield http, headers


def test_saved_searches_round_trip_with_filters(
    people: tuple[TestClient, People],
) -> None:
    http, headers = people
    body = {
        "name": "  Пени ЖК 2023 ",
        "query": 'пени "ч. 14 ст. 155"',
        "kinds": ["court_order", "court_decision", "court_order"],
        "date_from": "2023-01-01",
        "date_to": "2023-12-31",
        "sort": "date_desc",
    }

    created = http.post("/saved-searches", json=body, headers=headers["ss-anna"])
    listed = http.get("/saved-searches", headers=headers["ss-anna"])

    assert created.status_code == 201, created.text
    saved = created.json()
    assert {k: v for k, v in saved.items() if k not in {"id", "updated_at"}} == {
        "name": "Пени ЖК 2023",
        "query": 'пени "ч. 14 ст. 155"',
        "kinds": ["court_order", "court_decision"],
        "date_from": "2023-01-01",
        "date_to": "2023-12-31",
        "sort": "date_desc",
    }
    assert listed.json() == [saved]


def test_saved_searches_same_name_replaces(people: tuple[TestClient, People]) -> None:
    http, headers = people
    first = http.post(
        "/saved-searches",
        json={"name": "Отмена приказа", "query": "возражения"},
        headers=headers["ss-boris"],
    )
    second = http.post(
        "/saved-searches",
        json={"name": "Отмена приказа", "query": "возражения -пени"},
        headers=headers["ss-boris"],
    )
    names = [
        (item["name"], item["query"])
        for item in http.get("/saved-searches", headers=headers["ss-boris"]).json()
    ]

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert names == [("Отмена приказа", "возражения -пени")]


def test_saved_searches_are_private_to_their_owner(
    people: tuple[TestClient, People],
) -> None:
    http, headers = people
    mine = http.post(
        "/saved-searches",
        json={"name": "Личный", "query": "долг"},
        headers=headers["ss-audit"],
    ).json()

    seen_by_other = http.get("/saved-searches", headers=headers["ss-anna"]).json()
    deleted_by_other = http.delete(
        f"/saved-searches/{mine['id']}", headers=headers["ss-anna"]
    )
    deleted_by_owner = http.delete(
        f"/saved-searches/{mine['id']}", headers=headers["ss-audit"]
    )
    left = http.get("/saved-searches", headers=headers["ss-audit"]).json()

    assert "Личный" not in [item["name"] for item in seen_by_other]
    assert deleted_by_other.status_code == 404
    assert deleted_by_other.json()["detail"] == (
        f"Сохранённый поиск № {mine['id']} не найден."
    )
    assert deleted_by_owner.status_code == 204
    assert left == []


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        pytest.param(
            {"name": "   ", "query": "долг"},
            "Параметр «name»: значение не может быть пустым.",
            id="blank-name",
        ),
        pytest.param(
            {"name": "x", "query": " "},
            "Параметр «query»: значение не может быть пустым.",
            id="blank-query",
        ),
        pytest.param(
            {
                "name": "x",
                "query": "долг",
                "date_from": "2023-02-01",
                "date_to": "2023-01-01",
            },
            "Параметр «date_to»: конец периода (01.01.2023) раньше его начала "
            "(01.02.2023).",
            id="reversed-range",
        ),
        pytest.param(
            {"name": "x", "query": "долг", "sort": "by_size"},
            "sort",
            id="unknown-sort",
        ),
    ],
)
def test_saved_searches_reject_bad_bodies(
    people: tuple[TestClient, People], body: dict[str, str], detail: str
) -> None:
    http, headers = people

    response = http.post("/saved-searches", json=body, headers=headers["ss-boris"])

    assert response.status_code == 422, response.text
    assert detail in response.json()["detail"]
