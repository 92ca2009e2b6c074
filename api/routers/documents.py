"""``/documents``: one document in full, its original file, and uploads."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api.auth import (
    READERS,
    TEAM,
    AuditAction,
    ObjectType,
    SessionDep,
    audit,
    require_role,
)
from api.backend import BackendDep
from api.problems import (
    DocumentNotFoundError,
    OriginalNotFoundError,
    problem_responses,
)
from api.schemas import DocumentResponse
from api.schemas_research import UploadOutcome, UploadResponse
from api.uploads import ingest_upload, receive_upload
from indexer.originals import original_path
from lexdesk.accounts import Principal

router = APIRouter(prefix="/documents", tags=["documents"])

# Ids are content hashes or statute article keys; anything far longer is not an id.
MAX_ID_LENGTH = 256

# Media types of the original files, by the format the parser detected.
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "rtf": "application/rtf",
    "html": "text/html",
    "text": "text/plain",
}

# The multipart body of an upload, for OpenAPI (the route reads the stream itself).
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "The file to index.",
                        }
                    },
                }
            }
        },
    }
}


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


@router.get(
    "/{doc_id}/file",
    response_class=FileResponse,
    summary="Download the original file",
    description=(
        "The file the document was ingested from, byte for byte, with its name "
        "and media type. Statute articles of one file share it."
    ),
    responses={
        200: {
            "description": "The original file.",
            "content": {"application/octet-stream": {}},
        },
        **problem_responses(
            {
                401: "No valid token or API key.",
                403: "The caller's role may not read documents.",
                404: "No document has this id, or its original was not kept.",
                422: "The id is empty or too long.",
                503: "The search index is unavailable.",
            }
        ),
    },
)
def download_original(
    request: Request,
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
) -> FileResponse:
    """Send the stored original of a document, or a 404 problem."""
    record = backend.get(doc_id)
    if record is None:
        raise DocumentNotFoundError(doc_id)
    path = original_path(request.app.state.home, record.file_sha256)
    if path is None:
        raise OriginalNotFoundError(doc_id)
    audit(session, user, AuditAction.DOWNLOADED, ObjectType.DOCUMENT, record.id)
    name = PurePath(record.source).name or f"{record.id}.{record.format}"
    media_type = MEDIA_TYPES.get(record.format, "application/octet-stream")
    if media_type.startswith("text/"):
        # Old text files are often cp1251: name their encoding, never assume UTF-8.
        encoding = record.meta.get("encoding")
        media_type += f"; charset={encoding}" if encoding else "; charset=utf-8"
    return FileResponse(path, media_type=media_type, filename=name)


@router.post(
    "",
    response_model=UploadResponse,
    status_code=201,
    summary="Upload a file for indexing",
    description=(
        "Send one file as multipart/form-data in the field «file» (PDF, DOCX, "
        "DOC, RTF, HTML or text, up to LEXDESK_MAX_UPLOAD_MB). It is parsed, "
        "analysed and indexed like `lexdesk ingest` does, and its original is "
        "kept for download. 201: indexed; 200: the same bytes were already "
        "indexed; 422: the file cannot be used, with the reason."
    ),
    responses={
        200: {"model": UploadResponse, "description": "Already in the index."},
        **problem_responses(
            {
                401: "No valid token or API key.",
                403: "The caller's role may not upload.",
                413: "The file is larger than the limit.",
                422: "The file is corrupt, encrypted, empty or of an unknown "
                "format (the reason is in «detail»), or no file was sent.",
                503: "The search index is unavailable.",
            }
        ),
    },
    openapi_extra=UPLOAD_BODY,
)
async def upload_document(
    request: Request,
    backend: BackendDep,
    user: Annotated[Principal, Depends(require_role(*TEAM))],
    session: SessionDep,
) -> JSONResponse:
    """Ingest an uploaded file; 201 when indexed, 200 when unchanged."""
    async with receive_upload(
        request, max_bytes=request.app.state.max_upload_bytes
    ) as received:
        result = await run_in_threadpool(
            ingest_upload, received, backend, home=request.app.state.home
        )
    first = result.documents[0] if result.documents else None
    audit(session, user, AuditAction.UPLOADED, ObjectType.DOCUMENT, first)
    body = UploadResponse(
        outcome=result.outcome, reason=result.reason, documents=list(result.documents)
    )
    indexed = result.outcome is UploadOutcome.INDEXED
    headers = {"Location": f"/documents/{first}"} if indexed and first else None
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=201 if indexed else 200,
        headers=headers,
    )
