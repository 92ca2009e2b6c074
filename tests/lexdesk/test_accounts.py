"""Password hashes, signed tokens and the signing key's rules."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from pydantic import SecretStr

from lexdesk.accounts import (
    InsecureSecretError,
    Role,
    User,
    hash_password,
    issue_token,
    load_secret_key,
    principal_for_token,
    verify_password,
)
from lexdesk.settings import Environment, Settings


def test_hash_password_names_scrypt_and_salts_each_hash() -> None:
    first = hash_password("пароль юриста")
    second = hash_password("пароль юриста")

    assert first.startswith("scrypt$32768$8$1$")
    assert first != second
    assert verify_password("пароль юриста", first)
    assert verify_password("пароль юриста", second)
    assert not verify_password("пароль юриста!", first)


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param("", id="empty"),
        pytest.param("pbkdf2$1$2$3$AA==$AA==", id="other-scheme"),
        pytest.param("scrypt$x$8$1$AA==$AA==", id="bad-cost"),
        pytest.param("scrypt$16384$8$1$!!$AA==", id="bad-base64"),
    ],
)
def test_verify_password_refuses_unreadable_hashes(stored: str) -> None:
    assert verify_password("whatever", stored) is False


def test_issue_token_is_signed_and_expires() -> None:
    user = User(id=7, name="x", role=Role.VIEWER, active=True, token_generation=3)
    token = issue_token(user, secret=b"k" * 32, ttl=dt.timedelta(minutes=5))

    version, _, _ = token.token.split(".")
    assert version == "v1"
    delta = token.expires_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=4) < delta <= dt.timedelta(minutes=5)

    class _Session:
        def get(self, model: object, key: int) -> User | None:
            return user if key == 7 else None

    session = _Session()
    good = principal_for_token(session, token.token, secret=b"k" * 32)  # type: ignore[arg-type]
    forged = principal_for_token(session, token.token, secret=b"j" * 32)  # type: ignore[arg-type]
    later = principal_for_token(
        session,  # type: ignore[arg-type]
        token.token,
        secret=b"k" * 32,
        now=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6),
    )
    assert good is not None
    assert (good.user_id, good.role) == (7, Role.VIEWER)
    assert forged is None
    assert later is None


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param("", id="empty"),
        pytest.param("changeme", id="placeholder"),
        pytest.param("short-but-not-a-placeholder", id="short"),
    ],
)
def test_load_secret_key_refuses_weak_keys_in_production(
    tmp_path: Path, secret: str
) -> None:
    settings = Settings(
        home=tmp_path, env=Environment.PRODUCTION, secret_key=SecretStr(secret)
    )

    with pytest.raises(InsecureSecretError) as raised:
        load_secret_key(settings)

    assert "LEXDESK_SECRET_KEY" in raised.value.user_message
    assert not (tmp_path / "secret_key").exists()


def test_load_secret_key_accepts_a_long_key_in_production(tmp_path: Path) -> None:
    key = "x7Gq2" * 10
    settings = Settings(
        home=tmp_path, env=Environment.PRODUCTION, secret_key=SecretStr(key)
    )

    assert load_secret_key(settings) == key.encode()


def test_load_secret_key_generates_and_keeps_one_in_development(
    tmp_path: Path,
) -> None:
    settings = Settings(home=tmp_path / "home", env=Environment.DEVELOPMENT)

    first = load_secret_key(settings)
    second = load_secret_key(settings)

    path = tmp_path / "home" / "secret_key"
    assert first == second
    assert len(first) == 64
    assert path.read_bytes() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
