"""The lexdesk web UI (Streamlit), in Russian.

Run it with ``lexdesk ui``, or ``streamlit run ui/app.py``. It talks only to the
HTTP API (``LEXDESK_API_URL``, default ``http://127.0.0.1:8000``) through
:mod:`ui.client`, so it never reads the index itself.

Pages: «Вход» — a user name and password, exchanged for a token through the
API; the token lives in this browser session only (``st.session_state``), so
each user works under their own name and role. «Поиск» — a query with filters,
a page of hits with highlighted snippets, and the full text of an opened
document.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass

import streamlit as st

from lexdesk.settings import get_settings
from ui.client import ApiError, Document, Hit, Kind, LexdeskClient, SearchPage, Sort

# Session state keys of the signed-in user.
TOKEN_KEY = "auth_token"
USER_KEY = "auth_user"

HITS_PER_PAGE = 10

# Characters of document text per page in the document view: a long decision
# (50–100 pages of PDF) would otherwise be one very slow element.
TEXT_PAGE_CHARS = 20_000

# Court decisions before the 1990s are not in scope, but old statutes are.
EARLIEST_DATE = dt.date(1900, 1, 1)

SORT_LABELS: dict[Sort, str] = {
    "relevance": "по релевантности",
    "date_desc": "сначала новые",
    "date_asc": "сначала старые",
}

SYNTAX_HELP = (
    "Слова находят все формы: «должнику» найдёт «должника». "
    '«"точная фраза"» — в кавычках. «пени OR неустойка» — любое из слов. '
    "«NOT банк» или «-банк» — исключить слово."
)

# The only tags an API snippet may carry: <mark> and </mark> around a match,
# e.g. «взыскать с <mark>должника</mark> задолженность».
MARK_TAG_RE = re.compile(r"</?mark>")

# Session state keys.
CRITERIA_KEY = "search_criteria"
PAGE_KEY = "search_page"
OPEN_DOC_KEY = "open_document"
TEXT_PAGE_KEY = "document_text_page"


@dataclass(frozen=True)
class Criteria:
    """A search as the user submitted it."""

    query: str
    kinds: tuple[str, ...]
    date_from: dt.date | None
    date_to: dt.date | None
    sort: Sort


def render_snippet(snippet: str) -> str:
    """Return a snippet as safe HTML: text escaped, only ``<mark>`` tags kept.

    The API already escapes everything but the marks; the text is unescaped and
    escaped again so that a wrong snippet still cannot inject markup.
    """
    parts = MARK_TAG_RE.split(snippet)
    tags = MARK_TAG_RE.findall(snippet)
    safe = [html.escape(html.unescape(part), quote=False) for part in parts]
    pieces = [safe[0]]
    for tag, text in zip(tags, safe[1:], strict=True):
        pieces.extend([tag, text])
    return "".join(pieces)


def split_text_pages(text: str, *, page_chars: int = TEXT_PAGE_CHARS) -> list[str]:
    """Split a document text into pages of about ``page_chars`` characters.

    Pages end at a paragraph break (or, failing that, a line break or a space)
    so that no word is cut; a text shorter than a page is one page.
    """
    pages: list[str] = []
    start = 0
    while len(text) - start > page_chars:
        window_end = start + page_chars
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = text.rfind(separator, start + page_chars // 2, window_end)
            if cut != -1:
                cut += len(separator)
                break
        end = cut if cut != -1 else window_end
        pages.append(text[start:end])
        start = end
    pages.append(text[start:])
    return pages


def format_date(value: dt.date | None) -> str:
    """Return a date as Russians write it (15.03.2021), or «без даты»."""
    return value.strftime("%d.%m.%Y") if value else "без даты"


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


@st.cache_data(ttl=600, show_spinner=False)
def load_kinds(base_url: str, _client: LexdeskClient) -> tuple[Kind, ...]:
    """Return the document kinds (cached per API: they change only with a release)."""
    return _client.kinds()


def login_page() -> None:
    """The «Вход» page: user name and password, exchanged for a token."""
    st.title("Вход")
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
        signed_in = client.sign_in(name.strip(), password)
    except ApiError as error:
        st.error(error.user_message)
        return
    st.session_state[TOKEN_KEY] = signed_in.token
    st.session_state[USER_KEY] = f"{signed_in.name} ({signed_in.role_label})"
    st.rerun()


def sign_out() -> None:
    """Forget this session's token and user."""
    st.session_state[TOKEN_KEY] = None
    st.session_state[USER_KEY] = None


def search_page() -> None:
    """The «Поиск» page: a search form, hits, or an opened document."""
    client = get_client()
    doc_id = st.session_state.get(OPEN_DOC_KEY) or st.query_params.get("doc")
    if doc_id:
        show_document(client, doc_id)
        return

    st.title("Поиск по документам")
    try:
        kinds = load_kinds(client.base_url, client)
    except ApiError as error:
        st.error(error.user_message)
        return
    show_search_form(kinds)

    criteria: Criteria | None = st.session_state.get(CRITERIA_KEY)
    if criteria is not None:
        show_results(client, criteria, {kind.value: kind.label for kind in kinds})


def show_search_form(kinds: tuple[Kind, ...]) -> None:
    """Draw the query form; a submit stores the criteria and goes to page one."""
    labels = {kind.value: kind.label for kind in kinds}
    with st.form("search_form"):
        query = st.text_input(
            "Запрос",
            placeholder="взыскание задолженности за электроэнергию",
            help=SYNTAX_HELP,
        )
        st.caption(SYNTAX_HELP)
        chosen_kinds = st.multiselect(
            "Вид документа",
            options=list(labels),
            format_func=lambda value: labels.get(value, value),
            placeholder="все виды",
        )
        left, right, order = st.columns(3)
        date_from = left.date_input(
            "Дата с", value=None, min_value=EARLIEST_DATE, format="DD.MM.YYYY"
        )
        date_to = right.date_input(
            "Дата по", value=None, min_value=EARLIEST_DATE, format="DD.MM.YYYY"
        )
        sort = order.selectbox(
            "Порядок",
            options=list(SORT_LABELS),
            format_func=lambda value: SORT_LABELS[value],
        )
        submitted = st.form_submit_button("Найти", type="primary")
    if not submitted:
        return
    if not query.strip():
        st.warning("Введите запрос.")
        return
    st.session_state[CRITERIA_KEY] = Criteria(
        query=query.strip(),
        kinds=tuple(chosen_kinds),
        date_from=_as_date(date_from),
        date_to=_as_date(date_to),
        sort=sort,
    )
    st.session_state[PAGE_KEY] = 0


def show_results(
    client: LexdeskClient, criteria: Criteria, labels: dict[str, str]
) -> None:
    """Run the search for the current page and draw its hits and page controls."""
    page_number: int = st.session_state.get(PAGE_KEY, 0)
    try:
        with st.spinner("Ищем…"):
            page = client.search(
                criteria.query,
                kinds=criteria.kinds,
                date_from=criteria.date_from,
                date_to=criteria.date_to,
                limit=HITS_PER_PAGE,
                offset=page_number * HITS_PER_PAGE,
                sort=criteria.sort,
            )
    except ApiError as error:
        show_api_error(error, query=criteria.query)
        return

    if page.total == 0:
        st.info("Ничего не найдено. Попробуйте другие слова или снимите фильтры.")
        return
    first = page_number * HITS_PER_PAGE + 1
    last = page_number * HITS_PER_PAGE + len(page.hits)
    st.caption(f"Найдено документов: {page.total}. Показаны {first}–{last}.")
    for hit in page.hits:
        show_hit(hit, labels)
    show_pager(page, page_number)


def show_hit(hit: Hit, labels: dict[str, str]) -> None:
    """Draw one hit: title, kind and date, the highlighted snippet, «Открыть»."""
    kind = labels.get(hit.kind, hit.kind)
    with st.container(border=True):
        st.html(
            f"<div><strong>{html.escape(hit.title)}</strong></div>"
            f"<div style='color: grey'>{html.escape(kind)} · "
            f"{format_date(hit.date)}</div>"
            f"<div>{render_snippet(hit.snippet)}</div>"
        )
        st.button(
            "Открыть", key=f"open-{hit.id}", on_click=_open_document, args=(hit.id,)
        )


def show_pager(page: SearchPage, page_number: int) -> None:
    """Draw «Назад» / «Далее» with the page position between them."""
    pages = max(1, math.ceil(page.total / HITS_PER_PAGE))
    if pages == 1:
        return
    back, position, forward = st.columns([1, 2, 1])
    back.button(
        "← Назад",
        key="page-back",
        disabled=page_number == 0,
        on_click=_turn_page,
        args=(-1,),
    )
    position.caption(f"Страница {page_number + 1} из {pages}")
    forward.button(
        "Далее →",
        key="page-forward",
        disabled=page_number + 1 >= pages,
        on_click=_turn_page,
        args=(1,),
    )


def show_document(client: LexdeskClient, doc_id: str) -> None:
    """Draw an opened document: metadata, then its text page by page."""
    st.button("← К результатам", key="close-document", on_click=_close_document)
    try:
        with st.spinner("Загружаем документ…"):
            document = client.document(doc_id)
    except ApiError as error:
        show_api_error(error)
        return

    st.header(document.title, anchor=False)
    labels = _kind_labels(client)
    st.html(
        "<div>"
        f"<b>Вид:</b> {html.escape(labels.get(document.kind, document.kind))}<br>"
        f"<b>Дата:</b> {format_date(document.date)}<br>"
        f"<b>Файл:</b> {html.escape(document.source)} ({html.escape(document.format)})"
        "</div>"
    )
    if document.meta:
        with st.expander("Сведения о разборе"):
            st.json(dict(document.meta), expanded=False)
    show_text(document)


def show_text(document: Document) -> None:
    """Draw the document text, one page at a time for long documents."""
    pages = split_text_pages(document.text)
    number = 1
    if len(pages) > 1:
        number = st.selectbox(
            "Страница текста",
            options=range(1, len(pages) + 1),
            format_func=lambda value: f"{value} из {len(pages)}",
            key=f"{TEXT_PAGE_KEY}-{document.id}",
        )
    body = html.escape(pages[number - 1])
    st.html(f"<div style='white-space: pre-wrap'>{body}</div>")


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


def _kind_labels(client: LexdeskClient) -> dict[str, str]:
    try:
        return {kind.value: kind.label for kind in load_kinds(client.base_url, client)}
    except ApiError:
        return {}


def _as_date(value: object) -> dt.date | None:
    """Narrow a ``st.date_input`` value (a date, a range tuple or None) to a date."""
    return value if isinstance(value, dt.date) else None


def _open_document(doc_id: str) -> None:
    st.session_state[OPEN_DOC_KEY] = doc_id
    st.query_params["doc"] = doc_id


def _close_document() -> None:
    st.session_state[OPEN_DOC_KEY] = None
    st.query_params.pop("doc", None)


def _turn_page(step: int) -> None:
    st.session_state[PAGE_KEY] = max(0, st.session_state.get(PAGE_KEY, 0) + step)


def main() -> None:
    """Configure the page and run the selected page of the UI."""
    st.set_page_config(page_title="lexdesk", page_icon="⚖️", layout="wide")
    if not st.session_state.get(TOKEN_KEY):
        pages = [st.Page(login_page, title="Вход", icon="🔑", url_path="login")]
    else:
        pages = [
            st.Page(
                search_page, title="Поиск", icon="🔎", url_path="search", default=True
            )
        ]
        st.sidebar.caption(f"Вы вошли как {st.session_state.get(USER_KEY) or ''}")
        st.sidebar.button("Выйти", key="sign-out", on_click=sign_out)
    st.navigation(pages).run()


if __name__ == "__main__":
    main()
