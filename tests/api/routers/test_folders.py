"""Folders and their sharing, notes on documents, assignments."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from lexdesk.accounts import Role

SignIn = Callable[[TestClient, Path, str, Role], dict[str, str]]
Team = dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def team(data_dir: Path, signer: SignIn) -> Iterator[tuple[TestClient, Team]]:
    """A started app and the headers of three lawyers, a manager and a viewer."""
    with TestClient(create_app(data_dir=data_dir)) as http:
        people = {
            "anna": Role.LAWYER,
            "boris": Role.LAWYER,
            "vera": Role.LAWYER,
            "chief": Role.MANAGER,
            "reader": Role.VIEWER,
        }
        headers = {
            name: signer(http, data_dir, name, role) for name, role in people.items()
        }
        yield http, headers


def _folder(http: TestClient, owner: dict[str, str], name: str) -> int:
    response = http.post("/folders", json={"name": name}, headers=owner)
    assert response.status_code == 201, response.text
    folder_id: int = response.json()["id"]
    return folder_id


def test_folder_sharing_visibility(team: tuple[TestClient, Team]) -> None:
    http, who = team
    folder = _folder(http, who["anna"], "Дело Петрова П. П.")
    http.put(f"/folders/{folder}/documents/dec-2-1016-2021", headers=who["anna"])
    shared = http.put(
        f"/folders/{folder}/shares/boris", json={"access": "read"}, headers=who["anna"]
    )

    as_boris = http.get(f"/folders/{folder}", headers=who["boris"])
    as_vera = http.get(f"/folders/{folder}", headers=who["vera"])
    boris_adds = http.put(
        f"/folders/{folder}/documents/gk-rf-544", headers=who["boris"]
    )
    vera_list = http.get("/folders", headers=who["vera"]).json()
    boris_list = http.get("/folders", headers=who["boris"]).json()

    assert shared.json()["shares"] == [{"user": "boris", "access": "read"}]
    assert as_boris.status_code == 200
    body = as_boris.json()
    assert body["access"] == "read"
    assert body["owner"] == "anna"
    assert [(d["id"], d["title"], d["added_by"]) for d in body["items"]] == [
        ("dec-2-1016-2021", "Решение по делу № 2-1016/2021", "anna")
    ]
    assert as_vera.status_code == 404
    assert as_vera.json()["detail"] == (
        f"Папка № {folder} не найдена или вам не открыта."
    )
    assert boris_adds.status_code == 403
    assert boris_adds.json()["detail"] == "Папка открыта вам только для чтения."
    assert folder not in [f["id"] for f in vera_list]
    assert [(f["id"], f["access"]) for f in boris_list if f["id"] == folder] == [
        (folder, "read")
    ]


def test_folder_edit_share_lets_colleague_add_and_rename(
    team: tuple[TestClient, Team],
) -> None:
    http, who = team
    folder = _folder(http, who["anna"], "Рабочая")
    http.put(
        f"/folders/{folder}/shares/vera", json={"access": "edit"}, headers=who["anna"]
    )

    added = http.put(f"/folders/{folder}/documents/gk-rf-544", headers=who["vera"])
    again = http.put(f"/folders/{folder}/documents/gk-rf-544", headers=who["vera"])
    renamed = http.patch(
        f"/folders/{folder}", json={"name": "Иск к Сидоровой"}, headers=who["vera"]
    )
    vera_deletes = http.delete(f"/folders/{folder}", headers=who["vera"])
    vera_shares = http.put(
        f"/folders/{folder}/shares/boris", json={"access": "read"}, headers=who["vera"]
    )

    assert added.json()["documents"] == 1
    assert again.json()["documents"] == 1
    assert renamed.json()["name"] == "Иск к Сидоровой"
    assert vera_deletes.status_code == 403
    assert vera_deletes.json()["detail"] == "Это может сделать только владелец папки."
    assert vera_shares.status_code == 403


def test_folder_unshare_hides_it_again(team: tuple[TestClient, Team]) -> None:
    http, who = team
    folder = _folder(http, who["anna"], "Временная")
    http.put(
        f"/folders/{folder}/shares/boris", json={"access": "read"}, headers=who["anna"]
    )
    before = http.get(f"/folders/{folder}", headers=who["boris"]).status_code
    http.delete(f"/folders/{folder}/shares/boris", headers=who["anna"])
    after = http.get(f"/folders/{folder}", headers=who["boris"]).status_code

    assert (before, after) == (200, 404)


@pytest.mark.parametrize(
    ("colleague", "status", "detail"),
    [
        pytest.param(
            "reader",
            403,
            "Пользователь «reader» не работает с папками (нужна роль юриста, "
            "руководителя или администратора).",
            id="viewer",
        ),
        pytest.param("ghost", 404, "Пользователь «ghost» не найден.", id="unknown"),
    ],
)
def test_folder_share_with_wrong_colleague(
    team: tuple[TestClient, Team], colleague: str, status: int, detail: str
) -> None:
    http, who = team
    folder = _folder(http, who["anna"], "Проверка")

    response = http.put(
        f"/folders/{folder}/shares/{colleague}",
        json={"access": "read"},
        headers=who["anna"],
    )

    assert response.status_code == status
    assert response.json()["detail"] == detail


def test_folder_add_unknown_document_is_a_404(team: tuple[TestClient, Team]) -> None:
    http, who = team
    folder = _folder(http, who["anna"], "Пустая")

    response = http.put(f"/folders/{folder}/documents/no-such", headers=who["anna"])

    assert response.status_code == 404
    assert response.json()["detail"] == (
        "Документ с идентификатором «no-such» не найден."
    )


def test_folder_delete_removes_it(team: tuple[TestClient, Team]) -> None:
    http, who = team
    folder = _folder(http, who["anna"], "Удаляемая")
    http.put(f"/folders/{folder}/documents/gk-rf-544", headers=who["anna"])

    deleted = http.delete(f"/folders/{folder}", headers=who["anna"])

    assert deleted.status_code == 204
    assert http.get(f"/folders/{folder}", headers=who["anna"]).status_code == 404


def test_notes_author_edits_others_read(team: tuple[TestClient, Team]) -> None:
    http, who = team
    url = "/documents/order-2-555-2022/notes"
    created = http.post(
        url, json={"text": "Возражения не поступали"}, headers=who["anna"]
    )
    note = created.json()

    edited = http.patch(
        f"{url}/{note['id']}",
        json={"text": "Возражения поступили"},
        headers=who["anna"],
    )
    by_other = http.patch(
        f"{url}/{note['id']}", json={"text": "чужая правка"}, headers=who["boris"]
    )
    deleted_by_other = http.delete(f"{url}/{note['id']}", headers=who["boris"])
    seen = http.get(url, headers=who["boris"]).json()
    deleted = http.delete(f"{url}/{note['id']}", headers=who["anna"])
    after = http.get(url, headers=who["anna"]).json()

    assert created.status_code == 201
    assert note["author"] == "anna"
    assert note["created_at"] == note["updated_at"]
    assert edited.json()["text"] == "Возражения поступили"
    assert edited.json()["updated_at"] >= note["created_at"]
    assert by_other.status_code == 403
    assert (
        by_other.json()["detail"] == "Изменять и удалять заметку может только её автор."
    )
    assert deleted_by_other.status_code == 403
    assert [(n["author"], n["text"]) for n in seen] == [
        ("anna", "Возражения поступили")
    ]
    assert deleted.status_code == 204
    assert after == []


def test_notes_on_unknown_document_is_a_404(team: tuple[TestClient, Team]) -> None:
    http, who = team

    response = http.post(
        "/documents/no-such/notes", json={"text": "x"}, headers=who["anna"]
    )

    assert response.status_code == 404


def test_assignments_manager_assigns_lawyer_completes(
    team: tuple[TestClient, Team],
) -> None:
    http, who = team
    created = http.post(
        "/assignments",
        json={
            "object_type": "document",
            "object_id": "order-2-555-2022",
            "assignee": "boris",
            "due": "2025-03-01",
            "comment": "Подготовить заявление о выдаче дубликата",
        },
        headers=who["chief"],
    )
    assignment: dict[str, Any] = created.json()

    mine = http.get("/assignments", headers=who["boris"]).json()
    not_mine = http.get("/assignments", headers=who["vera"]).json()
    vera_done = http.patch(
        f"/assignments/{assignment['id']}", json={"status": "done"}, headers=who["vera"]
    )
    boris_reassigns = http.patch(
        f"/assignments/{assignment['id']}",
        json={"assignee": "vera"},
        headers=who["boris"],
    )
    done = http.patch(
        f"/assignments/{assignment['id']}",
        json={"status": "done"},
        headers=who["boris"],
    )
    to_viewer = http.post(
        "/assignments",
        json={"object_type": "case", "object_id": "2-1/2024", "assignee": "reader"},
        headers=who["chief"],
    )

    assert created.status_code == 201
    assert {k: assignment[k] for k in ("assignee", "assigned_by", "due", "status")} == {
        "assignee": "boris",
        "assigned_by": "chief",
        "due": "2025-03-01",
        "status": "open",
    }
    assert [a["id"] for a in mine] == [assignment["id"]]
    assert assignment["id"] not in [a["id"] for a in not_mine]
    assert vera_done.status_code == 404
    assert boris_reassigns.status_code == 403
    assert done.json()["status"] == "done"
    assert to_viewer.status_code == 403
