"""``/documents/{id}/notes``: the team's notes on a document.

Everyone who works with folders reads every note on a document; only a note's
author edits or deletes it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from api.auth import TEAM, AuditAction, ObjectType, SessionDep, audit, require_role
from api.backend import BackendDep
from api.problems import (
    DocumentNotFoundError,
    NotFoundError,
    PermissionDeniedError,
    problem_responses,
)
from api.schemas_auth import NoteResponse, NoteWrite
from lexdesk.accounts import Principal
from lexdesk.teamwork import (
    NoteView,
    TeamworkForbiddenError,
    TeamworkNotFoundError,
    add_note,
    delete_note,
    edit_note,
    list_notes,
)

router = APIRouter(prefix="/documents/{doc_id}/notes", tags=["notes"])

Member = Annotated[Principal, Depends(require_role(*TEAM))]
DocId = Annotated[str, Path(min_length=1, max_length=256, description="Document id.")]
NoteId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Note id.")]

_AUTH = {
    401: "No valid token or API key.",
    403: "The role does not write notes, or the note is someone else's.",
}
_ERRORS = {**_AUTH, 404: "No such document or note.", 422: "A field is malformed."}


def _response(note: NoteView) -> NoteResponse:
    return NoteResponse(
        id=note.id,
        document_id=note.document_id,
        author=note.author,
        text=note.text,
        created_at=note.created_at,
        updated_at=note.updated_at,
    )


def _translate(error: TeamworkNotFoundError | TeamworkForbiddenError) -> Exception:
    if isinstance(error, TeamworkNotFoundError):
        return NotFoundError(str(error), user_message=error.user_message)
    return PermissionDeniedError(str(error), user_message=error.user_message)


@router.get(
    "",
    response_model=list[NoteResponse],
    summary="Notes on a document",
    description="Every note on the document, oldest first, with author and times.",
    responses=problem_responses(_ERRORS),
)
def get_notes(
    user: Member, session: SessionDep, backend: BackendDep, doc_id: DocId
) -> list[NoteResponse]:
    """List the notes on a document."""
    if backend.get(doc_id) is None:
        raise DocumentNotFoundError(doc_id)
    return [_response(note) for note in list_notes(session, doc_id)]


@router.post(
    "",
    response_model=NoteResponse,
    status_code=201,
    summary="Write a note",
    description="Adds your note to an indexed document; colleagues see it at once.",
    responses=problem_responses(_ERRORS),
)
def post_note(
    user: Member,
    session: SessionDep,
    backend: BackendDep,
    doc_id: DocId,
    body: NoteWrite,
) -> NoteResponse:
    """Write a note on a document."""
    if backend.get(doc_id) is None:
        raise DocumentNotFoundError(doc_id)
    note = add_note(session, user, doc_id, body.text)
    audit(session, user, AuditAction.CREATED, ObjectType.NOTE, str(note.id))
    return _response(note)


@router.patch(
    "/{note_id}",
    response_model=NoteResponse,
    summary="Edit a note",
    description="Replaces the text of your own note; others' notes answer 403.",
    responses=problem_responses(_ERRORS),
)
def patch_note(
    user: Member, session: SessionDep, doc_id: DocId, note_id: NoteId, body: NoteWrite
) -> NoteResponse:
    """Edit one's own note."""
    try:
        note = edit_note(session, user, doc_id, note_id, body.text)
    except (TeamworkNotFoundError, TeamworkForbiddenError) as error:
        raise _translate(error) from error
    audit(session, user, AuditAction.UPDATED, ObjectType.NOTE, str(note_id))
    return _response(note)


@router.delete(
    "/{note_id}",
    status_code=204,
    response_class=Response,
    summary="Delete a note",
    description="Deletes your own note; others' notes answer 403.",
    responses=problem_responses(_ERRORS),
)
def remove_note(
    user: Member, session: SessionDep, doc_id: DocId, note_id: NoteId
) -> Response:
    """Delete one's own note."""
    try:
        delete_note(session, user, doc_id, note_id)
    except (TeamworkNotFoundError, TeamworkForbiddenError) as error:
        raise _translate(error) from error
    audit(session, user, AuditAction.DELETED, ObjectType.NOTE, str(note_id))
    return Response(status_code=204)
