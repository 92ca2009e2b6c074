"""``/documents/{id}``: one document in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.backend import BackendDep
from api.problems import DocumentNotFoundError, problem_responses
from api.schemas import DocumentResponse

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
            404: "No document has this id.",
            422: "The id is empty or too long.",
            503: "The search index is unavailable.",
        }
    ),
)
def get_document(
    backend: BackendDep,
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
    return DocumentResponse.from_record(record)
