"""Users, roles, passwords, API keys and access tokens.

* Passwords are hashed with scrypt (RFC 7914) and a random per-user salt; the
  stored string names its parameters, so they can be raised later without
  breaking old hashes.
* Access tokens (``POST /auth/token``) are HMAC-SHA256-signed and expire. They
  carry the user's id and *token generation*: disabling a user, changing the role
  or the password bumps the generation and so revokes every token issued before,
  without a table of sessions.
* API keys are random 256-bit strings shown once; the store keeps only their
  SHA-256 (a key has full entropy, so a slow hash would add nothing).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import functools
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from lexdesk.database import (
    Base,
    UtcDateTime,
    enum_type,
    register_component,
    utc_now,
)
from lexdesk.errors import UserInputError
from lexdesk.settings import Environment, Settings

logger = logging.getLogger(__name__)

register_component("accounts", 1)

# scrypt cost (RFC 7914 §2; OWASP's password storage cheat sheet recommends at
# least N=2^17 with r=8, p=1 for interactive logins; N=2^15 keeps one check near
# 0.1 s and 32 MiB on the two-core server this runs on).
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
SALT_BYTES = 16
HASH_BYTES = 32

# Passwords shorter than this are refused (NIST SP 800-63B §5.1.1.2: at least 8).
MIN_PASSWORD_LENGTH = 8

# A user name: letters (Cyrillic too), digits, dot, underscore, hyphen, at sign,
# 1–64 characters, e.g. «ivanova», «i.petrov», «billing-service».
USER_NAME_RE = re.compile(r"^[\w.@-]{1,64}$")

# API keys: a recognisable prefix (so a leaked key is easy to find in a
# repository or a log) and 32 random bytes.
API_KEY_PREFIX = "ldk_"
API_KEY_BYTES = 32

# Signed tokens: «v1.<payload>.<signature>», base64url without padding.
TOKEN_VERSION = "v1"

# Secret keys that are obviously not secret; production refuses them.
PLACEHOLDER_SECRETS = frozenset(
    {"changeme", "change-me", "change_me", "secret", "dev", "development", "test"}
)
# HMAC-SHA256 wants a key at least as long as its output (RFC 2104 §3).
MIN_SECRET_BYTES = 32
SECRET_FILE_NAME = "secret_key"


class Role(enum.StrEnum):
    """What a user may do; see the README's «Roles» table."""

    VIEWER = "viewer"
    LAWYER = "lawyer"
    MANAGER = "manager"
    ADMIN = "admin"
    AUDITOR = "auditor"


# Russian names of the roles, for the CLI and the UI.
ROLE_LABELS_RU: dict[Role, str] = {
    Role.VIEWER: "читатель",
    Role.LAWYER: "юрист",
    Role.MANAGER: "руководитель",
    Role.ADMIN: "администратор",
    Role.AUDITOR: "аудитор",
}


class User(Base):
    """A person or a service that uses lexdesk."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(enum_type(Role))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped to revoke every token issued before (disable, role or password change).
    token_generation: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ApiKey(Base):
    """A key that lets a service act as a user; only its hash is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The key's first characters, to tell keys apart in listings.
    shown_prefix: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


@dataclass(frozen=True)
class Principal:
    """Who makes a request: a user, possibly through one of their API keys.

    Attributes:
        user_id: the user's id (what the audit trail records).
        name: the user name.
        role: the user's role.
        api_key_id: the API key used, or None for a password token.
    """

    user_id: int
    name: str
    role: Role
    api_key_id: int | None = None


@dataclass(frozen=True)
class UserInfo:
    """A user as listings show it (no secrets).

    Attributes:
        name: the user name.
        role: the role.
        active: False once disabled.
        has_password: whether the user can log in with a password.
        api_keys: how many API keys the user has.
        created_at: when the user was created (UTC).
    """

    name: str
    role: Role
    active: bool
    has_password: bool
    api_keys: int
    created_at: dt.datetime


@dataclass(frozen=True)
class IssuedApiKey:
    """A new API key: ``key`` is shown once and never stored."""

    key: str
    key_id: int
    user: str
    label: str


@dataclass(frozen=True)
class AccessToken:
    """A signed access token and when it expires (UTC)."""

    token: str
    expires_at: dt.datetime


class AccountError(UserInputError):
    """A request about users that cannot be done (unknown user, duplicate, …)."""


class UnknownUserError(AccountError):
    """No user has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"no user named {name[:64]!r}",
            user_message=f"Пользователь «{name[:64]}» не найден.",
        )


class DuplicateUserError(AccountError):
    """Another user already has this name."""


class InsecureSecretError(UserInputError):
    """The token signing key is missing or a placeholder where that is not allowed."""


def check_user_name(name: str) -> str:
    """Return ``name`` if it is a valid user name.

    Raises:
        AccountError: the name is empty, too long or has other characters.
    """
    if USER_NAME_RE.fullmatch(name):
        return name
    raise AccountError(
        f"bad user name {name[:64]!r}",
        user_message=(
            f"Недопустимое имя пользователя «{name[:64]}»: разрешены буквы, цифры "
            "и знаки . _ - @, от 1 до 64 символов."
        ),
    )


def hash_password(password: str) -> str:
    """Hash a password with scrypt and a fresh salt.

    Returns:
        ``scrypt$N$r$p$<salt>$<hash>`` with base64 salt and hash.

    Raises:
        AccountError: the password is shorter than :data:`MIN_PASSWORD_LENGTH`.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            "password too short",
            user_message=(
                f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD_LENGTH} "
                "символов."
            ),
        )
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    encoded = [base64.b64encode(part).decode("ascii") for part in (salt, digest)]
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), *encoded])


def verify_password(password: str, stored: str) -> bool:
    """Tell whether ``password`` matches a hash made by :func:`hash_password`."""
    try:
        scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(hash_b64, validate=True)
        cost = (int(n), int(r), int(p))
    except (ValueError, binascii.Error):
        logger.warning("unreadable password hash in the store")
        return False
    if scheme != "scrypt":
        return False
    actual = _scrypt(password, salt, n=cost[0], r=cost[1], p=cost[2])
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, *, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=SCRYPT_MAXMEM,
        dklen=HASH_BYTES,
    )


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password, checked when the user is unknown so that a
    login takes as long for a wrong name as for a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


def create_user(
    session: Session, name: str, *, role: Role, password: str | None
) -> User:
    """Add a user; ``password=None`` makes a service account that uses API keys.

    Raises:
        AccountError: bad name, short password, or the name is taken.
    """
    check_user_name(name)
    password_hash = hash_password(password) if password is not None else None
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise DuplicateUserError(
            f"user {name!r} exists",
            user_message=f"Пользователь «{name}» уже существует.",
        )
    user = User(
        name=name,
        role=role,
        password_hash=password_hash,
        active=True,
        token_generation=0,
        created_at=utc_now(),
    )
    session.add(user)
    session.flush()
    logger.info("user %d created with role %s", user.id, role.value)
    return user


def get_user(session: Session, name: str) -> User:
    """Return the user called ``name``.

    Raises:
        UnknownUserError: no such user.
    """
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise UnknownUserError(name)
    return user


def list_users(session: Session) -> list[UserInfo]:
    """Return every user, by name."""
    counted = select(ApiKey.user_id, func.count(ApiKey.id)).group_by(ApiKey.user_id)
    key_counts: dict[int, int] = dict(session.execute(counted).all())
    users = session.scalars(select(User).order_by(User.name)).all()
    return [
        UserInfo(
            name=user.name,
            role=user.role,
            active=user.active,
            has_password=user.password_hash is not None,
            api_keys=key_counts.get(user.id, 0),
            created_at=user.created_at,
        )
        for user in users
    ]


def set_role(session: Session, name: str, role: Role) -> User:
    """Change a user's role; tokens issued before stop working.

    Raises:
        UnknownUserError: no such user.
    """
    user = get_user(session, name)
    user.role = role
    user.token_generation += 1
    logger.info("user %d now has role %s", user.id, role.value)
    return user


def set_active(session: Session, name: str, *, active: bool) -> User:
    """Disable or re-enable a user; disabling revokes their tokens and keys.

    Raises:
        UnknownUserError: no such user.
    """
    user = get_user(session, name)
    user.active = active
    user.token_generation += 1
    logger.info("user %d %s", user.id, "enabled" if active else "disabled")
    return user


def set_password(session: Session, name: str, password: str) -> User:
    """Set a user's password; tokens issued before stop working.

    Raises:
        UnknownUserError: no such user.
        AccountError: the password is too short.
    """
    user = get_user(session, name)
    user.password_hash = hash_password(password)
    user.token_generation += 1
    return user


def create_api_key(
    session: Session, name: str, *, label: str = "", created_by: int | None = None
) -> IssuedApiKey:
    """Issue a new API key for user ``name``; the returned key is shown once.

    Raises:
        UnknownUserError: no such user.
    """
    user = get_user(session, name)
    key = API_KEY_PREFIX + secrets.token_urlsafe(API_KEY_BYTES)
    record = ApiKey(
        user_id=user.id,
        key_hash=_key_hash(key),
        shown_prefix=key[: len(API_KEY_PREFIX) + 6],
        label=label,
        created_at=utc_now(),
        created_by=created_by,
    )
    session.add(record)
    session.flush()
    logger.info("API key %d issued for user %d", record.id, user.id)
    return IssuedApiKey(key=key, key_id=record.id, user=user.name, label=label)


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_password_login(session: Session, name: str, password: str) -> User | None:
    """Return the active user whose name and password match, or None."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None or user.password_hash is None:
        verify_password(password, _dummy_hash())
        return None
    if not verify_password(password, user.password_hash) or not user.active:
        return None
    return user


def principal_for_api_key(session: Session, key: str) -> Principal | None:
    """Return who an API key acts for, or None when it is unknown or disabled."""
    if not key.startswith(API_KEY_PREFIX):
        return None
    row = session.execute(
        select(ApiKey.id, User)
        .join(User, User.id == ApiKey.user_id)
        .where(ApiKey.key_hash == _key_hash(key))
    ).first()
    if row is None or not row[1].active:
        return None
    key_id, user = row
    return Principal(user_id=user.id, name=user.name, role=user.role, api_key_id=key_id)


def issue_token(user: User, *, secret: bytes, ttl: dt.timedelta) -> AccessToken:
    """Sign an access token for ``user`` that expires after ``ttl``."""
    now = utc_now()
    expires = now + ttl
    payload = {
        "sub": user.id,
        "gen": user.token_generation,
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    signing_input = f"{TOKEN_VERSION}.{body}"
    signature = _b64(_sign(signing_input, secret))
    return AccessToken(
        token=f"{signing_input}.{signature}",
        expires_at=dt.datetime.fromtimestamp(payload["exp"], dt.UTC),
    )


def principal_for_token(
    session: Session, token: str, *, secret: bytes, now: dt.datetime | None = None
) -> Principal | None:
    """Return who a token was issued to, or None if it is forged, expired or revoked."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != TOKEN_VERSION:
        return None
    signing_input = f"{parts[0]}.{parts[1]}"
    try:
        signature = _unb64(parts[2])
        payload = json.loads(_unb64(parts[1]))
        user_id, generation, expires = (
            int(payload["sub"]),
            int(payload["gen"]),
            int(payload["exp"]),
        )
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    if not hmac.compare_digest(signature, _sign(signing_input, secret)):
        return None
    if expires <= (now or utc_now()).timestamp():
        return None
    user = session.get(User, user_id)
    if user is None or not user.active or user.token_generation != generation:
        return None
    return Principal(user_id=user.id, name=user.name, role=user.role)


def _sign(signing_input: str, secret: bytes) -> bytes:
    return hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_secret_key(settings: Settings) -> bytes:
    """Return the token signing key the settings call for.

    ``LEXDESK_SECRET_KEY`` wins when set. Otherwise, in development, a random key
    is generated once and kept in ``<home>/secret_key`` (mode 0600) so tokens
    survive a restart; production refuses to start without a real key.

    Raises:
        InsecureSecretError: production with an empty, short or placeholder key.
    """
    configured = settings.secret_key.get_secret_value().strip()
    production = settings.env is Environment.PRODUCTION
    if configured:
        too_weak = (
            configured.lower() in PLACEHOLDER_SECRETS
            or len(configured.encode("utf-8")) < MIN_SECRET_BYTES
        )
        if production and too_weak:
            raise InsecureSecretError(
                "LEXDESK_SECRET_KEY is a placeholder or shorter than 32 bytes",
                user_message=(
                    "LEXDESK_SECRET_KEY не годится для работы: задайте случайную "
                    f"строку не короче {MIN_SECRET_BYTES} байт, например "
                    "python -c 'import secrets; print(secrets.token_urlsafe(48))'."
                ),
            )
        return configured.encode("utf-8")
    if production:
        raise InsecureSecretError(
            "LEXDESK_SECRET_KEY is empty in production",
            user_message=(
                "Не задан LEXDESK_SECRET_KEY: в рабочем режиме (LEXDESK_ENV=production) "
                "API не запускается без секретного ключа."
            ),
        )
    return _development_secret(settings.home)


def _development_secret(home: Path) -> bytes:
    """Read, or create once, the generated development key in ``home``."""
    path = home / SECRET_FILE_NAME
    if path.exists():
        return path.read_bytes().strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48).encode("ascii")
    # O_EXCL: two processes starting together must not both write a key.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    logger.info("generated a development secret key in the data directory")
    return key
