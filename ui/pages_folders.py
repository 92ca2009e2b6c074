"""The «Папки» page: folders of documents for a matter, shared with colleagues.

A lawyer gathers documents into a folder (from a document's page, «В папку»),
shares it with colleagues for reading or editing, and exports it to CSV or XLSX.
Notes are left on the documents themselves, on the «Документ» page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from ui.client import ApiError, LexdeskClient
from ui.models import ExportFormat, FolderDetail, FolderSummary
from ui.navigation import go_to
from ui.session import show_api_error

ACCESS_LABELS = {"owner": "владелец", "edit": "правка", "read": "чтение"}
EXPORT_LABELS: dict[ExportFormat, str] = {"csv": "CSV", "xlsx": "Excel (XLSX)"}

# Session state keys.
FOLDER_KEY = "folder_open"
FOLDER_EXPORT_KEY = "folder_export"


def render(client: LexdeskClient) -> None:
    """Draw the «Папки» page."""
    st.title("Папки")
    show_create_form(client)
    try:
        with st.spinner("Загружаем папки…"):
            folders = client.folders()
    except ApiError as error:
        show_api_error(error)
        return
    if not folders:
        st.info(
            "Папок пока нет. Создайте папку для дела, затем добавляйте в неё "
            "документы кнопкой «В папку» на странице документа."
        )
        return
    chosen = choose_folder(folders)
    if chosen is None:
        return
    try:
        detail = client.folder(chosen.id)
    except ApiError as error:
        show_api_error(error)
        return
    show_folder(client, detail)


def show_create_form(client: LexdeskClient) -> None:
    """Draw «Новая папка»: a name and a button."""
    with st.expander("Новая папка"):
        with st.form("folder_create", clear_on_submit=True, border=False):
            name = st.text_input(
                "Название", placeholder="Дело Петрова И. И., 2-1234/2024"
            )
            created = st.form_submit_button("Создать")
        if created and name.strip():
            try:
                folder = client.create_folder(name.strip())
            except ApiError as error:
                show_api_error(error)
                return
            st.session_state[FOLDER_KEY] = folder.id
            st.success(f"Папка «{folder.name}» создана.")


def choose_folder(folders: tuple[FolderSummary, ...]) -> FolderSummary | None:
    """Draw the folder picker; return the chosen folder."""
    by_id = {folder.id: folder for folder in folders}
    wanted = st.session_state.get(FOLDER_KEY)
    ids = list(by_id)
    index = ids.index(wanted) if wanted in by_id else 0
    chosen = st.selectbox(
        "Папка",
        options=ids,
        index=index,
        format_func=lambda i: _folder_label(by_id[i]),
    )
    if chosen is None:
        return None
    st.session_state[FOLDER_KEY] = chosen
    return by_id[chosen]


def _folder_label(folder: FolderSummary) -> str:
    """«Дело Петрова — 3 док. (ваша)» or «… (владелец ivanova, доступ: чтение)»."""
    if folder.access == "owner":
        whose = "ваша"
    else:
        access = ACCESS_LABELS.get(folder.access, folder.access)
        whose = f"владелец {folder.owner}, доступ: {access}"
    return f"{folder.name} — {folder.documents} док. ({whose})"


def show_folder(client: LexdeskClient, detail: FolderDetail) -> None:
    """Draw a folder's documents, its shares and its export."""
    summary = detail.summary
    can_edit = summary.access in {"owner", "edit"}
    st.subheader(f"Документы ({len(detail.items)})", anchor=False)
    if not detail.items:
        st.caption("В папке пока нет документов.")
    for item in detail.items:
        title = item.title or f"документ {item.id} (больше нет в базе)"
        when = item.added_at.astimezone().strftime("%d.%m.%Y")
        with st.container(border=True):
            st.markdown(f"**{title}**  \nдобавил {item.added_by}, {when}")
            open_column, remove_column, _ = st.columns([1, 1, 4])
            open_column.button(
                "Открыть",
                key=f"folder-open-{item.id}",
                on_click=go_to,
                args=("document", {"doc": item.id}),
                disabled=item.title is None,
            )
            if can_edit and remove_column.button(
                "Убрать", key=f"folder-remove-{item.id}"
            ):
                _call(partial(client.remove_from_folder, summary.id, item.id))
    if summary.access == "owner":
        show_shares(client, detail)
    show_export(client, summary)


def show_shares(client: LexdeskClient, detail: FolderDetail) -> None:
    """Draw who the folder is shared with, and a form to share it."""
    folder_id = detail.summary.id
    st.subheader("Доступ коллегам", anchor=False)
    for share in detail.shares:
        name, revoke = st.columns([4, 1])
        name.markdown(f"{share.user} — {ACCESS_LABELS.get(share.access, share.access)}")
        if revoke.button("Закрыть доступ", key=f"unshare-{share.user}"):
            _call(partial(client.unshare_folder, folder_id, share.user))
    with st.form("folder_share", clear_on_submit=True):
        user_column, access_column = st.columns([2, 1])
        user = user_column.text_input("Имя пользователя коллеги")
        access = access_column.selectbox(
            "Доступ",
            options=["read", "edit"],
            format_func=lambda value: ACCESS_LABELS[value],
        )
        if st.form_submit_button("Открыть доступ") and user.strip():
            _call(lambda: client.share_folder(folder_id, user.strip(), access))


def show_export(client: LexdeskClient, summary: FolderSummary) -> None:
    """Prepare the folder as CSV or XLSX, then offer the download."""
    choice, prepare = st.columns([2, 1], vertical_alignment="bottom")
    export_format = choice.radio(
        "Выгрузить папку",
        options=list(EXPORT_LABELS),
        format_func=lambda value: EXPORT_LABELS[value],
        horizontal=True,
        key="folder-export-format",
    )
    if prepare.button("Подготовить файл", key="folder-export-prepare"):
        try:
            with st.spinner("Готовим файл…"):
                exported = client.export_folder(summary.id, export_format=export_format)
        except ApiError as error:
            show_api_error(error)
            return
        st.session_state[FOLDER_EXPORT_KEY] = (summary.id, exported)
    prepared = st.session_state.get(FOLDER_EXPORT_KEY)
    if prepared is not None and prepared[0] == summary.id:
        exported = prepared[1]
        st.download_button(
            f"Скачать {exported.filename}",
            data=exported.content,
            file_name=exported.filename,
            mime=exported.media_type,
            key="folder-export-download",
            on_click="ignore",
        )


def _call(action: Callable[[], object]) -> None:
    """Run a change of the folder; show the API's error, else redraw the page."""
    try:
        action()
    except ApiError as error:
        show_api_error(error)
        return
    st.rerun()
