"""Saved searches: a user's named queries with their filters, to run again later.

A saved search belongs to one user and is seen by nobody else: another user's
search answers «not found», so its existence is not disclosed. Saving under a
name the user already has replaces that search (a lawyer refining «Пени по ЖК»
keeps one entry, not a pile of versions).

The query text is stored as typed because running it again is the point; the
audit trail, by contrast, keeps only a digest of queries (README «Audit»).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from lexdesk.accounts import Principal
from lexdesk.database import Base, UtcDateTime, register_component, utc_now
from lexdesk.errors import UserInputError

logger = logging.getLogger(__name__)

register_component("saved_searches", 1)

# Longest name of a saved search, in characters (a short label for a list).
MAX_NAME_LENGTH = 200
# Saved searches per user: a list longer than this is no longer a shortlist.
MAX_PER_USER = 200


class SavedSearch(Base):
    """A user's saved query and filters."""

    __tablename__ = "saved_searches"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME_LENGTH))
    query: Mapped[str] = mapped_column(Text)
    # Document kind values («court_order»), as /search's «kind» takes them.
    kinds: Mapped[list[str]] = mapped_column(JSON)
    date_from: Mapped[dt.date | None]
    date_to: Mapped[dt.date | None]
    sort: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class SavedSearchNotFoundError(UserInputError):
    """No saved search of this user has the id."""


class TooManySavedSearchesError(UserInputError):
    """The user already has :data:`MAX_PER_USER` saved searches."""


@dataclass(frozen=True)
class SearchSpec:
    """What a saved search runs: the query and the filters of /search.

    Attributes:
        query: the query in lexdesk's query language.
        kinds: document kind values to keep, empty for all.
        date_from: earliest document date, inclusive.
        date_to: latest document date, inclusive.
        sort: hit order, a /search «sort» value.
    """

    query: str
    kinds: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"


@dataclass(frozen=True)
class SavedSearchView:
    """A saved search as its owner sees it."""

    id: int
    name: str
    spec: SearchSpec
    created_at: dt.datetime
    updated_at: dt.datetime


def _view(row: SavedSearch) -> SavedSearchView:
    spec = SearchSpec(
        query=row.query,
        kinds=tuple(row.kinds),
        date_from=row.date_from,
        date_to=row.date_to,
        sort=row.sort,
    )
    return SavedSearchView(
        id=row.id,
        name=row.name,
        spec=spec,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def list_saved_searches(session: Session, user: Principal) -> list[SavedSearchView]:
    """Return the user's saved searches, by name."""
    rows = session.scalars(
        select(SavedSearch)
        .where(SavedSearch.owner_id == user.user_id)
        .order_by(SavedSearch.name, SavedSearch.id)
    )
    return [_view(row) for row in rows]


def save_search(
    session: Session, user: Principal, name: str, spec: SearchSpec
) -> tuple[SavedSearchView, bool]:
    """Save a search under ``name``; replace the user's search of that name.

    Returns:
        The saved search, and True when it is new (False when it replaced one).

    Raises:
        TooManySavedSearchesError: a new name past :data:`MAX_PER_USER`.
    """
    now = utc_now()
    row = session.scalar(
        select(SavedSearch).where(
            SavedSearch.owner_id == user.user_id, SavedSearch.name == name
        )
    )
    created = row is None
    if row is None:
        _check_room(session, user)
        row = SavedSearch(owner_id=user.user_id, name=name, created_at=now)
        session.add(row)
    row.query = spec.query
    row.kinds = list(spec.kinds)
    row.date_from = spec.date_from
    row.date_to = spec.date_to
    row.sort = spec.sort
    row.updated_at = now
    session.flush()
    logger.info(
        "saved search %d %s by user %d",
        row.id,
        "created" if created else "replaced",
        user.user_id,
    )
    return _view(row), created


def delete_saved_search(session: Session, user: Principal, search_id: int) -> None:
    """Delete one of the user's saved searches.

    Raises:
        SavedSearchNotFoundError: no such search, or it is another user's.
    """
    row = session.get(SavedSearch, search_id)
    if row is None or row.owner_id != user.user_id:
        raise SavedSearchNotFoundError(
            f"saved search {search_id} not found for user {user.user_id}",
            user_message=f"Сохранённый поиск № {search_id} не найден.",
        )
    session.delete(row)
    logger.info("saved search %d deleted by user %d", search_id, user.user_id)


def _check_room(session: Session, user: Principal) -> None:
    count = session.scalar(
        select(func.count()).where(SavedSearch.owner_id == user.user_id)
    )
    if count is not None and count >= MAX_PER_USER:
        raise TooManySavedSearchesError(
            f"user {user.user_id} has {count} saved searches",
            user_message=(
                f"Сохранено уже {count} поисков — это предел; удалите ненужные "
                "и сохраните снова."
            ),
        )
