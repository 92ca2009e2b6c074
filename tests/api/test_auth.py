"""Authentication and roles: tokens, API keys, and a role × route matrix.

The matrix walks every route of the app: a route added without an auth check
fails :func:`test_every_route_refuses_anonymous_and_bad_tokens`, and a route of
this part of the API answers exactly as the README's «Roles» table says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from api.auth import ROLES_ATTRIBUTE, authenticate
from lexdesk.accounts import Role, get_user, issue_token, set_role
from lexdesk.database import open_database
from lexdesk.settings import sqlite_url

SignIn = Callable[[TestClient, Path, str, Role], dict[str, str]]

# Routes anyone may call, and the documentation pages.
PUBLIC = {
    ("GET", "/health"),
    ("POST", "/auth/token"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/docs/oauth2-redirect"),
    ("GET", "/redoc"),
}

EVERYONE = frozenset(Role)
READERS = frozenset({Role.VIEWER, Role.LAWYER, Role.MANAGER, Role.ADMIN})
TEAM = frozenset({Role.LAWYER, Role.MANAGER, Role.ADMIN})
MANAGERS = frozenset({Role.MANAGER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})
AUDITORS = frozenset({Role.AUDITOR})


@dataclass(frozen=True)
class Case:
    """A request to a route, who may make it, and what they get."""

    method: str
    path: str
    allowed: frozenset[Role]
    status: int
    params: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None


# One request per route of the auth, search, team and audit routers; «status» is
# what an allowed role gets (404 where the sample object does not exist).
CASES = (
    Case("GET", "/auth/me", EVERYONE, 200),
    Case("GET", "/kinds", EVERYONE, 200),
    Case("GET", "/search", READERS, 200, {"q": "долг"}),
    Case("GET", "/documents/gk-rf-544", READERS, 200),
    Case("GET", "/search/export", TEAM, 200, {"q": "долг"}),
    Case("GET", "/saved-searches", EVERYONE, 200),
    Case(
        "POST",
        "/saved-searches",
        EVERYONE,
        201,
        body={"name": "Долги", "query": "долг"},
    ),
    Case("DELETE", "/saved-searches/999", EVERYONE, 404),
    Case("GET", "/documents/gk-rf-544/notes", TEAM, 200),
    Case("POST", "/documents/gk-rf-544/notes", TEAM, 201, body={"text": "см. п. 2"}),
    Case("PATCH", "/documents/gk-rf-544/notes/999", TEAM, 404, body={"text": "x"}),
    Case("DELETE", "/documents/gk-rf-544/notes/999", TEAM, 404),
    Case("GET", "/folders", TEAM, 200),
    Case("POST", "/folders", TEAM, 201, body={"name": "Дело Петрова"}),
    Case("GET", "/folders/999", TEAM, 404),
    Case("PATCH", "/folders/999", TEAM, 404, body={"name": "Новое"}),
    Case("DELETE", "/folders/999", TEAM, 404),
    Case("GET", "/folders/999/export", TEAM, 404),
    Case("PUT", "/folders/999/documents/gk-rf-544", TEAM, 404),
    Case("DELETE", "/folders/999/documents/gk-rf-544", TEAM, 404),
    Case("PUT", "/folders/999/shares/nobody", TEAM, 404, body={"access": "read"}),
    Case("DELETE", "/folders/999/shares/nobody", TEAM, 404),
    Case("GET", "/assignments", TEAM, 200),
    Case(
        "POST",
        "/assignments",
        MANAGERS,
        201,
        body={"object_type": "case", "object_id": "2-1/2024", "assignee": "m-lawyer"},
    ),
    Case("PATCH", "/assignments/999", TEAM, 404, body={"status": "done"}),
    Case("GET", "/users", ADMINS, 200),
    Case("POST", "/users", ADMINS, 201, body={"name": "new-user", "role": "viewer"}),
    Case("PATCH", "/users/nobody", ADMINS, 404, body={"role": "viewer"}),
    Case("POST", "/users/nobody/api-keys", ADMINS, 404, body={}),
    Case("GET", "/audit", AUDITORS, 200),
)

# A path parameter in a route template, e.g. «{doc_id}».
PATH_PARAM_RE = re.compile(r"\{[^}]+\}")


def _operations(app: FastAPI) -> list[tuple[str, str, APIRoute | None]]:
    """Every (method, path template, API route) the app serves."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        for method in sorted(context.methods or ()):
            if method != "HEAD":
                api_route = route if isinstance(route, APIRoute) else None
                found.append((method, str(context.path), api_route))
    return found


def _checks_roles(dependant: Dependant) -> bool:
    """Whether a route's dependency tree includes the auth check."""
    for dependency in dependant.dependencies:
        call = dependency.call
        if call is authenticate or hasattr(call, ROLES_ATTRIBUTE):
            return True
        if _checks_roles(dependency):
            return True
    return False


@pytest.fixture(scope="module")
def tokens(
    anonymous: TestClient, data_dir: Path, signer: SignIn
) -> dict[Role, dict[str, str]]:
    """A bearer header for one user of every role («m-<role>»)."""
    return {role: signer(anonymous, data_dir, f"m-{role.value}", role) for role in Role}


def _call(http: TestClient, case: Case, headers: dict[str, str] | None = None) -> Any:
    return http.request(
        case.method, case.path, params=case.params, json=case.body, headers=headers
    )


def test_every_route_refuses_anonymous_and_bad_tokens(
    app: FastAPI, anonymous: TestClient
) -> None:
    bad = {"Authorization": "Bearer v1.e30.AAAA"}
    checked = []
    for method, template, route in _operations(app):
        if (method, template) in PUBLIC:
            continue
        path = PATH_PARAM_RE.sub("1", template)
        for headers in (None, bad):
            response = anonymous.request(method, path, headers=headers)
            assert response.status_code == 401, (method, template, headers)
            assert response.headers["www-authenticate"] == 'Bearer realm="lexdesk"'
            assert response.headers["content-type"] == "application/problem+json"
        assert route is not None, template
        assert _checks_roles(route.dependant), template
        checked.append((method, template))

    assert len(checked) >= len(CASES)


def test_matrix_covers_every_route_of_this_part(app: FastAPI) -> None:
    templates = {
        (method, PATH_PARAM_RE.sub("{}", template))
        for method, template, _ in _operations(app)
    }
    listed = {
        (case.method, PATH_PARAM_RE.sub("{}", _template_of(case.path)))
        for case in CASES
    }
    assert listed <= templates


def _template_of(path: str) -> str:
    # Sample ids stand where the templates have parameters.
    for sample in ("gk-rf-544", "999", "nobody"):
        path = path.replace(f"/{sample}", "/{}")
    return path


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{case.method} {case.path}" for case in CASES]
)
def test_role_matrix(
    case: Case, anonymous: TestClient, tokens: dict[Role, dict[str, str]]
) -> None:
    for role in Role:
        response = _call(anonymous, case, tokens[role])
        is_json = "json" in response.headers.get("content-type", "")
        body = response.json() if is_json else None
        if role in case.allowed:
            assert response.status_code == case.status, (role, body)
            if case.method == "POST" and case.path == "/users":
                break
        else:
            assert response.status_code == 403, (role, body)
            assert body["type"] == "urn:lexdesk:problem:forbidden"
            assert body["detail"].startswith("Недостаточно прав: это доступно ролям")


def test_token_flow_answers_bearer_token_and_me(
    anonymous: TestClient, tokens: dict[Role, dict[str, str]]
) -> None:
    response = anonymous.get("/auth/me", headers=tokens[Role.MANAGER])

    assert response.json() == {
        "name": "m-manager",
        "role": "manager",
        "role_label": "руководитель",
    }


def test_token_wrong_password_is_a_401_problem(anonymous: TestClient) -> None:
    response = anonymous.post(
        "/auth/token", data={"username": "m-viewer", "password": "wrong password"}
    )

    assert response.status_code == 401
    assert response.json() == {
        "type": "urn:lexdesk:problem:unauthenticated",
        "title": "Требуется вход",
        "status": 401,
        "detail": "Неверное имя пользователя или пароль.",
    }


def test_expired_token_is_refused(
    app: FastAPI, anonymous: TestClient, data_dir: Path, tokens: dict[Role, Any]
) -> None:
    database = open_database(sqlite_url(data_dir))
    with database.session() as session:
        user = get_user(session, "m-viewer")
        expired = issue_token(
            user, secret=app.state.secret_key, ttl=dt.timedelta(seconds=-1)
        )
        fresh = issue_token(
            user, secret=app.state.secret_key, ttl=dt.timedelta(hours=1)
        )
    database.close()

    old = anonymous.get("/kinds", headers={"Authorization": f"Bearer {expired.token}"})
    new = anonymous.get("/kinds", headers={"Authorization": f"Bearer {fresh.token}"})

    assert old.status_code == 401
    assert old.json()["detail"] == "Сеанс истёк или недействителен: войдите снова."
    assert new.status_code == 200


def test_role_change_revokes_issued_tokens(
    anonymous: TestClient, data_dir: Path, signer: SignIn
) -> None:
    headers = signer(anonymous, data_dir, "demoted", Role.LAWYER)
    assert anonymous.get("/folders", headers=headers).status_code == 200

    database = open_database(sqlite_url(data_dir))
    with database.session() as session:
        set_role(session, "demoted", Role.VIEWER)
    database.close()

    assert anonymous.get("/folders", headers=headers).status_code == 401


def test_api_key_acts_as_its_user_and_disable_revokes_it(
    anonymous: TestClient, tokens: dict[Role, dict[str, str]]
) -> None:
    admin = tokens[Role.ADMIN]
    created = anonymous.post(
        "/users", json={"name": "billing", "role": "viewer"}, headers=admin
    )
    issued = anonymous.post(
        "/users/billing/api-keys", json={"label": "биллинг"}, headers=admin
    ).json()
    key = {"X-API-Key": issued["key"]}

    me = anonymous.get("/auth/me", headers=key).json()
    listed = {u["name"]: u for u in anonymous.get("/users", headers=admin).json()}
    anonymous.patch("/users/billing", json={"active": False}, headers=admin)
    after = anonymous.get("/auth/me", headers=key)

    assert created.status_code == 201
    assert created.json()["has_password"] is False
    assert issued["key"].startswith("ldk_")
    assert issued["user"] == "billing"
    assert issued["label"] == "биллинг"
    assert me["name"] == "billing"
    assert listed["billing"]["api_keys"] == 1
    assert after.status_code == 401
    assert after.json()["detail"] == "Ключ API не действителен или отозван."


def test_duplicate_user_is_a_409_problem(
    anonymous: TestClient, tokens: dict[Role, dict[str, str]]
) -> None:
    response = anonymous.post(
        "/users",
        json={"name": "m-viewer", "role": "viewer"},
        headers=tokens[Role.ADMIN],
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "Пользователь «m-viewer» уже существует."
