"""The «Поиск» page: one query box, facets in the sidebar, hits, export, saved searches.

The query goes to ``/search`` with ``facets=true``; a click on a facet value
narrows the search (kind and year through the filters, court, judge and outcome
as ``court:"…"`` terms of the query language). The whole result list exports to
CSV or XLSX through ``/search/export``; a search can be saved under a name and run
again from the sidebar.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import dataclass, replace

import streamlit as st

from ui.client import ApiError, LexdeskClient
from ui.highlight import render_snippet
from ui.models import ExportFormat, FacetValue, Hit, Kind, SavedSearch, SearchPage, Sort
from ui.navigation import TEAM, go_to
from ui.session import current_role, format_date, load_kinds, show_api_error

HITS_PER_PAGE = 10

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
    "«NOT банк» или «-банк» — исключить слово. "
    "Поля: суд:, судья:, дело:, нормы — «cites:gk_rf:544»."
)

# Facets in the sidebar: API facet name → heading. «act» counts cited acts and
# is shown for information: the query language filters by article, not by act.
FACET_TITLES = {
    "kind": "Вид документа",
    "year": "Год",
    "court": "Суд",
    "judge": "Судья",
    "outcome": "Итог",
    "act": "Цитируемые акты",
}
# Facets that narrow the search when clicked.
CLICKABLE_FACETS = frozenset({"kind", "year", "court", "judge", "outcome"})
# Values shown per facet.
FACET_VALUES_SHOWN = 8

EXPORT_LABELS: dict[ExportFormat, str] = {"csv": "CSV", "xlsx": "Excel (XLSX)"}

# Session state keys.
CRITERIA_KEY = "search_criteria"
PAGE_KEY = "search_page"
EXPORT_KEY = "search_export"
QUERY_BOX_KEY = "search_query_box"
SAVED_ERROR_KEY = "saved_search_error"


@dataclass(frozen=True)
class Criteria:
    """A search as the user submitted it, with the facet values picked since.

    Attributes:
        query: the query as typed.
        kinds: document kinds to keep.
        date_from: earliest document date.
        date_to: latest document date.
        sort: hit order.
        terms: facet picks added to the query: (field, value, label).
    """

    query: str
    kinds: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: Sort = "relevance"
    terms: tuple[tuple[str, str, str], ...] = ()

    @property
    def full_query(self) -> str:
        """The query sent to the API: as typed, plus the picked facet terms."""
        extra = [f'{field}:"{value}"' for field, value, _ in self.terms]
        return " ".join([self.query, *extra])


def render(client: LexdeskClient) -> None:
    """Draw the «Поиск» page."""
    st.title("Поиск по документам")
    try:
        kinds = load_kinds(client.base_url, client)
    except ApiError as error:
        show_api_error(error)
        return
    show_saved_searches(client)
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
            key=QUERY_BOX_KEY,
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
    _set_criteria(
        Criteria(
            query=query.strip(),
            kinds=tuple(chosen_kinds),
            date_from=_as_date(date_from),
            date_to=_as_date(date_to),
            sort=sort,
        )
    )


def show_results(
    client: LexdeskClient, criteria: Criteria, labels: dict[str, str]
) -> None:
    """Run the search for the current page; draw facets, hits, pages and export."""
    page_number: int = st.session_state.get(PAGE_KEY, 0)
    try:
        with st.spinner("Ищем…"):
            page = client.search(
                criteria.full_query,
                kinds=criteria.kinds,
                date_from=criteria.date_from,
                date_to=criteria.date_to,
                limit=HITS_PER_PAGE,
                offset=page_number * HITS_PER_PAGE,
                sort=criteria.sort,
                facets=True,
            )
    except ApiError as error:
        show_api_error(error, query=criteria.full_query)
        return

    show_active_filters(criteria, labels)
    if page.total == 0:
        st.info("Ничего не найдено. Попробуйте другие слова или снимите фильтры.")
        return
    show_facets(page, criteria, labels)
    first = page_number * HITS_PER_PAGE + 1
    last = page_number * HITS_PER_PAGE + len(page.hits)
    st.caption(f"Найдено документов: {page.total}. Показаны {first}–{last}.")
    for hit in page.hits:
        show_hit(hit, labels)
    show_pager(page, page_number)
    show_save_form(client, criteria)
    if current_role() in TEAM:
        show_export(client, criteria)


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
            "Открыть",
            key=f"open-{hit.id}",
            on_click=go_to,
            args=("document", {"doc": hit.id}),
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


def show_facets(page: SearchPage, criteria: Criteria, labels: dict[str, str]) -> None:
    """Draw the facet counts in the sidebar; a click narrows the search."""
    sidebar = st.sidebar
    sidebar.subheader("Уточнить")
    for name, title in FACET_TITLES.items():
        values = page.facets.get(name, ())
        if not values:
            continue
        sidebar.markdown(f"**{title}**")
        for value in values[:FACET_VALUES_SHOWN]:
            label = (
                labels.get(value.value, value.label) if name == "kind" else value.label
            )
            text = f"{label} — {value.count}"
            if name in CLICKABLE_FACETS:
                sidebar.button(
                    text,
                    key=f"facet-{name}-{value.value}",
                    type="tertiary",
                    on_click=_pick_facet,
                    args=(criteria, name, value),
                )
            else:
                sidebar.caption(text)


def show_active_filters(criteria: Criteria, labels: dict[str, str]) -> None:
    """Draw the picked filters as buttons that remove them."""
    chips: list[tuple[str, Criteria]] = []
    for kind in criteria.kinds:
        rest = tuple(k for k in criteria.kinds if k != kind)
        chips.append((f"вид: {labels.get(kind, kind)}", replace(criteria, kinds=rest)))
    if criteria.date_from or criteria.date_to:
        period = f"{format_date(criteria.date_from)} – {format_date(criteria.date_to)}"
        chips.append(
            (f"период: {period}", replace(criteria, date_from=None, date_to=None))
        )
    for term in criteria.terms:
        rest_terms = tuple(t for t in criteria.terms if t != term)
        chips.append((f"{term[2]}", replace(criteria, terms=rest_terms)))
    if not chips:
        return
    columns = st.columns(len(chips) + 1)
    columns[0].caption("Фильтры:")
    for index, (label, without) in enumerate(chips, start=1):
        columns[index].button(
            f"× {label}",
            key=f"unfilter-{index}",
            on_click=_set_criteria,
            args=(without,),
        )


def show_save_form(client: LexdeskClient, criteria: Criteria) -> None:
    """Draw «Сохранить поиск» with a name field."""
    with st.expander("Сохранить этот поиск"):
        with st.form("save_search_form", border=False):
            name = st.text_input("Название", value=criteria.query[:60])
            saved = st.form_submit_button("Сохранить")
        if not saved:
            return
        if not name.strip():
            st.warning("Введите название.")
            return
        try:
            client.save_search(
                name.strip(),
                criteria.full_query,
                kinds=criteria.kinds,
                date_from=criteria.date_from,
                date_to=criteria.date_to,
                sort=criteria.sort,
            )
        except ApiError as error:
            show_api_error(error)
            return
        st.success(f"Поиск «{name.strip()}» сохранён.")


def show_saved_searches(client: LexdeskClient) -> None:
    """Draw the user's saved searches in the sidebar: run or delete each."""
    try:
        saved = client.saved_searches()
    except ApiError as error:
        show_api_error(error)
        return
    sidebar = st.sidebar
    sidebar.subheader("Сохранённые поиски")
    failure = st.session_state.pop(SAVED_ERROR_KEY, None)
    if failure:
        sidebar.error(failure)
    if not saved:
        sidebar.caption("Пока нет: выполните поиск и сохраните его под результатами.")
        return
    for item in saved:
        run, delete = sidebar.columns([5, 1])
        run.button(
            item.name,
            key=f"saved-run-{item.id}",
            help=item.query,
            type="tertiary",
            on_click=_run_saved,
            args=(item,),
        )
        delete.button(
            "×",
            key=f"saved-delete-{item.id}",
            help="Удалить",
            type="tertiary",
            on_click=_delete_saved,
            args=(client, item.id),
        )


def show_export(client: LexdeskClient, criteria: Criteria) -> None:
    """Draw the export: pick a format, prepare the file, then download it."""
    st.subheader("Выгрузка результатов", anchor=False)
    choice, prepare = st.columns([2, 1], vertical_alignment="bottom")
    export_format = choice.radio(
        "Формат",
        options=list(EXPORT_LABELS),
        format_func=lambda value: EXPORT_LABELS[value],
        horizontal=True,
        key="export-format",
    )
    if prepare.button("Подготовить файл", key="export-prepare"):
        try:
            with st.spinner("Готовим файл…"):
                exported = client.export_search(
                    criteria.full_query,
                    export_format=export_format,
                    kinds=criteria.kinds,
                    date_from=criteria.date_from,
                    date_to=criteria.date_to,
                    sort=criteria.sort,
                )
        except ApiError as error:
            show_api_error(error)
            return
        st.session_state[EXPORT_KEY] = (criteria, exported)
    prepared = st.session_state.get(EXPORT_KEY)
    if prepared is None or prepared[0] != criteria:
        return
    exported = prepared[1]
    st.download_button(
        f"Скачать {exported.filename}",
        data=exported.content,
        file_name=exported.filename,
        mime=exported.media_type,
        key="export-download",
        on_click="ignore",
    )


def _set_criteria(criteria: Criteria) -> None:
    st.session_state[CRITERIA_KEY] = criteria
    st.session_state[PAGE_KEY] = 0


def _pick_facet(criteria: Criteria, name: str, value: FacetValue) -> None:
    if name == "kind":
        kinds = tuple(dict.fromkeys([*criteria.kinds, value.value]))
        _set_criteria(replace(criteria, kinds=kinds))
    elif name == "year":
        year = int(value.value)
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        _set_criteria(replace(criteria, date_from=first, date_to=last))
    else:
        label = f"{FACET_TITLES[name].lower()}: {value.label}"
        term = (name, value.value, label)
        if term not in criteria.terms:
            _set_criteria(replace(criteria, terms=(*criteria.terms, term)))


def _run_saved(item: SavedSearch) -> None:
    st.session_state[QUERY_BOX_KEY] = item.query
    _set_criteria(
        Criteria(
            query=item.query,
            kinds=item.kinds,
            date_from=item.date_from,
            date_to=item.date_to,
            sort=item.sort,
        )
    )


def _delete_saved(client: LexdeskClient, search_id: int) -> None:
    try:
        client.delete_saved_search(search_id)
    except ApiError as error:
        st.session_state[SAVED_ERROR_KEY] = error.user_message


def _as_date(value: object) -> dt.date | None:
    """Narrow a ``st.date_input`` value (a date, a range tuple or None) to a date."""
    return value if isinstance(value, dt.date) else None


def _turn_page(step: int) -> None:
    st.session_state[PAGE_KEY] = max(0, st.session_state.get(PAGE_KEY, 0) + step)
