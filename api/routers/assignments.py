"""``/assignments``: managers give documents and cases to lawyers.

Managers (and administrators) create, list and reassign every assignment; a
lawyer lists their own and marks them done.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from api.auth import (
    MANAGERS,
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
    NotFoundError,
    PermissionDeniedError,
    problem_responses,
)
from api.schemas_auth import (
    AssignmentCreate,
    AssignmentResponse,
    AssignmentUpdate,
)
from lexdesk.accounts import Principal
from lexdesk.teamwork import (
    AssignedObject,
    AssignmentStatus,
    AssignmentView,
    TeamworkForbiddenError,
    TeamworkNotFoundError,
    create_assignment,
    list_assignments,
    update_assignment,
)

router = APIRouter(prefix="/assignments", tags=["assignments"])

Member = Annotated[Principal, Depends(require_role(*TEAM))]
Manager = Annotated[Principal, Depends(require_role(*MANAGERS))]

_ERRORS = {
    401: "No valid token or API key.",
    403: "The role may not do this, or the assignee cannot take assignments.",
    404: "No such assignment, user or document.",
    422: "A field is malformed.",
}


def _response(view: AssignmentView) -> AssignmentResponse:
    return AssignmentResponse(
        id=view.id,
        object_type=view.object_type,
        object_id=view.object_id,
        assignee=view.assignee,
        assigned_by=view.assigned_by,
        due=view.due,
        comment=view.comment,
        status=view.status,
        created_at=view.created_at,
    )


def _translate(error: TeamworkNotFoundError | TeamworkForbiddenError) -> Exception:
    if isinstance(error, TeamworkNotFoundError):
        return NotFoundError(str(error), user_message=error.user_message)
    return PermissionDeniedError(str(error), user_message=error.user_message)


@router.post(
    "",
    response_model=AssignmentResponse,
    status_code=201,
    summary="Assign work",
    description=(
        "Gives a document (by id) or a case (by case number) to a lawyer or "
        "manager, with an optional due date and comment. Managers only."
    ),
    responses=problem_responses(_ERRORS),
)
def post_assignment(
    manager: Manager,
    session: SessionDep,
    backend: BackendDep,
    body: AssignmentCreate,
) -> AssignmentResponse:
    """Create an assignment."""
    if (
        body.object_type is AssignedObject.DOCUMENT
        and backend.get(body.object_id) is None
    ):
        raise DocumentNotFoundError(body.object_id)
    try:
        view = create_assignment(
            session,
            manager,
            object_type=body.object_type,
            object_id=body.object_id,
            assignee=body.assignee,
            due=body.due,
            comment=body.comment,
        )
    except (TeamworkNotFoundError, TeamworkForbiddenError) as error:
        raise _translate(error) from error
    audit(session, manager, AuditAction.ASSIGNED, ObjectType.ASSIGNMENT, str(view.id))
    return _response(view)


@router.get(
    "",
    response_model=list[AssignmentResponse],
    summary="List assignments",
    description=(
        "Newest first. Managers see every assignment and may filter by "
        "«assignee»; lawyers see their own."
    ),
    responses=problem_responses(_ERRORS),
)
def get_assignments(
    user: Member,
    session: SessionDep,
    assignee: Annotated[
        str | None, Query(min_length=1, max_length=64, description="User name.")
    ] = None,
    status: Annotated[
        AssignmentStatus | None, Query(description="open or done.")
    ] = None,
) -> list[AssignmentResponse]:
    """List the assignments visible to the caller."""
    try:
        views = list_assignments(session, user, assignee=assignee, status=status)
    except TeamworkNotFoundError as error:
        raise _translate(error) from error
    return [_response(view) for view in views]


@router.patch(
    "/{assignment_id}",
    response_model=AssignmentResponse,
    summary="Update an assignment",
    description=(
        "The assignee or a manager sets «status» (open, done); a manager may "
        "reassign it («assignee»)."
    ),
    responses=problem_responses(_ERRORS),
)
def patch_assignment(
    user: Member,
    session: SessionDep,
    assignment_id: Annotated[
        int, Path(ge=1, le=2**31 - 1, description="Assignment id.")
    ],
    body: AssignmentUpdate,
) -> AssignmentResponse:
    """Change an assignment's status or assignee."""
    try:
        view = update_assignment(
            session,
            user,
            assignment_id,
            status=body.status,
            assignee=body.assignee,
        )
    except (TeamworkNotFoundError, TeamworkForbiddenError) as error:
        raise _translate(error) from error
    audit(session, user, AuditAction.UPDATED, ObjectType.ASSIGNMENT, str(assignment_id))
    return _response(view)
