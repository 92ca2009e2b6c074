"""``lexdesk users`` end to end: a real CLI process over a SQLite store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lexdesk.accounts import check_password_login, principal_for_api_key
from lexdesk.database import open_database
from lexdesk.settings import sqlite_url


def _lexdesk(
    home: Path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEXDESK_HOME": str(home)}
    env.pop("LEXDESK_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "lexdesk", "users", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.slow
def test_users_cli_end_to_end(tmp_path: Path) -> None:
    home = tmp_path / "data"
    added = _lexdesk(
        home, "add", "ivanova", "--role", "admin", "--password-stdin",
        stdin="верный пароль 1\n",
    )  # fmt: skip
    service = _lexdesk(home, "add", "billing", "--role", "viewer", "--no-password")
    key = _lexdesk(home, "api-key", "billing", "--label", "биллинг")
    role = _lexdesk(home, "set-role", "ivanova", "auditor")
    disabled = _lexdesk(home, "disable", "billing")
    listed = _lexdesk(home, "list", "--json")

    assert (added.returncode, added.stdout) == (0, "")
    assert added.stderr == "Пользователь «ivanova» добавлен с ролью «администратор».\n"
    assert service.returncode == 0
    assert key.returncode == 0
    issued = key.stdout.strip()
    assert issued.startswith("ldk_")
    assert len(issued) == 47
    assert "показать его снова нельзя" in key.stderr
    assert role.stderr == "Роль «ivanova»: «аудитор».\n"
    assert disabled.stderr == "Пользователь «billing» отключён.\n"
    rows = json.loads(listed.stdout)
    assert [
        {k: row[k] for k in ("name", "role", "active", "has_password", "api_keys")}
        for row in rows
    ] == [
        {
            "name": "billing",
            "role": "viewer",
            "active": False,
            "has_password": False,
            "api_keys": 1,
        },
        {
            "name": "ivanova",
            "role": "auditor",
            "active": True,
            "has_password": True,
            "api_keys": 0,
        },
    ]

    database = open_database(sqlite_url(home))
    with database.session() as session:
        user = check_password_login(session, "ivanova", "верный пароль 1")
        wrong = check_password_login(session, "ivanova", "неверный пароль")
        by_key = principal_for_api_key(session, issued)
    database.close()
    assert user is not None
    assert user.name == "ivanova"
    assert wrong is None
    assert by_key is None  # billing is disabled
    assert issued not in (home / "lexdesk.sqlite3").read_bytes().decode("latin-1")


@pytest.mark.parametrize(
    ("args", "stdin", "status", "message"),
    [
        pytest.param(
            ("add", "x", "--role", "viewer", "--password-stdin"),
            "short\n",
            2,
            "lexdesk: Пароль слишком короткий: нужно не меньше 8 символов.\n",
            id="short-password",
        ),
        pytest.param(
            ("add", "x y", "--role", "viewer", "--no-password"),
            "",
            2,
            "lexdesk: Недопустимое имя пользователя «x y»: разрешены буквы, цифры "
            "и знаки . _ - @, от 1 до 64 символов.\n",
            id="bad-name",
        ),
        pytest.param(
            ("add", "x", "--role", "viewer"),
            "",
            2,
            "lexdesk: Пароль не задан: укажите --password-stdin (пароль в первой "
            "строке stdin) или --no-password для служебной учётной записи.\n",
            id="no-password-source",
        ),
        pytest.param(
            ("set-role", "ghost", "viewer"),
            "",
            2,
            "lexdesk: Пользователь «ghost» не найден.\n",
            id="unknown-user",
        ),
    ],
)
def test_users_cli_refuses_bad_input(
    tmp_path: Path, args: tuple[str, ...], stdin: str, status: int, message: str
) -> None:
    result = _lexdesk(tmp_path, *args, stdin=stdin)

    assert result.returncode == status
    assert result.stderr == message
    assert result.stdout == ""
