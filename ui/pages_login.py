"""The «Вход» page: a user name and password, exchanged for a token through the API."""

from __future__ import annotations

import streamlit as st

from ui.client import ApiError
from ui.session import ROLE_KEY, TOKEN_KEY, USER_KEY, get_client


def render() -> None:
    """Draw the sign-in form; on success keep the token in this browser session."""
    st.title("Вход")
    st.caption("lexdesk — поиск судебной практики и работа с делами.")
    with st.form("login_form"):
        name = st.text_input("Имя пользователя")
        password = st.text_input("Пароль", type="password")
        submitted = st.form_submit_button("Войти", type="primary")
    if not submitted:
        return
    if not name.strip() or not password:
        st.warning("Введите имя пользователя и пароль.")
        return
    client = get_client()
    try:
        with st.spinner("Входим…"):
            signed_in = client.sign_in(name.strip(), password)
    except ApiError as error:
        st.error(error.user_message)
        return
    st.session_state[TOKEN_KEY] = signed_in.token
    st.session_state[USER_KEY] = f"{signed_in.name} ({signed_in.role_label})"
    st.session_state[ROLE_KEY] = signed_in.role
    st.rerun()
