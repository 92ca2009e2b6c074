"""``lexdesk users``: manage users and API keys from the command line.

The first administrator can only be made here (the API needs one to sign in)::

    printf '%s\\n' "$PASSWORD" | lexdesk users add ivanova --role admin --password-stdin
    lexdesk users list --json
    lexdesk users set-role petrov manager
    lexdesk users disable petrov
    lexdesk users api-key billing --label "биллинг"   # prints the key once

Wire it into the CLI with :func:`add_users_parser`; every handler takes the parsed
arguments and the settings and returns the exit status.
"""

from __future__ import annotations

import argparse
import getpass
import json
import secrets
import sys
from typing import Any, TextIO

from lexdesk.accounts import (
    ROLE_LABELS_RU,
    Role,
    create_api_key,
    create_user,
    list_users,
    set_active,
    set_password,
    set_role,
)
from lexdesk.database import Database
from lexdesk.errors import UserInputError
from lexdesk.settings import Settings
from lexdesk.store import open_store

EXIT_OK = 0

_ROLE_HELP = ", ".join(f"{role.value} ({ROLE_LABELS_RU[role]})" for role in Role)


def add_users_parser(subparsers: Any) -> None:
    """Register ``users`` and its subcommands on the CLI's subparsers."""
    users = subparsers.add_parser("users", help="пользователи, роли и ключи API")
    commands = users.add_subparsers(
        dest="users_command", required=True, metavar="ДЕЙСТВИЕ"
    )

    add = commands.add_parser("add", help="добавить пользователя")
    add.add_argument(
        "name", metavar="ИМЯ", help="имя пользователя (латиница, цифры, . _ - @)"
    )
    add.add_argument(
        "--role",
        required=True,
        type=Role,
        choices=list(Role),
        help=f"роль: {_ROLE_HELP}",
    )
    secret = add.add_mutually_exclusive_group()
    secret.add_argument(
        "--password-stdin",
        action="store_true",
        help="прочитать пароль из первой строки stdin",
    )
    secret.add_argument(
        "--no-password",
        action="store_true",
        help="без пароля: служебная учётная запись, вход только по ключу API",
    )
    add.set_defaults(handler=run_add)

    listing = commands.add_parser("list", help="список пользователей")
    listing.add_argument("--json", action="store_true", help="список в JSON")
    listing.set_defaults(handler=run_list)

    role = commands.add_parser(
        "set-role", help="сменить роль (выданные токены перестанут действовать)"
    )
    role.add_argument("name", metavar="ИМЯ", help="имя пользователя")
    role.add_argument(
        "role",
        metavar="РОЛЬ",
        type=Role,
        choices=list(Role),
        help=f"новая роль: {_ROLE_HELP}",
    )
    role.set_defaults(handler=run_set_role)

    disable = commands.add_parser(
        "disable",
        help="отключить пользователя (его токены и ключи перестанут действовать)",
    )
    disable.add_argument("name", metavar="ИМЯ", help="имя пользователя")
    disable.set_defaults(handler=run_disable)

    enable = commands.add_parser("enable", help="снова включить пользователя")
    enable.add_argument("name", metavar="ИМЯ", help="имя пользователя")
    enable.set_defaults(handler=run_enable)

    password = commands.add_parser(
        "set-password", help="задать пароль (из первой строки stdin)"
    )
    password.add_argument("name", metavar="ИМЯ", help="имя пользователя")
    password.set_defaults(handler=run_set_password)

    key = commands.add_parser(
        "api-key", help="выпустить ключ API (показывается один раз)"
    )
    key.add_argument(
        "name", metavar="ИМЯ", help="чей ключ: от имени этого пользователя"
    )
    key.add_argument("--label", default="", help="для чего ключ, например «биллинг»")
    key.set_defaults(handler=run_api_key)


# Name of the administrator `lexdesk start` creates in an empty development store.
FIRST_ADMIN = "admin"
FIRST_ADMIN_PASSWORD_FILE = "initial-admin-password"


def ensure_first_admin(settings: Settings) -> str | None:
    """Create an administrator in an empty development store; return its password.

    A newcomer who runs ``make run`` must be able to sign in without reading the
    docs first. Only in development, only when the store has no user at all; the
    password is random, printed once by the caller and kept in a 0600 file in the
    data directory. Returns None when nothing was created.
    """
    if settings.env.value != "development":
        return None
    database = _open(settings)
    try:
        with database.session() as session:
            if list_users(session):
                return None
            password = secrets.token_urlsafe(12)
            create_user(session, FIRST_ADMIN, role=Role.ADMIN, password=password)
    finally:
        database.close()
    path = settings.home / FIRST_ADMIN_PASSWORD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password


def _open(settings: Settings) -> Database:
    return open_store(settings.effective_database_url)


def _read_password(args: argparse.Namespace, stdin: TextIO) -> str | None:
    """The password the options call for; None for a service account."""
    if args.no_password:
        return None
    if args.password_stdin:
        return stdin.readline().rstrip("\r\n")
    if not stdin.isatty():
        raise UserInputError(
            "no password source",
            user_message=(
                "Пароль не задан: укажите --password-stdin (пароль в первой строке "
                "stdin) или --no-password для служебной учётной записи."
            ),
        )
    first = getpass.getpass("Пароль: ")
    if getpass.getpass("Пароль ещё раз: ") != first:
        raise UserInputError(
            "passwords differ", user_message="Пароли не совпадают, попробуйте снова."
        )
    return first


def run_add(args: argparse.Namespace, settings: Settings) -> int:
    """``users add NAME --role R``: create a user."""
    password = _read_password(args, sys.stdin)
    database = _open(settings)
    try:
        with database.session() as session:
            create_user(session, args.name, role=args.role, password=password)
    finally:
        database.close()
    print(
        f"Пользователь «{args.name}» добавлен с ролью «{ROLE_LABELS_RU[args.role]}».",
        file=sys.stderr,
    )
    return EXIT_OK


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    """``users list [--json]``: print every user."""
    database = _open(settings)
    try:
        with database.session() as session:
            users = list_users(session)
    finally:
        database.close()
    if args.json:
        rows = [
            {
                "name": user.name,
                "role": user.role.value,
                "active": user.active,
                "has_password": user.has_password,
                "api_keys": user.api_keys,
                "created_at": user.created_at.isoformat(),
            }
            for user in users
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for user in users:
        state = "активен" if user.active else "отключён"
        print(f"{user.name}\t{user.role.value}\t{state}\tключей: {user.api_keys}")
    return EXIT_OK


def run_set_role(args: argparse.Namespace, settings: Settings) -> int:
    """``users set-role NAME ROLE``."""
    database = _open(settings)
    try:
        with database.session() as session:
            set_role(session, args.name, args.role)
    finally:
        database.close()
    print(f"Роль «{args.name}»: «{ROLE_LABELS_RU[args.role]}».", file=sys.stderr)
    return EXIT_OK


def _set_active(args: argparse.Namespace, settings: Settings, *, active: bool) -> int:
    database = _open(settings)
    try:
        with database.session() as session:
            set_active(session, args.name, active=active)
    finally:
        database.close()
    state = "включён" if active else "отключён"
    print(f"Пользователь «{args.name}» {state}.", file=sys.stderr)
    return EXIT_OK


def run_disable(args: argparse.Namespace, settings: Settings) -> int:
    """``users disable NAME``."""
    return _set_active(args, settings, active=False)


def run_enable(args: argparse.Namespace, settings: Settings) -> int:
    """``users enable NAME``."""
    return _set_active(args, settings, active=True)


def run_set_password(args: argparse.Namespace, settings: Settings) -> int:
    """``users set-password NAME``: the new password is stdin's first line."""
    password = sys.stdin.readline().rstrip("\r\n")
    database = _open(settings)
    try:
        with database.session() as session:
            set_password(session, args.name, password)
    finally:
        database.close()
    print(f"Пароль «{args.name}» изменён.", file=sys.stderr)
    return EXIT_OK


def run_api_key(args: argparse.Namespace, settings: Settings) -> int:
    """``users api-key NAME``: print a new key on stdout (it is not stored)."""
    database = _open(settings)
    try:
        with database.session() as session:
            issued = create_api_key(session, args.name, label=args.label)
    finally:
        database.close()
    print(issued.key)
    print(
        f"Ключ № {issued.key_id} для «{issued.user}» выпущен. Сохраните его сейчас: "
        "показать его снова нельзя.",
        file=sys.stderr,
    )
    return EXIT_OK
