"""The «Найти похожие» page: precedents of a pasted text or a file not in the base.

A draft claim or a decision received by mail is analysed by ``POST /similar``
and compared with the base; it is never added to the base.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.client import ApiError, LexdeskClient
from ui.models import Precedents
from ui.pages_document import show_precedent_list
from ui.session import show_api_error

# Precedents shown.
SIMILAR_SHOWN = 10
# File types the parsers read.
FILE_TYPES = ["pdf", "docx", "doc", "rtf", "html", "htm", "txt"]

# Session state key of the last answer.
RESULT_KEY = "similar_result"


def render(client: LexdeskClient) -> None:
    """Draw the «Найти похожие» page."""
    st.title("Найти похожие")
    st.caption(
        "Вставьте текст или выберите файл: lexdesk найдёт похожие документы в базе. "
        "Текст и файл в базу не добавляются."
    )
    by_text, by_file = st.tabs(["Текст", "Файл"])
    with by_text, st.form("similar_text"):
        text = st.text_area("Текст документа", height=200)
        if st.form_submit_button("Найти похожие", type="primary"):
            if text.strip():
                _find(lambda: client.similar_to_text(text, limit=SIMILAR_SHOWN))
            else:
                st.warning("Вставьте текст.")
    with by_file:
        upload = st.file_uploader("Файл", type=FILE_TYPES, key="similar-file")
        if st.button("Найти похожие на файл", type="primary", disabled=upload is None):
            assert upload is not None
            data = upload.getvalue()
            _find(
                lambda: client.similar_to_file(upload.name, data, limit=SIMILAR_SHOWN)
            )
    found: Precedents | None = st.session_state.get(RESULT_KEY)
    if found is not None:
        show_result(found)


def show_result(found: Precedents) -> None:
    """Draw what the text was compared by, then the precedents."""
    st.subheader("Похожие документы", anchor=False)
    if found.citations:
        norms = ", ".join(citation.human for citation in found.citations)
        st.markdown(f"**Нормы в тексте:** {norms}")
    if found.key_terms:
        st.markdown(f"**Ключевые слова:** {', '.join(found.key_terms[:12])}")
    show_precedent_list(found.hits, key_prefix="similar")


def _find(search: Callable[[], Precedents]) -> None:
    try:
        with st.spinner("Анализируем и ищем похожие…"):
            st.session_state[RESULT_KEY] = search()
    except ApiError as error:
        show_api_error(error)
