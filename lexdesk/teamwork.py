"""Team work: folders of documents for a matter, notes on documents, assignments.

* A **folder** belongs to the user who made it; the owner may share it with
  chosen colleagues for reading or editing. A user who is neither owner nor in
  the shares cannot tell the folder exists (the API answers 404, not 403).
* A **note** is written by one user about one document; the team sees every note
  on a document, only its author edits or deletes it.
* An **assignment** gives a document or a case (by its case number) to a lawyer,
  with an optional due date; managers make them, the assignee marks them done.

The functions take a session and the acting :class:`~lexdesk.accounts.Principal`
and raise :class:`TeamworkNotFoundError` or :class:`TeamworkForbiddenError`; the
API maps them to 404 and 403.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from lexdesk.accounts import Principal, Role, UnknownUserError, User, get_user
from lexdesk.database import (
    Base,
    UtcDateTime,
    enum_type,
    register_component,
    utc_now,
)
from lexdesk.errors import UserInputError

logger = logging.getLogger(__name__)

register_component("teamwork", 1)


class FolderAccess(enum.StrEnum):
    """What a user may do with a folder."""

    OWNER = "owner"
    EDIT = "edit"
    READ = "read"


class AssignmentStatus(enum.StrEnum):
    """Where an assignment stands."""

    OPEN = "open"
    DONE = "done"


class AssignedObject(enum.StrEnum):
    """What an assignment is about."""

    DOCUMENT = "document"
    CASE = "case"


class Folder(Base):
    """A collection of documents for one matter."""

    __tablename__ = "folders"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class FolderDocument(Base):
    """A document in a folder."""

    __tablename__ = "folder_documents"

    folder_id: Mapped[int] = mapped_column(
        ForeignKey("folders.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[str] = mapped_column(String(256), primary_key=True)
    added_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class FolderShare(Base):
    """A colleague a folder is shared with, and how."""

    __tablename__ = "folder_shares"

    folder_id: Mapped[int] = mapped_column(
        ForeignKey("folders.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    access: Mapped[FolderAccess] = mapped_column(enum_type(FolderAccess))


class Note(Base):
    """A user's note on a document."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[str] = mapped_column(String(256), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Assignment(Base):
    """A document or case given to a lawyer."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[AssignedObject] = mapped_column(enum_type(AssignedObject))
    object_id: Mapped[str] = mapped_column(String(256))
    assignee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due: Mapped[dt.date | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AssignmentStatus] = mapped_column(enum_type(AssignmentStatus))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# Roles that work with folders and may receive assignments.
TEAM_ROLES = frozenset({Role.LAWYER, Role.MANAGER, Role.ADMIN})
ASSIGNEE_ROLES = frozenset({Role.LAWYER, Role.MANAGER})
MANAGER_ROLES = frozenset({Role.MANAGER, Role.ADMIN})


class TeamworkNotFoundError(UserInputError):
    """The folder, note or assignment does not exist or is not visible to the user."""


class TeamworkForbiddenError(UserInputError):
    """The user sees the object but may not change it."""


@dataclass(frozen=True)
class FolderView:
    """A folder as one user sees it.

    Attributes:
        id: folder id.
        name: folder name.
        owner: the owner's user name.
        access: what this user may do.
        documents: number of documents.
        updated_at: last change.
    """

    id: int
    name: str
    owner: str
    access: FolderAccess
    documents: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class FolderItem:
    """A document in a folder, with who added it."""

    document_id: str
    added_by: str
    added_at: dt.datetime


@dataclass(frozen=True)
class ShareView:
    """A colleague a folder is shared with."""

    user: str
    access: FolderAccess


@dataclass(frozen=True)
class NoteView:
    """A note with its author's name."""

    id: int
    document_id: str
    author: str
    text: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class AssignmentView:
    """An assignment with user names."""

    id: int
    object_type: AssignedObject
    object_id: str
    assignee: str
    assigned_by: str
    due: dt.date | None
    comment: str
    status: AssignmentStatus
    created_at: dt.datetime


def _folder_not_found(folder_id: int) -> TeamworkNotFoundError:
    return TeamworkNotFoundError(
        f"folder {folder_id} not found or not visible",
        user_message=f"Папка № {folder_id} не найдена или вам не открыта.",
    )


def _names(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(user_ids)))
    return dict(rows.all())


def folder_access(
    session: Session, user: Principal, folder: Folder
) -> FolderAccess | None:
    """Return what ``user`` may do with ``folder``, or None if it is hidden from them."""
    if folder.owner_id == user.user_id:
        return FolderAccess.OWNER
    share = session.get(FolderShare, (folder.id, user.user_id))
    return share.access if share is not None else None


def open_folder(
    session: Session, user: Principal, folder_id: int, *, to_edit: bool = False
) -> tuple[Folder, FolderAccess]:
    """Return a folder the user may see (or, with ``to_edit``, change).

    Raises:
        TeamworkNotFoundError: no such folder, or it is not shared with the user.
        TeamworkForbiddenError: ``to_edit`` and the user may only read it.
    """
    folder = session.get(Folder, folder_id)
    access = folder_access(session, user, folder) if folder is not None else None
    if folder is None or access is None:
        raise _folder_not_found(folder_id)
    if to_edit and access is FolderAccess.READ:
        raise TeamworkForbiddenError(
            f"folder {folder_id} is shared read-only with user {user.user_id}",
            user_message="Папка открыта вам только для чтения.",
        )
    return folder, access


def _owner_only(folder: Folder, access: FolderAccess) -> None:
    if access is not FolderAccess.OWNER:
        raise TeamworkForbiddenError(
            f"only the owner may do this with folder {folder.id}",
            user_message="Это может сделать только владелец папки.",
        )


def create_folder(session: Session, user: Principal, name: str) -> Folder:
    """Create a folder owned by ``user``."""
    now = utc_now()
    folder = Folder(name=name, owner_id=user.user_id, created_at=now, updated_at=now)
    session.add(folder)
    session.flush()
    logger.info("folder %d created by user %d", folder.id, user.user_id)
    return folder


def rename_folder(session: Session, user: Principal, folder_id: int, name: str) -> None:
    """Rename a folder (owner or editor)."""
    folder, _ = open_folder(session, user, folder_id, to_edit=True)
    folder.name = name
    folder.updated_at = utc_now()


def delete_folder(session: Session, user: Principal, folder_id: int) -> None:
    """Delete a folder with its document list and shares (owner only)."""
    folder, access = open_folder(session, user, folder_id)
    _owner_only(folder, access)
    for model in (FolderDocument, FolderShare):
        for row in session.scalars(select(model).where(model.folder_id == folder_id)):
            session.delete(row)
    session.delete(folder)


def add_document(
    session: Session, user: Principal, folder_id: int, document_id: str
) -> bool:
    """Put a document in a folder; return False if it was there already."""
    folder, _ = open_folder(session, user, folder_id, to_edit=True)
    if session.get(FolderDocument, (folder_id, document_id)) is not None:
        return False
    now = utc_now()
    session.add(
        FolderDocument(
            folder_id=folder_id,
            document_id=document_id,
            added_by=user.user_id,
            added_at=now,
        )
    )
    folder.updated_at = now
    return True


def remove_document(
    session: Session, user: Principal, folder_id: int, document_id: str
) -> None:
    """Take a document out of a folder.

    Raises:
        TeamworkNotFoundError: the document is not in the folder.
    """
    folder, _ = open_folder(session, user, folder_id, to_edit=True)
    item = session.get(FolderDocument, (folder_id, document_id))
    if item is None:
        raise TeamworkNotFoundError(
            f"document not in folder {folder_id}",
            user_message=f"Документа «{document_id[:50]}» нет в этой папке.",
        )
    session.delete(item)
    folder.updated_at = utc_now()


def share_folder(
    session: Session,
    user: Principal,
    folder_id: int,
    colleague: str,
    access: FolderAccess,
) -> None:
    """Share a folder with a colleague for reading or editing (owner only).

    Raises:
        TeamworkNotFoundError: the folder or the colleague is unknown.
        TeamworkForbiddenError: not the owner, or the colleague's role does not
            work with folders.
    """
    folder, mine = open_folder(session, user, folder_id)
    _owner_only(folder, mine)
    other = _team_member(session, colleague)
    if other.id == user.user_id:
        raise TeamworkForbiddenError(
            "owner shares with self",
            user_message="Папка и так ваша: делиться ею с собой не нужно.",
        )
    share = session.get(FolderShare, (folder_id, other.id))
    if share is None:
        session.add(FolderShare(folder_id=folder_id, user_id=other.id, access=access))
    else:
        share.access = access
    folder.updated_at = utc_now()


def unshare_folder(
    session: Session, user: Principal, folder_id: int, colleague: str
) -> None:
    """Stop sharing a folder with a colleague (owner only)."""
    folder, mine = open_folder(session, user, folder_id)
    _owner_only(folder, mine)
    other = _known_user(session, colleague)
    share = session.get(FolderShare, (folder_id, other.id))
    if share is not None:
        session.delete(share)
        folder.updated_at = utc_now()


def _known_user(session: Session, name: str) -> User:
    try:
        return get_user(session, name)
    except UnknownUserError as error:
        raise TeamworkNotFoundError(
            str(error), user_message=error.user_message
        ) from error


def _team_member(session: Session, name: str) -> User:
    other = _known_user(session, name)
    if other.role not in TEAM_ROLES or not other.active:
        raise TeamworkForbiddenError(
            f"user {other.id} cannot work with folders",
            user_message=(
                f"Пользователь «{name}» не работает с папками (нужна роль юриста, "
                "руководителя или администратора)."
            ),
        )
    return other


def list_folders(session: Session, user: Principal) -> list[FolderView]:
    """Return the folders the user owns or that are shared with them, newest first."""
    shared = select(FolderShare.folder_id).where(FolderShare.user_id == user.user_id)
    folders = session.scalars(
        select(Folder)
        .where((Folder.owner_id == user.user_id) | Folder.id.in_(shared))
        .order_by(Folder.updated_at.desc(), Folder.id.desc())
    ).all()
    return [_view(session, user, folder) for folder in folders]


def _view(session: Session, user: Principal, folder: Folder) -> FolderView:
    access = folder_access(session, user, folder)
    assert access is not None
    count = session.scalar(
        select(func.count()).where(FolderDocument.folder_id == folder.id)
    )
    owner = _names(session, {folder.owner_id})[folder.owner_id]
    return FolderView(
        id=folder.id,
        name=folder.name,
        owner=owner,
        access=access,
        documents=count or 0,
        updated_at=folder.updated_at,
    )


def folder_view(session: Session, user: Principal, folder_id: int) -> FolderView:
    """Return one folder as ``user`` sees it."""
    folder, _ = open_folder(session, user, folder_id)
    return _view(session, user, folder)


def folder_items(
    session: Session, user: Principal, folder_id: int
) -> tuple[list[FolderItem], list[ShareView]]:
    """Return a folder's documents (oldest first) and its shares (by user name)."""
    open_folder(session, user, folder_id)
    items = session.scalars(
        select(FolderDocument)
        .where(FolderDocument.folder_id == folder_id)
        .order_by(FolderDocument.added_at, FolderDocument.document_id)
    ).all()
    shares = session.scalars(
        select(FolderShare).where(FolderShare.folder_id == folder_id)
    ).all()
    names = _names(
        session, {item.added_by for item in items} | {s.user_id for s in shares}
    )
    return (
        [
            FolderItem(
                document_id=item.document_id,
                added_by=names[item.added_by],
                added_at=item.added_at,
            )
            for item in items
        ],
        sorted(
            (ShareView(user=names[s.user_id], access=s.access) for s in shares),
            key=lambda share: share.user,
        ),
    )


def _note_view(note: Note, author: str) -> NoteView:
    return NoteView(
        id=note.id,
        document_id=note.document_id,
        author=author,
        text=note.text,
        created_at=note.created_at,
        updated_at=note.updated_at,
    )


def list_notes(session: Session, document_id: str) -> list[NoteView]:
    """Return the notes on a document, oldest first."""
    rows = session.execute(
        select(Note, User.name)
        .join(User, User.id == Note.author_id)
        .where(Note.document_id == document_id)
        .order_by(Note.created_at, Note.id)
    ).all()
    return [_note_view(note, name) for note, name in rows]


def add_note(
    session: Session, user: Principal, document_id: str, text: str
) -> NoteView:
    """Write a note on a document."""
    now = utc_now()
    note = Note(
        document_id=document_id,
        author_id=user.user_id,
        text=text,
        created_at=now,
        updated_at=now,
    )
    session.add(note)
    session.flush()
    return _note_view(note, user.name)


def _own_note(
    session: Session, user: Principal, document_id: str, note_id: int
) -> Note:
    note = session.get(Note, note_id)
    if note is None or note.document_id != document_id:
        raise TeamworkNotFoundError(
            f"note {note_id} not found on the document",
            user_message=f"Заметка № {note_id} к этому документу не найдена.",
        )
    if note.author_id != user.user_id:
        raise TeamworkForbiddenError(
            f"note {note_id} belongs to another user",
            user_message="Изменять и удалять заметку может только её автор.",
        )
    return note


def edit_note(
    session: Session, user: Principal, document_id: str, note_id: int, text: str
) -> NoteView:
    """Change the text of one's own note."""
    note = _own_note(session, user, document_id, note_id)
    note.text = text
    note.updated_at = utc_now()
    return _note_view(note, user.name)


def delete_note(
    session: Session, user: Principal, document_id: str, note_id: int
) -> None:
    """Delete one's own note."""
    session.delete(_own_note(session, user, document_id, note_id))


def _assignment_view(session: Session, row: Assignment) -> AssignmentView:
    names = _names(session, {row.assignee_id, row.assigned_by})
    return AssignmentView(
        id=row.id,
        object_type=row.object_type,
        object_id=row.object_id,
        assignee=names[row.assignee_id],
        assigned_by=names[row.assigned_by],
        due=row.due,
        comment=row.comment,
        status=row.status,
        created_at=row.created_at,
    )


def _assignee(session: Session, name: str) -> User:
    other = _known_user(session, name)
    if other.role not in ASSIGNEE_ROLES or not other.active:
        raise TeamworkForbiddenError(
            f"user {other.id} cannot take assignments",
            user_message=(
                f"Пользователю «{name}» нельзя поручить работу: поручения получают "
                "юристы и руководители."
            ),
        )
    return other


def create_assignment(
    session: Session,
    user: Principal,
    *,
    object_type: AssignedObject,
    object_id: str,
    assignee: str,
    due: dt.date | None,
    comment: str,
) -> AssignmentView:
    """Give a document or case to a lawyer (managers)."""
    row = Assignment(
        object_type=object_type,
        object_id=object_id,
        assignee_id=_assignee(session, assignee).id,
        assigned_by=user.user_id,
        due=due,
        comment=comment,
        status=AssignmentStatus.OPEN,
        created_at=utc_now(),
    )
    session.add(row)
    session.flush()
    logger.info("assignment %d created by user %d", row.id, user.user_id)
    return _assignment_view(session, row)


def list_assignments(
    session: Session,
    user: Principal,
    *,
    assignee: str | None = None,
    status: AssignmentStatus | None = None,
) -> list[AssignmentView]:
    """Return assignments, newest first: all for managers, one's own for others."""
    query = select(Assignment)
    if user.role not in MANAGER_ROLES:
        query = query.where(Assignment.assignee_id == user.user_id)
    if assignee is not None:
        query = query.where(Assignment.assignee_id == _known_user(session, assignee).id)
    if status is not None:
        query = query.where(Assignment.status == status)
    rows: Sequence[Assignment] = session.scalars(
        query.order_by(Assignment.id.desc())
    ).all()
    return [_assignment_view(session, row) for row in rows]


def update_assignment(
    session: Session,
    user: Principal,
    assignment_id: int,
    *,
    status: AssignmentStatus | None,
    assignee: str | None,
) -> AssignmentView:
    """Mark an assignment done or open (assignee, managers) or reassign it (managers).

    Raises:
        TeamworkNotFoundError: no such assignment visible to the user.
        TeamworkForbiddenError: a lawyer tries to reassign.
    """
    row = session.get(Assignment, assignment_id)
    is_manager = user.role in MANAGER_ROLES
    if row is None or not (is_manager or row.assignee_id == user.user_id):
        raise TeamworkNotFoundError(
            f"assignment {assignment_id} not found or not visible",
            user_message=f"Поручение № {assignment_id} не найдено.",
        )
    if assignee is not None:
        if not is_manager:
            raise TeamworkForbiddenError(
                "only managers reassign",
                user_message="Передать поручение другому может только руководитель.",
            )
        row.assignee_id = _assignee(session, assignee).id
    if status is not None:
        row.status = status
    return _assignment_view(session, row)
