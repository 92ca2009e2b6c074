"""``/users``: administrators list and add users, change roles, issue API keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from api.auth import ADMINS, AuditAction, ObjectType, SessionDep, audit, require_role
from api.problems import ConflictError, NotFoundError, problem_responses
from api.schemas_auth import (
    ApiKeyCreate,
    ApiKeyResponse,
    UserCreate,
    UserResponse,
    UserUpdate,
)
from lexdesk.accounts import (
    DuplicateUserError,
    Principal,
    UnknownUserError,
    UserInfo,
    create_api_key,
    create_user,
    list_users,
    set_active,
    set_role,
)

router = APIRouter(prefix="/users", tags=["users"])

Admin = Annotated[Principal, Depends(require_role(*ADMINS))]
UserName = Annotated[str, Path(min_length=1, max_length=64, description="User name.")]

_AUTH_ERRORS = {
    401: "No valid token or API key.",
    403: "Only administrators manage users.",
}


def _response(info: UserInfo) -> UserResponse:
    return UserResponse(
        name=info.name,
        role=info.role,
        active=info.active,
        has_password=info.has_password,
        api_keys=info.api_keys,
        created_at=info.created_at,
    )


def _find(session: SessionDep, name: str) -> UserInfo:
    for info in list_users(session):
        if info.name == name:
            return info
    raise NotFoundError(
        f"no user named {name!r}", user_message=f"Пользователь «{name}» не найден."
    )


@router.get(
    "",
    response_model=list[UserResponse],
    summary="List users",
    description="Every user with their role, state and number of API keys, by name.",
    responses=problem_responses(_AUTH_ERRORS),
)
def get_users(admin: Admin, session: SessionDep) -> list[UserResponse]:
    """Return every user (administrators only)."""
    return [_response(info) for info in list_users(session)]


@router.post(
    "",
    response_model=UserResponse,
    status_code=201,
    summary="Add a user",
    description=(
        "Creates a user with a role. Without «password» the user is a service "
        "account that signs in with API keys only."
    ),
    responses=problem_responses(
        {
            **_AUTH_ERRORS,
            409: "The name is taken.",
            422: "Bad name, role or a password shorter than 8 characters.",
        }
    ),
)
def post_user(admin: Admin, session: SessionDep, body: UserCreate) -> UserResponse:
    """Create a user and record it in the audit trail."""
    try:
        create_user(session, body.name, role=body.role, password=body.password)
    except DuplicateUserError as error:
        raise ConflictError(str(error), user_message=error.user_message) from error
    audit(session, admin, AuditAction.CREATED, ObjectType.USER, body.name)
    return _response(_find(session, body.name))


@router.patch(
    "/{name}",
    response_model=UserResponse,
    summary="Change a user",
    description=(
        "Changes the role or disables (active=false) a user. Either change "
        "revokes the tokens issued to the user before."
    ),
    responses=problem_responses(
        {**_AUTH_ERRORS, 404: "No such user.", 422: "A field is malformed."}
    ),
)
def patch_user(
    admin: Admin, session: SessionDep, name: UserName, body: UserUpdate
) -> UserResponse:
    """Apply a role or state change."""
    try:
        if body.role is not None:
            set_role(session, name, body.role)
        if body.active is not None:
            set_active(session, name, active=body.active)
    except UnknownUserError as error:
        raise NotFoundError(str(error), user_message=error.user_message) from error
    audit(session, admin, AuditAction.UPDATED, ObjectType.USER, name)
    return _response(_find(session, name))


@router.post(
    "/{name}/api-keys",
    response_model=ApiKeyResponse,
    status_code=201,
    summary="Issue an API key",
    description=(
        "Issues a key with which a service acts as this user (send it as "
        "«X-API-Key»). The key is in this response only: the server keeps its "
        "hash."
    ),
    responses=problem_responses(
        {**_AUTH_ERRORS, 404: "No such user.", 422: "A field is malformed."}
    ),
)
def post_api_key(
    admin: Admin, session: SessionDep, name: UserName, body: ApiKeyCreate
) -> ApiKeyResponse:
    """Issue a key and record it (by id, never the key) in the audit trail."""
    try:
        issued = create_api_key(
            session, name, label=body.label, created_by=admin.user_id
        )
    except UnknownUserError as error:
        raise NotFoundError(str(error), user_message=error.user_message) from error
    audit(session, admin, AuditAction.CREATED, ObjectType.API_KEY, str(issued.key_id))
    return ApiKeyResponse(
        key=issued.key, key_id=issued.key_id, user=issued.user, label=issued.label
    )
