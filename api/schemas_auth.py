"""JSON bodies of the routes for accounts, audit, folders, notes and assignments.

Kept apart from :mod:`api.schemas` (search and documents) so that the two halves
of the API can change without touching one file.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from lexdesk.accounts import Role
from lexdesk.audit import AuditAction, ObjectType
from lexdesk.teamwork import AssignedObject, AssignmentStatus, FolderAccess

# Longest folder name and note text a client may send.
MAX_FOLDER_NAME = 200
MAX_NOTE_CHARS = 10_000


class TokenResponse(BaseModel):
    """An access token from the password flow."""

    access_token: str = Field(description="Send as «Authorization: Bearer …».")
    token_type: Literal["bearer"] = Field(description="Always «bearer».")
    expires_at: dt.datetime = Field(description="When the token stops working (UTC).")
    role: Role = Field(description="The user's role.")


class MeResponse(BaseModel):
    """The signed-in user."""

    name: str = Field(description="User name.")
    role: Role = Field(description="Role.")
    role_label: str = Field(description="The role's Russian name.")


class UserResponse(BaseModel):
    """A user as administrators see it (no secrets)."""

    name: str = Field(description="User name.")
    role: Role = Field(description="Role.")
    active: bool = Field(description="False once the user is disabled.")
    has_password: bool = Field(description="Whether the user can sign in by password.")
    api_keys: int = Field(ge=0, description="Number of API keys issued to the user.")
    created_at: dt.datetime = Field(description="When the user was created (UTC).")


class UserCreate(BaseModel):
    """A new user."""

    name: str = Field(
        min_length=1, max_length=64, description="User name: letters, digits, . _ - @."
    )
    role: Role = Field(description="Role.")
    password: str | None = Field(
        default=None,
        min_length=8,
        max_length=1024,
        description="Password (8+ characters); omit for a service using API keys.",
    )


class UserUpdate(BaseModel):
    """Changes to a user; omitted fields stay as they are."""

    role: Role | None = Field(default=None, description="New role.")
    active: bool | None = Field(default=None, description="False disables the user.")


class ApiKeyCreate(BaseModel):
    """A new API key."""

    label: str = Field(
        default="", max_length=200, description="What the key is for, e.g. «биллинг»."
    )


class ApiKeyResponse(BaseModel):
    """A new API key: «key» is shown this once and never again."""

    key: str = Field(description="The key; send it as «X-API-Key». Shown once.")
    key_id: int = Field(description="The key's id (audit rows name it).")
    user: str = Field(description="The user the key acts as.")
    label: str = Field(description="What the key is for.")


class AuditItem(BaseModel):
    """One row of the audit trail."""

    id: int = Field(description="Row id; higher is later.")
    at: dt.datetime = Field(description="When it happened (UTC).")
    user: str = Field(description="Who did it (user name).")
    api_key_id: int | None = Field(description="The API key used, if any.")
    action: AuditAction = Field(description="What was done.")
    object_type: ObjectType = Field(description="What kind of object.")
    object_id: str | None = Field(description="Which object (document id, …).")
    query_chars: int | None = Field(description="Searches: the query's length.")
    hits: int | None = Field(description="Searches: matches; exports: rows.")
    export_format: str | None = Field(description="Exports: csv or xlsx.")


class AuditPage(BaseModel):
    """A page of audit rows, newest first."""

    total: int = Field(ge=0, description="Rows matching the filters (all pages).")
    items: list[AuditItem] = Field(description="This page of rows.")


class FolderCreate(BaseModel):
    """A new folder."""

    name: str = Field(
        min_length=1, max_length=MAX_FOLDER_NAME, description="Folder name (a matter)."
    )


class FolderRename(BaseModel):
    """A folder's new name."""

    name: str = Field(
        min_length=1, max_length=MAX_FOLDER_NAME, description="New folder name."
    )


class ShareRequest(BaseModel):
    """Give a colleague access to a folder."""

    access: Literal[FolderAccess.READ, FolderAccess.EDIT] = Field(
        description="«read» to see it, «edit» to add and remove documents and rename."
    )


class FolderDocument(BaseModel):
    """A document in a folder."""

    id: str = Field(description="Document id.")
    title: str | None = Field(description="Its title; null if it left the index.")
    added_by: str = Field(description="Who added it.")
    added_at: dt.datetime = Field(description="When (UTC).")


class FolderShare(BaseModel):
    """A colleague a folder is shared with."""

    user: str = Field(description="User name.")
    access: FolderAccess = Field(description="read or edit.")


class FolderSummary(BaseModel):
    """A folder in a list."""

    id: int = Field(description="Folder id.")
    name: str = Field(description="Folder name.")
    owner: str = Field(description="Who created it.")
    access: FolderAccess = Field(description="What you may do: owner, edit or read.")
    documents: int = Field(ge=0, description="Number of documents in it.")
    updated_at: dt.datetime = Field(description="Last change (UTC).")


class FolderDetail(FolderSummary):
    """A folder with its documents and shares."""

    items: list[FolderDocument] = Field(description="Its documents, oldest first.")
    shares: list[FolderShare] = Field(description="Who else may see it.")


class NoteWrite(BaseModel):
    """The text of a note."""

    text: str = Field(
        min_length=1, max_length=MAX_NOTE_CHARS, description="Note text, plain."
    )


class NoteResponse(BaseModel):
    """A note on a document."""

    id: int = Field(description="Note id.")
    document_id: str = Field(description="The document it is about.")
    author: str = Field(description="Who wrote it.")
    text: str = Field(description="Note text.")
    created_at: dt.datetime = Field(description="When it was written (UTC).")
    updated_at: dt.datetime = Field(description="Last edit (UTC).")


class AssignmentCreate(BaseModel):
    """Assign a document or a case to a lawyer."""

    object_type: AssignedObject = Field(
        description="«document» (an id from search) or «case» (a case number)."
    )
    object_id: str = Field(
        min_length=1, max_length=256, description="Document id or case number."
    )
    assignee: str = Field(
        min_length=1, max_length=64, description="User name of the lawyer."
    )
    due: dt.date | None = Field(default=None, description="Due date, if any.")
    comment: str = Field(default="", max_length=2000, description="What to do.")


class AssignmentUpdate(BaseModel):
    """Changes to an assignment; omitted fields stay as they are."""

    status: AssignmentStatus | None = Field(default=None, description="open or done.")
    assignee: str | None = Field(
        default=None, min_length=1, max_length=64, description="Reassign (managers)."
    )


class AssignmentResponse(BaseModel):
    """An assignment."""

    id: int = Field(description="Assignment id.")
    object_type: AssignedObject = Field(description="document or case.")
    object_id: str = Field(description="Document id or case number.")
    assignee: str = Field(description="Who must do it.")
    assigned_by: str = Field(description="Who assigned it.")
    due: dt.date | None = Field(description="Due date.")
    comment: str = Field(description="What to do.")
    status: AssignmentStatus = Field(description="open or done.")
    created_at: dt.datetime = Field(description="When it was assigned (UTC).")
