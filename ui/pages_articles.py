"""The «Статьи и цитирование» page: a statute article and the documents citing it.

The user picks an act and an article, or pastes a citation as lawyers write it
(«ст. 544 ГК РФ», «ч. 14 ст. 155 ЖК РФ») or as a key («gk_rf:544»). The page
reads the article's text and its citing documents from ``/citations/{key}`` and
charts them by year and by court. Document pages link here with ``?cite=<key>``.
"""

from __future__ import annotations

import html
import math
import re

import streamlit as st

from ui.client import ApiError, LexdeskClient
from ui.highlight import split_text_pages
from ui.models import CitingDocuments, FacetValue
from ui.navigation import go_to
from ui.session import format_date, kind_labels, show_api_error

# Acts of the canonical citation keys (DESIGN.md «Contracts»): code → short name.
ACTS = {
    "gk_rf": "ГК РФ",
    "zhk_rf": "ЖК РФ",
    "gpk_rf": "ГПК РФ",
    "apk_rf": "АПК РФ",
    "nk_rf": "НК РФ",
    "koap_rf": "КоАП РФ",
    "kas_rf": "КАС РФ",
    "fz_35": "35-ФЗ",
    "fz_229": "229-ФЗ",
    "fz_152": "152-ФЗ",
    "pp_354": "ПП РФ № 354",
    "pp_442": "ПП РФ № 442",
}

# Short act names as typed, upper-cased with spaces and «№» dropped → act code.
_ACT_SPELLINGS = {
    re.sub(r"[\s№]", "", label).upper(): code for code, label in ACTS.items()
} | {"ПП354": "pp_354", "ПП442": "pp_442", "ФЗ35": "fz_35", "ФЗ229": "fz_229"}

# A citation as lawyers write it, optionally with a part: «ст. 544 ГК РФ»,
# «ч. 14 ст. 155 ЖК РФ», «статья 333.19 НК РФ», «ст.546 ГК».
_HUMAN_CITATION_RE = re.compile(
    r"^\s*(?:ч(?:асть|\.)?\s*(?P<part>\d+)\s*,?\s*)?"
    r"ст(?:атья|атьи|\.)?\s*(?P<article>\d+(?:\.\d+)?)\s+(?P<act>.+?)\s*$",
    re.IGNORECASE,
)
# A canonical key: «gk_rf:544», «zhk_rf:155.14».
_KEY_RE = re.compile(r"^\s*(?P<key>[a-z][a-z0-9_]*:[0-9a-zа-я.]+)\s*$")

# An article longer than this scrolls in a frame (about a laptop screen of text).
LONG_ARTICLE_CHARS = 3000

# Citing documents per page, and courts in the chart.
CITING_PER_PAGE = 10
COURTS_CHARTED = 10

# Session state keys.
CITE_PAGE_KEY = "citing_page"


def parse_citation(text: str) -> str | None:
    """Return the canonical key of a typed citation, or None if it is not one.

    >>> parse_citation("ч. 14 ст. 155 ЖК РФ")
    'zhk_rf:155.14'
    >>> parse_citation("gk_rf:544")
    'gk_rf:544'
    """
    key_match = _KEY_RE.match(text)
    if key_match:
        return key_match.group("key").lower()
    found = _HUMAN_CITATION_RE.match(text)
    if found is None:
        return None
    act_typed = re.sub(r"[\s№]", "", found.group("act")).upper()
    code = _ACT_SPELLINGS.get(act_typed) or _ACT_SPELLINGS.get(f"{act_typed}РФ")
    if code is None:
        return None
    part = found.group("part")
    article = found.group("article")
    return f"{code}:{article}.{part}" if part else f"{code}:{article}"


def render(client: LexdeskClient) -> None:
    """Draw the «Статьи и цитирование» page."""
    st.title("Статьи и цитирование")
    key = choose_citation(client)
    if key is None:
        st.info(
            "Выберите акт и статью или вставьте ссылку на норму, например "
            "«ст. 544 ГК РФ» или «ч. 14 ст. 155 ЖК РФ»."
        )
        return
    page_number: int = st.session_state.get(f"{CITE_PAGE_KEY}-{key}", 0)
    try:
        with st.spinner("Ищем статью и цитирующие документы…"):
            found = client.citing_documents(
                key, limit=CITING_PER_PAGE, offset=page_number * CITING_PER_PAGE
            )
    except ApiError as error:
        show_api_error(error)
        return
    show_article(found)
    show_citing(client, found, key, page_number)


def choose_citation(client: LexdeskClient) -> str | None:
    """Draw the pickers; return the chosen key (``?cite=`` wins until changed)."""
    with st.form("citation_form"):
        pasted = st.text_input(
            "Ссылка на норму",
            placeholder="ст. 544 ГК РФ",
            help="Как пишут юристы («ч. 14 ст. 155 ЖК РФ») или ключом («gk_rf:544»).",
        )
        act_column, article_column = st.columns([2, 1])
        act = act_column.selectbox(
            "или акт", options=list(ACTS), format_func=lambda code: ACTS[code]
        )
        article = article_column.text_input("и статья", placeholder="544")
        submitted = st.form_submit_button("Показать", type="primary")
    if submitted:
        key = _key_from_form(client, pasted, act, article)
        if key is not None:
            st.query_params["cite"] = key
    return st.query_params.get("cite") or None


def _key_from_form(
    client: LexdeskClient, pasted: str, act: str | None, article: str
) -> str | None:
    if pasted.strip():
        key = parse_citation(pasted) or _key_by_analysis(client, pasted)
        if key is None:
            st.warning(
                f"Не удалось распознать ссылку «{pasted.strip()[:80]}». Пример: "
                "«ст. 544 ГК РФ»."
            )
        return key
    if act and article.strip():
        return f"{act}:{article.strip().lower()}"
    st.warning("Вставьте ссылку на норму или укажите акт и номер статьи.")
    return None


def _key_by_analysis(client: LexdeskClient, text: str) -> str | None:
    """Let the API's analysis read a citation the simple pattern did not know.

    ``POST /similar`` analyses a text without indexing it and names the
    provisions it cites; the first one is taken.
    """
    try:
        with st.spinner("Распознаём ссылку…"):
            analysed = client.similar_to_text(text, limit=1)
    except ApiError as error:
        show_api_error(error)
        return None
    return analysed.citations[0].key if analysed.citations else None


def show_article(found: CitingDocuments) -> None:
    """Draw the article's heading and text, or say the statute is not indexed."""
    if found.article is None:
        st.header(found.citation.human, anchor=False)
        st.info(
            f"Текста этой статьи ({found.act}) в базе нет: загрузите акт на странице "
            "«Загрузка». Цитирующие документы показаны ниже."
        )
        return
    st.header(found.article.title, anchor=False)
    if found.citation.human not in found.article.title:
        st.caption(f"Запрошено: {found.citation.human}")
    pages = split_text_pages(found.article.text)
    # A long article scrolls inside its frame so the citing documents stay near.
    is_long = len(found.article.text) > LONG_ARTICLE_CHARS
    with st.container(border=True, height=420 if is_long else "content"):
        for page in pages:
            st.html(f"<div style='white-space: pre-wrap'>{html.escape(page)}</div>")


def show_citing(
    client: LexdeskClient, found: CitingDocuments, key: str, page_number: int
) -> None:
    """Draw the citing documents: counts by year and court, then a page of them."""
    st.subheader(f"Цитируют: {found.total}", anchor=False)
    if found.total == 0:
        st.caption("Документов, которые ссылаются на эту норму, в базе нет.")
        return
    by_year, by_court = st.columns(2)
    with by_year:
        st.markdown("**По годам**")
        _bar_chart(sorted(found.by_year, key=lambda v: v.value), "Год")
    with by_court:
        st.markdown("**По судам**")
        _bar_chart(found.by_court[:COURTS_CHARTED], "Суд", horizontal=True)

    labels = kind_labels(client)
    for hit in found.hits:
        with st.container(border=True):
            kind = labels.get(hit.kind, hit.kind)
            st.html(
                f"<div><strong>{html.escape(hit.title)}</strong></div>"
                f"<div style='color: grey'>{html.escape(kind)} · "
                f"{format_date(hit.date)}</div>"
            )
            st.button(
                "Открыть",
                key=f"citing-{hit.id}",
                on_click=go_to,
                args=("document", {"doc": hit.id}),
            )
    pages = max(1, math.ceil(found.total / CITING_PER_PAGE))
    if pages > 1:
        number = st.selectbox(
            "Страница списка",
            options=range(pages),
            index=page_number,
            format_func=lambda value: f"{value + 1} из {pages}",
        )
        if number != page_number:
            st.session_state[f"{CITE_PAGE_KEY}-{key}"] = number
            st.rerun()


def _bar_chart(
    values: tuple[FacetValue, ...] | list[FacetValue],
    axis: str,
    *,
    horizontal: bool = False,
) -> None:
    data = {axis: [v.label for v in values], "Документов": [v.count for v in values]}
    st.bar_chart(data, x=axis, y="Документов", horizontal=horizontal, height=240)
