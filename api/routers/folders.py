"""``/folders``: collections of documents for a matter, shared with colleagues.

A folder not owned by nor shared with the caller answers 404 (its existence is
not disclosed); a folder shared read-only answers 403 to changes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from api.auth import TEAM, AuditAction, ObjectType, SessionDep, audit, require_role
from api.backend import BackendDep
from api.problems import (
    DocumentNotFoundError,
    NotFoundError,
    PermissionDeniedError,
    problem_responses,
)
from api.routers.exports import FILE_RESPONSES, file_response
from api.schemas_auth import (
    FolderCreate,
    FolderDetail,
    FolderDocument,
    FolderRename,
    FolderShare,
    FolderSummary,
    ShareRequest,
)
from lexdesk.accounts import Principal
from lexdesk.exports import ExportFormat, row_for
from lexdesk.teamwork import (
    FolderAccess as Access,
)
from lexdesk.teamwork import (
    FolderView,
    TeamworkForbiddenError,
    TeamworkNotFoundError,
    add_document,
    create_folder,
    delete_folder,
    folder_items,
    folder_view,
    list_folders,
    remove_document,
    rename_folder,
    share_folder,
    unshare_folder,
)

router = APIRouter(prefix="/folders", tags=["folders"])

Member = Annotated[Principal, Depends(require_role(*TEAM))]
FolderId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Folder id.")]
DocId = Annotated[str, Path(min_length=1, max_length=256, description="Document id.")]
UserName = Annotated[
    str, Path(min_length=1, max_length=64, description="Colleague's user name.")
]

_AUTH = {
    401: "No valid token or API key.",
    403: "The role does not work with folders, or the folder is read-only to you.",
}
_MISSING = {404: "No such folder, or it is not shared with you."}
_BAD = {422: "A parameter or a body field is malformed."}


def _summary(view: FolderView) -> FolderSummary:
    return FolderSummary(
        id=view.id,
        name=view.name,
        owner=view.owner,
        access=view.access,
        documents=view.documents,
        updated_at=view.updated_at,
    )


class _Translate:
    """Turn team-work errors into API problems (404, 403) inside a ``with``."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, tb: object) -> None:
        if isinstance(error, TeamworkNotFoundError):
            raise NotFoundError(str(error), user_message=error.user_message) from error
        if isinstance(error, TeamworkForbiddenError):
            raise PermissionDeniedError(
                str(error), user_message=error.user_message
            ) from error


@router.get(
    "",
    response_model=list[FolderSummary],
    summary="My folders",
    description=(
        "The folders you own and those colleagues shared with you, last changed "
        "first; «access» says what you may do with each."
    ),
    responses=problem_responses(_AUTH),
)
def get_folders(user: Member, session: SessionDep) -> list[FolderSummary]:
    """List the caller's own and shared folders."""
    return [_summary(view) for view in list_folders(session, user)]


@router.post(
    "",
    response_model=FolderSummary,
    status_code=201,
    summary="Create a folder",
    description="Creates an empty folder owned by you, e.g. for one debtor's matter.",
    responses=problem_responses({**_AUTH, **_BAD}),
)
def post_folder(user: Member, session: SessionDep, body: FolderCreate) -> FolderSummary:
    """Create a folder."""
    folder = create_folder(session, user, body.name.strip() or body.name)
    audit(session, user, AuditAction.CREATED, ObjectType.FOLDER, str(folder.id))
    return _summary(folder_view(session, user, folder.id))


@router.get(
    "/{folder_id}",
    response_model=FolderDetail,
    summary="Open a folder",
    description="A folder with its documents (oldest first) and its shares.",
    responses=problem_responses({**_AUTH, **_MISSING, **_BAD}),
)
def get_folder(
    user: Member, session: SessionDep, backend: BackendDep, folder_id: FolderId
) -> FolderDetail:
    """Return a folder visible to the caller, with document titles."""
    with _Translate():
        view = folder_view(session, user, folder_id)
        items, shares = folder_items(session, user, folder_id)
    documents = []
    for item in items:
        record = backend.get(item.document_id)
        documents.append(
            FolderDocument(
                id=item.document_id,
                title=record.title if record is not None else None,
                added_by=item.added_by,
                added_at=item.added_at,
            )
        )
    return FolderDetail(
        **_summary(view).model_dump(),
        items=documents,
        shares=[FolderShare(user=share.user, access=share.access) for share in shares],
    )


@router.patch(
    "/{folder_id}",
    response_model=FolderSummary,
    summary="Rename a folder",
    description="Renames a folder you own or that is shared with you for editing.",
    responses=problem_responses({**_AUTH, **_MISSING, **_BAD}),
)
def patch_folder(
    user: Member, session: SessionDep, folder_id: FolderId, body: FolderRename
) -> FolderSummary:
    """Rename a folder."""
    with _Translate():
        rename_folder(session, user, folder_id, body.name)
    audit(session, user, AuditAction.UPDATED, ObjectType.FOLDER, str(folder_id))
    return _summary(folder_view(session, user, folder_id))


@router.delete(
    "/{folder_id}",
    status_code=204,
    response_class=Response,
    summary="Delete a folder",
    description="Deletes a folder you own; the documents stay in the index.",
    responses=problem_responses({**_AUTH, **_MISSING, **_BAD}),
)
def remove_folder(user: Member, session: SessionDep, folder_id: FolderId) -> Response:
    """Delete a folder (owner only)."""
    with _Translate():
        delete_folder(session, user, folder_id)
    audit(session, user, AuditAction.DELETED, ObjectType.FOLDER, str(folder_id))
    return Response(status_code=204)


@router.put(
    "/{folder_id}/documents/{doc_id}",
    response_model=FolderSummary,
    summary="Add a document to a folder",
    description="Adds an indexed document; adding it twice changes nothing.",
    responses=problem_responses(
        {**_AUTH, 404: "No such folder visible to you, or no such document.", **_BAD}
    ),
)
def put_document(
    user: Member,
    session: SessionDep,
    backend: BackendDep,
    folder_id: FolderId,
    doc_id: DocId,
) -> FolderSummary:
    """Put a document in a folder."""
    with _Translate():
        folder_view(session, user, folder_id)
    if backend.get(doc_id) is None:
        raise DocumentNotFoundError(doc_id)
    with _Translate():
        added = add_document(session, user, folder_id, doc_id)
    if added:
        audit(session, user, AuditAction.UPDATED, ObjectType.FOLDER, str(folder_id))
    return _summary(folder_view(session, user, folder_id))


@router.delete(
    "/{folder_id}/documents/{doc_id}",
    response_model=FolderSummary,
    summary="Remove a document from a folder",
    description="Takes a document out of the folder; it stays in the index.",
    responses=problem_responses({**_AUTH, **_MISSING, **_BAD}),
)
def delete_document(
    user: Member, session: SessionDep, folder_id: FolderId, doc_id: DocId
) -> FolderSummary:
    """Take a document out of a folder."""
    with _Translate():
        remove_document(session, user, folder_id, doc_id)
    audit(session, user, AuditAction.UPDATED, ObjectType.FOLDER, str(folder_id))
    return _summary(folder_view(session, user, folder_id))


@router.put(
    "/{folder_id}/shares/{user_name}",
    response_model=FolderDetail,
    summary="Share a folder",
    description=(
        "Shares a folder you own with a colleague: «read» lets them see it and "
        "export it, «edit» also to rename it and add or remove documents."
    ),
    responses=problem_responses(
        {
            **_AUTH,
            404: "No such folder of yours, or no such user.",
            **_BAD,
        }
    ),
)
def put_share(
    user: Member,
    session: SessionDep,
    backend: BackendDep,
    folder_id: FolderId,
    user_name: UserName,
    body: ShareRequest,
) -> FolderDetail:
    """Share a folder with a colleague, or change their access."""
    with _Translate():
        share_folder(session, user, folder_id, user_name, Access(body.access))
    audit(session, user, AuditAction.SHARED, ObjectType.FOLDER, str(folder_id))
    return get_folder(user, session, backend, folder_id)


@router.delete(
    "/{folder_id}/shares/{user_name}",
    response_model=FolderDetail,
    summary="Stop sharing a folder",
    description="Takes a colleague's access to a folder you own away.",
    responses=problem_responses(
        {**_AUTH, 404: "No such folder of yours, or no such user.", **_BAD}
    ),
)
def delete_share(
    user: Member,
    session: SessionDep,
    backend: BackendDep,
    folder_id: FolderId,
    user_name: UserName,
) -> FolderDetail:
    """Stop sharing a folder with a colleague."""
    with _Translate():
        unshare_folder(session, user, folder_id, user_name)
    audit(session, user, AuditAction.SHARED, ObjectType.FOLDER, str(folder_id))
    return get_folder(user, session, backend, folder_id)


@router.get(
    "/{folder_id}/export",
    response_class=Response,
    summary="Export a folder",
    description=(
        "The folder's documents as CSV or XLSX, oldest first, with the columns "
        "of /search/export («Фрагмент» stays empty). Written to the audit trail."
    ),
    responses={
        **FILE_RESPONSES,
        **problem_responses({**_AUTH, **_MISSING, **_BAD}),
    },
)
def export_folder(
    user: Member,
    session: SessionDep,
    backend: BackendDep,
    folder_id: FolderId,
    export_format: Annotated[
        ExportFormat, Query(alias="format", description="csv or xlsx.")
    ] = ExportFormat.CSV,
) -> Response:
    """Answer the folder's documents as a file."""
    with _Translate():
        items, _ = folder_items(session, user, folder_id)
    rows = [row for item in items if (row := row_for(backend.get(item.document_id)))]
    audit(
        session,
        user,
        AuditAction.EXPORTED,
        ObjectType.FOLDER,
        str(folder_id),
        hits=len(rows),
        export_format=export_format.value,
    )
    return file_response(rows, export_format, f"papka-{folder_id}")
