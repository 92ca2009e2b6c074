"""Who is calling, and may they: the API's authentication and role checks.

Every route but ``/health``, ``/auth/token`` and the OpenAPI pages depends on
:func:`authenticate`, directly or through :func:`require_role`. A caller shows a
bearer token from ``POST /auth/token`` (``Authorization: Bearer …``) or a
service's API key (``X-API-Key: …``). No or bad credentials give a 401 problem
with ``WWW-Authenticate: Bearer``; a role without the right gives a 403 problem.

Usage in a router::

    @router.get("/documents/{doc_id}/file")
    def download(user: Annotated[Principal, Depends(require_role(*READERS))],
                 session: SessionDep) -> Response:
        ...
        audit(session, user, AuditAction.DOWNLOADED, ObjectType.DOCUMENT, doc_id)

Role groups (:data:`READERS`, :data:`TEAM`, :data:`MANAGERS`, :data:`ADMINS`,
:data:`AUDITORS`) follow the README's «Roles» table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, cast

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from sqlalchemy.orm import Session

from api.problems import AuthenticationError, PermissionDeniedError
from lexdesk.accounts import (
    ROLE_LABELS_RU,
    Principal,
    Role,
    principal_for_api_key,
    principal_for_token,
)
from lexdesk.audit import AuditAction, AuditEvent, ObjectType, record_audit
from lexdesk.database import Database
from lexdesk.errors import InfrastructureError

__all__ = [
    "ADMINS",
    "AUDITORS",
    "MANAGERS",
    "READERS",
    "TEAM",
    "AuditAction",
    "CurrentUser",
    "ObjectType",
    "Principal",
    "Role",
    "SessionDep",
    "audit",
    "authenticate",
    "require_role",
]

# Who may search and read documents (and precedents, citations, files).
READERS = (Role.VIEWER, Role.LAWYER, Role.MANAGER, Role.ADMIN)
# Who works on matters: folders, notes, uploads, exports.
TEAM = (Role.LAWYER, Role.MANAGER, Role.ADMIN)
# Who assigns work and sees analytics.
MANAGERS = (Role.MANAGER, Role.ADMIN)
# Who manages users and API keys.
ADMINS = (Role.ADMIN,)
# Who reads the audit trail (and nothing else).
AUDITORS = (Role.AUDITOR,)

# Marks the dependency functions made by require_role, so a test can tell that a
# route checks roles and which ones.
ROLES_ATTRIBUTE = "lexdesk_roles"

_bearer = OAuth2PasswordBearer(
    tokenUrl="/auth/token",
    auto_error=False,
    description="A token from POST /auth/token (user name and password).",
)
_api_key = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="A service's API key, issued by an administrator.",
)


def get_database(request: Request) -> Database:
    """Return the app's store (opened when the app started).

    Raises:
        InfrastructureError: the app's lifespan has not run.
    """
    database = getattr(request.app.state, "database", None)
    if database is None:
        raise InfrastructureError(
            "database is not open: the app's lifespan has not run",
            user_message="База данных lexdesk не открыта: сервис ещё не запущен.",
        )
    return cast(Database, database)


def get_session(
    database: Annotated[Database, Depends(get_database)],
) -> Iterator[Session]:
    """Open a session for one request (a FastAPI dependency).

    Routes that change data call ``session.commit()`` themselves before they
    answer, so a client never sees success for a write that was not stored;
    whatever is left uncommitted is rolled back when the request ends.
    """
    session = database.sessions()
    try:
        yield session
    finally:
        session.close()


# A store session as a route parameter: ``session: SessionDep``.
SessionDep = Annotated[Session, Depends(get_session)]


def authenticate(
    request: Request,
    session: SessionDep,
    token: Annotated[str | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    """Return who makes the request (a FastAPI dependency).

    Raises:
        AuthenticationError: no credentials, or they are wrong, expired, revoked,
            or belong to a disabled user.
    """
    if api_key:
        principal = principal_for_api_key(session, api_key)
        if principal is None:
            raise AuthenticationError(
                "unknown or disabled API key",
                user_message="Ключ API не действителен или отозван.",
            )
    elif token:
        secret: bytes = request.app.state.secret_key
        principal = principal_for_token(session, token, secret=secret)
        if principal is None:
            raise AuthenticationError(
                "bad, expired or revoked token",
                user_message="Сеанс истёк или недействителен: войдите снова.",
            )
    else:
        raise AuthenticationError(
            "no credentials",
            user_message=(
                "Требуется вход: передайте токен (Authorization: Bearer …) или "
                "ключ API (X-API-Key)."
            ),
        )
    request.state.user_id = principal.user_id
    return principal


# The caller, for routes open to every signed-in role: ``user: CurrentUser``.
CurrentUser = Annotated[Principal, Depends(authenticate)]


def require_role(*roles: Role) -> Callable[..., Principal]:
    """Make a dependency that lets only the given roles through.

    Args:
        roles: the roles allowed; use the groups of this module (``*READERS``).

    Returns:
        A dependency returning the caller; it raises a 401 problem without valid
        credentials and a 403 problem for another role.
    """
    allowed = frozenset(roles)
    names = ", ".join(f"«{ROLE_LABELS_RU[role]}»" for role in roles)

    def check_role(user: CurrentUser) -> Principal:
        if user.role not in allowed:
            raise PermissionDeniedError(
                f"role {user.role.value} not in {sorted(allowed)}",
                user_message=(
                    f"Недостаточно прав: это доступно ролям {names}, а у вас роль "
                    f"«{ROLE_LABELS_RU[user.role]}»."
                ),
            )
        return user

    setattr(check_role, ROLES_ATTRIBUTE, allowed)
    return check_role


def audit(
    session: Session,
    actor: Principal,
    action: AuditAction,
    object_type: ObjectType,
    object_id: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Append an audit row and commit it before the route answers.

    Takes the arguments of :func:`lexdesk.audit.record_audit`; the commit makes
    sure no data leaves the API without its row in the trail.
    """
    event = record_audit(session, actor, action, object_type, object_id, **details)
    session.commit()
    return event
