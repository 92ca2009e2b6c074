"""Precedents: documents like an indexed one, or like a pasted text or file.

``GET /documents/{id}/similar`` compares an indexed document with the index;
``POST /similar`` takes text (JSON) or a file (multipart) that is analysed but
never indexed — a draft claim, or a decision received by mail.
"""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.auth import READERS, AuditAction, ObjectType, SessionDep, audit, require_role
from api.backend import BackendDep
from api.problems import (
    DocumentNotFoundError,
    ParameterError,
    PayloadTooLargeError,
    problem_responses,
)
from api.routers.documents import MAX_ID_LENGTH
from api.schemas_research import SimilarResponse, SimilarTextRequest
from api.uploads import analyse_upload, receive_upload, text_upload
from lexdesk.accounts import Principal
from search.backend import SearchBackend
from search.records import DocumentRecord, SimilarResult
from search.similar import probe_from_records

router = APIRouter(tags=["precedents"])

# Precedents per answer.
MAX_SIMILAR = 50
DEFAULT_SIMILAR = 10

SIMILAR_DESCRIPTION = """\
Documents like this one, best first. The score (0–1) weighs three parts, each
given in «parts»: text (BM25 over the document's most distinctive lemmas, chosen
by tf·idf), citations (Jaccard overlap of the cited articles) and category (same
dispute category, or the same kind). Each hit names the shared citations and key
terms. The document itself and exact copies of its text are left out.
"""

# The two bodies POST /similar accepts, for OpenAPI.
SIMILAR_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": SimilarTextRequest.model_json_schema(),
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A file to compare (not indexed).",
                        }
                    },
                }
            },
        },
    }
}

Limit = Annotated[int, Query(ge=1, le=MAX_SIMILAR, description="Precedents to return.")]


@router.get(
    "/documents/{doc_id}/similar",
    response_model=SimilarResponse,
    summary="Precedents of a document",
    description=SIMILAR_DESCRIPTION,
    responses=problem_responses(
        {
            401: "No valid token or API key.",
            403: "The caller's role may not read documents.",
            404: "No document has this id.",
            422: "A parameter is out of range.",
            503: "The search index is unavailable.",
        }
    ),
)
def similar_to_document(
    backend: BackendDep,
    user: Annotated[Principal, Depends(require_role(*READERS))],
    session: SessionDep,
    doc_id: Annotated[
        str,
        Path(min_length=1, max_length=MAX_ID_LENGTH, description="Document id."),
    ],
    limit: Limit = DEFAULT_SIMILAR,
) -> SimilarResponse:
    """Return the precedents of an indexed document."""
    record = backend.get(doc_id)
    if record is None:
        raise DocumentNotFoundError(doc_id)
    probe = probe_from_records([record], is_indexed=True)
    result = backend.similar(probe, limit=limit)
    audit(
        session,
        user,
        AuditAction.SEARCHED,
        ObjectType.DOCUMENT,
        record.id,
        hits=len(result.hits),
    )
    return SimilarResponse.from_result(result)


@router.post(
    "/similar",
    response_model=SimilarResponse,
    summary="Precedents of a text or file",
    description=(
        'Send JSON {"text": …} or a file as multipart/form-data in «file». '
        "It is parsed and analysed like an ingested file but not indexed; the "
        "answer is that of GET /documents/{id}/similar.\n\n" + SIMILAR_DESCRIPTION
    ),
    responses=problem_responses(
        {
            401: "No valid token or API key.",
            403: "The caller's role may not read documents.",
            413: "The file is larger than the limit.",
            415: "The body is neither JSON nor multipart/form-data.",
            422: "No text or file, or the file cannot be read (reason in «detail»).",
            503: "The search index is unavailable.",
        }
    ),
    openapi_extra=SIMILAR_BODY,
)
async def similar_to_upload(
    request: Request,
    backend: BackendDep,
    user: Annotated[Principal, Depends(require_role(*READERS))],
    session: SessionDep,
    limit: Limit = DEFAULT_SIMILAR,
) -> SimilarResponse:
    """Return the precedents of pasted text or an uploaded file."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        async with receive_upload(
            request, max_bytes=request.app.state.max_upload_bytes
        ) as received:
            records = await run_in_threadpool(analyse_upload, received)
        chars = sum(len(record.text) for record in records)
    elif content_type.startswith("application/json"):
        text = await _read_text(request)
        chars = len(text)
        records = await run_in_threadpool(_analyse_text, text)
    else:
        raise ParameterError(
            "body",
            f"unsupported content type {content_type[:50]!r}",
            field_message=(
                'отправьте JSON {"text": …} или файл как multipart/form-data.'
            ),
        )
    result = await run_in_threadpool(_similar, backend, records, limit)
    audit(
        session,
        user,
        AuditAction.SEARCHED,
        ObjectType.SEARCH,
        query_chars=chars,
        hits=len(result.hits),
    )
    return SimilarResponse.from_result(result)


async def _read_text(request: Request) -> str:
    limit: int = request.app.state.max_upload_bytes
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLargeError(limit)
    try:
        return SimilarTextRequest.model_validate_json(body).text
    except ValidationError as error:
        raise ParameterError(
            "text",
            f"bad JSON body: {error.error_count()} errors",
            field_message='нужен JSON вида {"text": "…"} с непустым текстом.',
        ) from error


def _analyse_text(text: str) -> list[DocumentRecord]:
    with tempfile.TemporaryDirectory(prefix="lexdesk-similar-") as folder:
        return analyse_upload(text_upload(FilePath(folder), text))


def _similar(
    backend: SearchBackend, records: list[DocumentRecord], limit: int
) -> SimilarResult:
    probe = probe_from_records(records, is_indexed=False)
    return backend.similar(probe, limit=limit)
