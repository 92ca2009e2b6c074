"""The signed-in browser session: its token, its user, its API client, its errors.

The token from «Вход» lives in ``st.session_state`` only, so each browser tab
works under its own user and role and nothing is written to disk. Pages get their
API client from :func:`get_client` and show API errors with :func:`show_api_error`.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from lexdesk.settings import get_settings
from ui.client import ApiError, LexdeskClient
from ui.models import Kind

# Session state keys of the signed-in user.
TOKEN_KEY = "auth_token"
USER_KEY = "auth_user"
ROLE_KEY = "auth_role"


@st.cache_resource(show_spinner=False)
def shared_client(base_url: str) -> LexdeskClient:
    """Return the process's API client for ``base_url`` (its connection pool)."""
    return LexdeskClient(base_url)


def get_client() -> LexdeskClient:
    """Return an API client that sends this browser session's token.

    The connection pool is shared; the token is the session's own, so one
    user's token never serves another user's requests.
    """
    shared = shared_client(get_settings().effective_api_url)
    return shared.for_token(st.session_state.get(TOKEN_KEY))


def is_signed_in() -> bool:
    """Whether this session holds a token."""
    return bool(st.session_state.get(TOKEN_KEY))


def current_role() -> str:
    """Return the signed-in user's role value («lawyer»), or «» before sign-in."""
    return str(st.session_state.get(ROLE_KEY) or "")


def sign_out() -> None:
    """Forget this session's token and user."""
    st.session_state[TOKEN_KEY] = None
    st.session_state[USER_KEY] = None
    st.session_state[ROLE_KEY] = None


def show_api_error(error: ApiError, *, query: str | None = None) -> None:
    """Show an API error in Russian; for a syntax error, point at the position.

    A 401 means the session's token expired or was revoked: it is dropped, so the
    next action shows «Вход».
    """
    st.error(error.user_message)
    if error.status == 401:
        sign_out()
        st.button("Войти снова", key="sign-in-again")
        return
    if query is not None and error.position is not None:
        pointer = " " * min(error.position, len(query)) + "^"
        st.code(f"{query}\n{pointer}", language=None)


@st.cache_data(ttl=600, show_spinner=False)
def load_kinds(base_url: str, _client: LexdeskClient) -> tuple[Kind, ...]:
    """Return the document kinds (cached per API: they change only with a release)."""
    return _client.kinds()


def kind_labels(client: LexdeskClient) -> dict[str, str]:
    """Return kind value → Russian label; empty when the API cannot say."""
    try:
        return {kind.value: kind.label for kind in load_kinds(client.base_url, client)}
    except ApiError:
        return {}


def format_date(value: dt.date | None) -> str:
    """Return a date as Russians write it (15.03.2021), or «без даты»."""
    return value.strftime("%d.%m.%Y") if value else "без даты"
