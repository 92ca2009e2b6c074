"""Stores for the casework tests: SQLite files, and a real throwaway PostgreSQL.

The PostgreSQL server is started once per session from Debian's packages
(``/usr/lib/postgresql/*/bin``): ``initdb`` into a temporary folder as the
``postgres`` system user when the tests run as root (the server refuses root),
listening on a free loopback port and a socket in that folder; each test gets a
database of its own. Without the binaries the PostgreSQL cases are skipped,
unless ``LEXDESK_REQUIRE_POSTGRES`` is set (CI), when they fail.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import casework.models  # noqa: F401  (registers the casework tables)
from lexdesk.database import Database, create_schema, open_database

SAMPLES = Path(__file__).resolve().parents[2] / "corpus_samples" / "registries"
# Seconds to wait for the server to start or stop.
PG_TIMEOUT = 60


def _postgres_bin() -> Path | None:
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: (
            int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0
        ),
    )
    return candidates[-1].parent if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running PostgreSQL; yields the URL prefix ``postgresql+psycopg://…:port``."""
    binaries = _postgres_bin()
    if binaries is None:
        if os.environ.get("LEXDESK_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL binaries not found under /usr/lib/postgresql")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="lexdesk-pg-"))
    data = folder / "data"
    folder.chmod(0o755)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": PG_TIMEOUT}
    subprocess.run(
        _as_server_user(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "lexdesk",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        ),
        **run,  # type: ignore[call-overload]
    )
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off"
    subprocess.run(
        _as_server_user(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "server.log"),
                "-w",
                "start",
            ]
        ),
        **run,  # type: ignore[call-overload]
    )
    try:
        yield f"postgresql+psycopg://lexdesk@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_server_user(
                [str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
            ),
            check=False,
            capture_output=True,
            timeout=PG_TIMEOUT,
        )
        shutil.rmtree(folder, ignore_errors=True)


_database_numbers = itertools.count(1)


def new_postgres_database(server: str) -> str:
    """Create an empty database on the test server; return its URL."""
    import psycopg

    name = f"lexdesk_test_{next(_database_numbers)}"
    address = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{address}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@contextlib.contextmanager
def open_store(url: str) -> Iterator[Database]:
    """Open a store at ``url`` with its tables created; close it afterwards."""
    database = open_database(url)
    create_schema(database)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    server: str = request.getfixturevalue("postgres_server")
    return new_postgres_database(server)


@pytest.fixture
def store(store_url: str) -> Iterator[Database]:
    """An empty, open store on each backend."""
    with open_store(store_url) as database:
        yield database


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Database]:
    """An empty, open SQLite store."""
    with open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}") as database:
        yield database


# The sample registries in import order (accounts first: the others refer to them).
SAMPLE_FILES = (
    ("accounts", "accounts.xlsx"),
    ("balances", "balances.csv"),
    ("charges", "charges.csv"),
    ("payments", "payments.csv"),
    ("events", "events.csv"),
)


def import_samples(database: Database) -> None:
    """Import corpus_samples/registries/ into ``database``."""
    from casework.models import RegistryKind
    from casework.registry import ImportStatus, import_files

    for kind, name in SAMPLE_FILES:
        (report,) = import_files(database, RegistryKind(kind), [SAMPLES / name])
        assert report.status is ImportStatus.APPLIED, report.errors[:3]


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def sample_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """A store holding the sample registries, on each backend (read-only use)."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("sample-store")
        url = f"sqlite:///{folder / 'store.sqlite3'}"
    else:
        url = new_postgres_database(request.getfixturevalue("postgres_server"))
    with open_store(url) as database:
        import_samples(database)
        yield database


@pytest.fixture(scope="session")
def loaded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A SQLite store holding the sample registries (read-only use)."""
    folder = tmp_path_factory.mktemp("loaded-sqlite")
    with open_store(f"sqlite:///{folder / 'store.sqlite3'}") as database:
        import_samples(database)
        yield database
