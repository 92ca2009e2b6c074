"""The SQL store shared by accounts, the audit trail, team work and casework.

One SQLAlchemy metadata (:class:`Base`) holds every table; :func:`open_database`
connects to a URL (SQLite by default, PostgreSQL through psycopg for a shared
server) and :func:`create_schema` creates the tables that are missing and records
each component's schema version in ``schema_versions``. The SQL is portable: the
only dialect-specific parts are SQLite connection pragmas and the triggers that
components attach with :func:`on_dialect`.

Example::

    database = open_database("sqlite:///lexdesk-data/lexdesk.sqlite3")
    create_schema(database)
    with database.session() as session:
        ...
    database.close()
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    DDL,
    DateTime,
    Engine,
    Enum,
    String,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

from lexdesk.errors import InfrastructureError, UserInputError

logger = logging.getLogger(__name__)

# How long a SQLite writer waits for another one before failing: the API writes an
# audit row on every request from several threads.
SQLITE_BUSY_TIMEOUT_MS = 10_000

# Components whose tables live in this store, and the schema version the code
# expects; a component registers itself with :func:`register_component`.
_COMPONENT_VERSIONS: dict[str, int] = {}


class Base(DeclarativeBase):
    """The declarative base of every lexdesk table."""


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC datetime.

    SQLite has no time zones and returns naive values; PostgreSQL's ``timestamptz``
    returns aware ones. Both come back the same through this type.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self, value: dt.datetime | None, dialect: Any
    ) -> dt.datetime | None:
        """Refuse naive datetimes and convert aware ones to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Any
    ) -> dt.datetime | None:
        """Return the stored value as an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class SchemaVersion(Base):
    """Which schema version of each component the store holds."""

    __tablename__ = "schema_versions"

    component: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int]


@dataclass(frozen=True)
class Database:
    """An open store: its engine and a factory of sessions.

    Attributes:
        engine: the SQLAlchemy engine.
        sessions: makes sessions bound to ``engine``.
    """

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Open a session; commit when the block ends, roll back when it raises.

        Raises:
            InfrastructureError: the database failed (unreachable, locked, broken).
        """
        session = self.sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as error:
            session.rollback()
            raise InfrastructureError(
                f"database error: {type(error).__name__}",
                user_message="База данных lexdesk недоступна или повреждена.",
            ) from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()


def utc_now() -> dt.datetime:
    """Return the current time in UTC (what every timestamp column stores)."""
    return dt.datetime.now(dt.UTC)


def enum_type(enum_class: type[enum.Enum], *, length: int = 32) -> Enum:
    """A column type storing an enum by its values (the JSON and CLI spelling).

    A VARCHAR with a CHECK constraint rather than a native ENUM, so that adding a
    member needs no ALTER TYPE on PostgreSQL.
    """
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [str(member.value) for member in members],
        create_constraint=True,
    )


def register_component(name: str, version: int) -> None:
    """Declare that a component's tables are at schema ``version``.

    Call it at import time of the module that defines the tables; the version is
    written to ``schema_versions`` when :func:`create_schema` creates them.
    """
    _COMPONENT_VERSIONS[name] = version


def on_dialect(table: Any, dialect: str, *statements: str) -> None:
    """Run SQL statements after ``table`` is created, on one SQL dialect only.

    Used for the triggers that guard the audit trail, which SQLite and PostgreSQL
    write differently.
    """
    for statement in statements:
        ddl = DDL(statement)  # type: ignore[no-untyped-call]
        event.listen(table, "after_create", ddl.execute_if(dialect=dialect))


def open_database(url: str) -> Database:
    """Connect to the store at ``url`` (the tables are made by :func:`create_schema`).

    Raises:
        UserInputError: the URL is malformed or names an unsupported database.
    """
    try:
        parsed = make_url(url)
        engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError) as error:
        raise UserInputError(
            f"bad database URL for driver {url.split(':', 1)[0]!r}: {error}",
            user_message=(
                "Неверный адрес базы данных (LEXDESK_DATABASE_URL): ожидается, "
                "например, sqlite:///путь/lexdesk.sqlite3 или "
                "postgresql+psycopg://пользователь@сервер/база."
            ),
        ) from error
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        # A fresh data directory: SQLite creates the file, not its folder.
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Database(engine=engine, sessions=sessions)


def create_schema(database: Database) -> None:
    """Create missing tables and record the schema version of each component.

    Raises:
        InfrastructureError: the store was written by a newer lexdesk (its schema
            version is higher than this code knows), or it cannot be reached.
    """
    try:
        Base.metadata.create_all(database.engine)
    except SQLAlchemyError as error:
        raise InfrastructureError(
            f"cannot create the store's tables: {type(error).__name__}",
            user_message="Не удалось создать таблицы базы данных lexdesk.",
        ) from error
    with database.session() as session:
        versions = select(SchemaVersion.component, SchemaVersion.version)
        stored: dict[str, int] = dict(session.execute(versions).all())
        for component, version in sorted(_COMPONENT_VERSIONS.items()):
            found = stored.get(component)
            if found is None:
                session.add(SchemaVersion(component=component, version=version))
            elif found > version:
                raise InfrastructureError(
                    f"store schema of {component} is version {found}, "
                    f"this code knows up to {version}",
                    user_message=(
                        f"База данных создана более новой версией lexdesk "
                        f"(«{component}», версия схемы {found}); обновите lexdesk."
                    ),
                )
    logger.info("store schema ready: %s", sorted(_COMPONENT_VERSIONS.items()))


def _configure_sqlite(connection: Any, record: Any) -> None:
    """Per-connection SQLite settings: foreign keys, waiting for writers, WAL.

    WAL with ``synchronous=NORMAL`` makes a commit an append to the log instead of
    a wait on the disk: the audit row every request writes costs ~0.01 ms instead
    of ~14 ms. A power loss can lose the last commits but never corrupts the file.
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    if _is_file_database(connection):
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _is_file_database(connection: Any) -> bool:
    """Whether the connection is to a file (WAL is meaningless in memory)."""
    rows = connection.execute("PRAGMA database_list").fetchall()
    return any(row[1] == "main" and row[2] for row in rows)
