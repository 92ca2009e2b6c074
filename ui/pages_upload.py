"""The «Загрузка» page: add files to the base, with progress and a result per file.

Each file goes to ``POST /documents`` and is parsed, analysed and indexed as
``lexdesk ingest`` would; the page says for each whether it was indexed, was
already in the base, or was rejected and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from ui.client import ApiError, LexdeskClient
from ui.navigation import go_to
from ui.pages_similar import FILE_TYPES

# Session state keys.
RESULTS_KEY = "upload_results"
UPLOADER_KEY = "upload_files"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one uploaded file.

    Attributes:
        name: the file name.
        status: «проиндексирован», «без изменений» or «отклонён».
        detail: the API's reason, in Russian.
        documents: ids of the file's documents in the base.
    """

    name: str
    status: str
    detail: str
    documents: tuple[str, ...]


# Material icons (Streamlit ships their font; emoji need one the system may lack).
STATUS_ICONS = {
    "проиндексирован": ":material/check_circle:",
    "без изменений": ":material/do_not_disturb_on:",
    "отклонён": ":material/block:",
}


def render(client: LexdeskClient) -> None:
    """Draw the «Загрузка» page."""
    st.title("Загрузка документов")
    st.caption(
        "PDF (в том числе сканы), DOCX, DOC, RTF, HTML и текст. Файл разбирается и "
        "индексируется сразу; уже загруженный файл не дублируется."
    )
    files = st.file_uploader(
        "Файлы", type=FILE_TYPES, accept_multiple_files=True, key=UPLOADER_KEY
    )
    if st.button("Загрузить", type="primary", disabled=not files):
        st.session_state[RESULTS_KEY] = upload_all(client, files or [])
    results: list[FileOutcome] | None = st.session_state.get(RESULTS_KEY)
    if results:
        show_results(results)


def upload_all(
    client: LexdeskClient, files: Sequence[UploadedFile]
) -> list[FileOutcome]:
    """Send the files one by one under a progress bar; return their outcomes."""
    outcomes: list[FileOutcome] = []
    progress = st.progress(0.0, text="Начинаем загрузку…")
    for index, upload in enumerate(files):
        name = upload.name
        progress.progress(
            index / len(files), text=f"Файл {index + 1} из {len(files)}: {name}"
        )
        outcomes.append(upload_one(client, name, upload.getvalue()))
    progress.progress(1.0, text=f"Готово: файлов {len(files)}.")
    return outcomes


def upload_one(client: LexdeskClient, name: str, content: bytes) -> FileOutcome:
    """Upload one file and say what happened to it."""
    try:
        result = client.upload(name, content)
    except ApiError as error:
        # 422 (unreadable, encrypted, unknown format) and 413 (too large) carry
        # the reason; an unreachable API is reported per file the same way.
        return FileOutcome(name, "отклонён", error.user_message, ())
    status = "проиндексирован" if result.outcome == "indexed" else "без изменений"
    return FileOutcome(name, status, result.reason, result.documents)


def show_results(results: list[FileOutcome]) -> None:
    """Draw one line per file: its status, the reason, a link to its document."""
    st.subheader("Результат", anchor=False)
    for index, outcome in enumerate(results):
        with st.container(border=True):
            icon = STATUS_ICONS.get(outcome.status, "")
            st.markdown(f"{icon} **{outcome.name}** — {outcome.status}")
            st.caption(outcome.detail)
            if outcome.documents:
                st.button(
                    "Открыть",
                    key=f"uploaded-{index}",
                    on_click=go_to,
                    args=("document", {"doc": outcome.documents[0]}),
                )
