"""``/documents/{id}``: one document in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from api.auth import READERS, AuditAction, ObjectType, SessionDep, audit, require_role
from api.backend import BackendDep
from api.problems import DocumentNotFoundError, problem_responses
from api.schemas import DocumentResponse
from lexdesk.accounts import Principal

router = APIRouter(prefix="/documents", tags=["documents"])

# Ids are content hashes or statute article keys; anything far longer is not an id.
MAX_ID_LENGTH = 256


@router.get(
    "/{doc_id}",
    response_model=DocumentResponse,
    summary="Get a document",
    description=(
        "The document's full normalized text, its kind, date, original file and "
        "the facts found when it was parsed and analysed."
    ),
    responses=problem_responses(
        {
            401: "No valid token or API key.",
            403: "The caller's role may not read documents.",
            404: "No document has this id.",
            422: "The id is empty or too long.",
            503: "The search index is unavailable.",
        }
    ),
)
def get_document(
    backend: BackendDep,
    user: Annotated[Principal, Depends(require_role(*READERS))],
    session: SessionDep,
    doc_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_ID_LENGTH,
            description="Document id, as in a search hit.",
        ),
    ],
) -> DocumentResponse:
    """Return one document, or a 404 problem when the id is unknown."""
    record = backend.get(doc_id)
    if record is None:
        raise DocumentNotFoundError(doc_id)
    audit(session, user, AuditAction.OPENED, ObjectType.DOCUMENT, record.id)
    return DocumentResponse.from_record(record)
