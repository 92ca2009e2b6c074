"""The lexdesk web UI (Streamlit), in Russian: the lawyer's workplace.

Run it with ``lexdesk ui``, or ``streamlit run ui/app.py``. It talks only to the
HTTP API (``LEXDESK_API_URL``, default ``http://127.0.0.1:8000``) through
:mod:`ui.client`, so it never reads the index itself.

«Вход» exchanges a user name and password for a token that lives in this browser
session only (``st.session_state``); each user then sees the pages of
:data:`PAGE_SPECS` that their role may open.
"""

from __future__ import annotations

import streamlit as st

from ui import (
    pages_articles,
    pages_collection,
    pages_document,
    pages_folders,
    pages_login,
    pages_restriction,
    pages_search,
    pages_similar,
    pages_upload,
)
from ui.navigation import (
    READERS,
    TEAM,
    PageSpec,
    build_pages,
    follow_pending_move,
    visible_specs,
)
from ui.session import (
    USER_KEY,
    current_role,
    get_client,
    is_signed_in,
    sign_out,
)

# Every page of the workplace, in navigation order; a role's first page is its
# start page. Modules that bring pages (restriction of supply, analytics,
# reports) add their spec here, under their own section, with a
# ``render(client)`` function and the roles of the API routes they call.
PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec(
        "search", "Поиск", ":material/search:", "Практика", READERS, pages_search.render
    ),
    PageSpec(
        "document",
        "Документ",
        ":material/description:",
        "Практика",
        READERS,
        pages_document.render,
        hidden=True,
    ),
    PageSpec(
        "articles",
        "Статьи и цитирование",
        ":material/menu_book:",
        "Практика",
        READERS,
        pages_articles.render,
    ),
    PageSpec(
        "similar",
        "Найти похожие",
        ":material/compare:",
        "Практика",
        READERS,
        pages_similar.render,
    ),
    PageSpec(
        "folders", "Папки", ":material/folder:", "Работа", TEAM, pages_folders.render
    ),
    PageSpec(
        "upload",
        "Загрузка",
        ":material/upload_file:",
        "Работа",
        TEAM,
        pages_upload.render,
    ),
    # The claims department's pages: the reports read for the team, registry
    # uploads are refused by the API to all but managers.
    PageSpec(
        "collection",
        "Взыскание",
        ":material/account_balance_wallet:",
        "Взыскание",
        TEAM,
        pages_collection.render,
    ),
    PageSpec(
        "restriction",
        "Ограничение",
        ":material/power_off:",
        "Взыскание",
        TEAM,
        pages_restriction.render,
    ),
)

# Readable on a 1366×768 laptop: less empty space above the title, wider text.
PAGE_CSS = """
<style>
.block-container {padding-top: 2.5rem; padding-bottom: 2rem; max-width: 1280px;}
.doc-text {font-size: 0.95rem; line-height: 1.5;}
</style>
"""


def main() -> None:
    """Configure the page and run the page the user chose."""
    st.set_page_config(page_title="lexdesk", page_icon="⚖️", layout="wide")
    st.html(PAGE_CSS)
    if not is_signed_in():
        login = st.Page(
            pages_login.render, title="Вход", icon=":material/login:", url_path="login"
        )
        st.navigation([login]).run()
        return

    specs = visible_specs(PAGE_SPECS, current_role())
    st.sidebar.caption(f"Вы вошли как {st.session_state.get(USER_KEY) or ''}")
    st.sidebar.button("Выйти", key="sign-out", on_click=sign_out)
    if not specs:
        st.title("Нет доступных разделов")
        st.info(
            "Ваша роль не работает с документами в этом приложении. Журнал "
            "доступа читается через API (GET /audit)."
        )
        return
    navigation = st.navigation(build_pages(specs, get_client))
    follow_pending_move()
    navigation.run()


if __name__ == "__main__":
    main()
