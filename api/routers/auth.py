"""``/auth``: sign in with a user name and password; who am I."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from api.auth import CurrentUser, SessionDep, audit
from api.problems import AuthenticationError, problem_responses
from api.schemas_auth import MeResponse, TokenResponse
from lexdesk.accounts import (
    ROLE_LABELS_RU,
    Principal,
    check_password_login,
    issue_token,
)
from lexdesk.audit import AuditAction, ObjectType

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=TokenResponse,
    summary="Sign in",
    description=(
        "OAuth2 password flow: form fields «username» and «password». Answers a "
        "bearer token to send as «Authorization: Bearer …»; it expires after "
        "LEXDESK_TOKEN_TTL_MINUTES and is revoked when the user is disabled or "
        "their role or password changes."
    ),
    responses=problem_responses(
        {
            401: "Wrong user name or password, or the user is disabled.",
            422: "A form field is missing.",
        }
    ),
)
def create_token(
    request: Request,
    session: SessionDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> TokenResponse:
    """Check the password and issue a signed, expiring access token."""
    user = check_password_login(session, form.username, form.password)
    if user is None:
        raise AuthenticationError(
            "wrong user name or password",
            user_message="Неверное имя пользователя или пароль.",
        )
    ttl = dt.timedelta(minutes=request.app.state.token_ttl_minutes)
    token = issue_token(user, secret=request.app.state.secret_key, ttl=ttl)
    principal = Principal(user_id=user.id, name=user.name, role=user.role)
    audit(session, principal, AuditAction.LOGGED_IN, ObjectType.USER, user.name)
    return TokenResponse(
        access_token=token.token,
        token_type="bearer",
        expires_at=token.expires_at,
        role=user.role,
    )


@router.get(
    "/me",
    response_model=MeResponse,
    summary="Who am I",
    description="The signed-in user's name and role, for clients to adapt their menus.",
    responses=problem_responses({401: "No valid token or API key."}),
)
def get_me(user: CurrentUser) -> MeResponse:
    """Return the caller's name and role."""
    return MeResponse(
        name=user.name, role=user.role, role_label=ROLE_LABELS_RU[user.role]
    )
