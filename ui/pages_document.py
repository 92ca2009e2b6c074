"""The «Документ» page: one document with its facts highlighted, and its precedents.

Opened from a hit, a folder or a citing document with ``?doc=<id>``. The text is
shown a page at a time with the facts the analysis found marked by type (case
number, court, judge, amounts, dates, parties, citations); beside it a card of
the case facts, the cited provisions as links to «Статьи и цитирование», the
original file, folders and notes; below, the precedents with why each is similar.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import streamlit as st

from ui.client import ApiError, LexdeskClient
from ui.highlight import FACT_CSS, highlight_facts, legend_html, split_text_pages
from ui.models import Document, Precedent
from ui.navigation import TEAM, go_to, page_link
from ui.session import current_role, format_date, kind_labels, show_api_error

# Precedents shown under a document.
PRECEDENTS_SHOWN = 5

# Session state keys.
TEXT_PAGE_KEY = "document_text_page"
ORIGINAL_KEY = "document_original"

# Case facts (API «facts» fields) in the order of a lawyer's card, with labels.
FACT_LABELS = {
    "case_number": "Номер дела",
    "uid": "УИД",
    "court": "Суд",
    "judge": "Судья",
    "decision_date": "Дата акта",
    "plaintiff": "Истец (взыскатель)",
    "defendants": "Ответчики (должники)",
    "claimed": "Заявлено, руб.",
    "claimed_principal": "В т. ч. основной долг, руб.",
    "claimed_penalty": "В т. ч. пени, руб.",
    "awarded_principal": "Взыскан долг, руб.",
    "awarded_penalty": "Взысканы пени, руб.",
    "awarded_state_duty": "Госпошлина, руб.",
    "awarded_total": "Всего взыскано, руб.",
    "penalty_reduced_333": "Пени снижены по ст. 333 ГК РФ",
    "outcome": "Итог",
}

# Outcomes of a court act (nlp.facts.Outcome values) as a lawyer says them.
OUTCOME_LABELS = {
    "granted_full": "иск удовлетворён полностью",
    "granted_part": "иск удовлетворён частично",
    "denied": "в иске отказано",
    "order_issued": "судебный приказ вынесен",
    "order_cancelled": "судебный приказ отменён",
    "returned": "заявление возвращено",
    "upheld": "оставлено без изменения",
    "reversed": "отменено или изменено",
    "dismissed": "оставлено без рассмотрения / производство прекращено",
}


def render(client: LexdeskClient) -> None:
    """Draw the document named by ``?doc=``."""
    st.button("← К поиску", key="close-document", on_click=go_to, args=("search",))
    doc_id = st.query_params.get("doc")
    if not doc_id:
        st.info("Откройте документ из результатов поиска, папки или списка цитирующих.")
        return
    try:
        with st.spinner("Загружаем документ…"):
            document = client.document(doc_id)
    except ApiError as error:
        show_api_error(error)
        return

    st.header(document.title, anchor=False)
    labels = kind_labels(client)
    st.html(
        "<div>"
        f"<b>Вид:</b> {html.escape(labels.get(document.kind, document.kind))}<br>"
        f"<b>Дата:</b> {format_date(document.date)}<br>"
        f"<b>Файл:</b> {html.escape(document.source)} ({html.escape(document.format)})"
        "</div>"
    )
    text_column, card_column = st.columns([2, 1], gap="large")
    with text_column:
        show_text(document)
    with card_column:
        show_facts(document.facts)
        show_citations(document)
        show_original(client, document)
        if current_role() in TEAM:
            show_folders(client, document)
            show_notes(client, document)
    show_precedents(client, document)


def show_text(document: Document) -> None:
    """Draw the text with highlighted facts, one page at a time for long texts."""
    if document.entities:
        st.html(legend_html())
    pages = split_text_pages(document.text)
    number = 1
    if len(pages) > 1:
        number = st.selectbox(
            "Страница текста",
            options=range(1, len(pages) + 1),
            format_func=lambda value: f"{value} из {len(pages)}",
            key=f"{TEXT_PAGE_KEY}-{document.id}",
        )
    offset = sum(len(page) for page in pages[: number - 1])
    body = highlight_facts(pages[number - 1], document.entities, offset=offset)
    st.html(
        f"<style>{FACT_CSS}</style>"
        f"<div class='doc-text' style='white-space: pre-wrap'>{body}</div>"
    )


def show_facts(facts: Mapping[str, Any]) -> None:
    """Draw the card of case facts; nothing when the analysis found none."""
    rows = [
        (label, _fact_text(name, facts[name]))
        for name, label in FACT_LABELS.items()
        if facts.get(name) not in (None, "", [])
    ]
    if not rows:
        return
    st.subheader("Сведения о деле", anchor=False)
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:8px'>{html.escape(label)}</th>"
        f"<td>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    st.html(f"<table class='case-facts'>{cells}</table>")


def show_citations(document: Document) -> None:
    """List the cited provisions, each a link to its article and citing documents."""
    if not document.citations:
        return
    st.subheader("Нормы в документе", anchor=False)
    for citation in document.citations:
        page_link("articles", f"§ {citation.human}", {"cite": citation.key})


def show_original(client: LexdeskClient, document: Document) -> None:
    """Offer the original file: fetched on request, then downloaded."""
    prepared = st.session_state.get(ORIGINAL_KEY)
    is_ready = prepared is not None and prepared[0] == document.id
    if not is_ready and st.button("Получить исходный файл", key="original-prepare"):
        try:
            with st.spinner("Получаем файл…"):
                original = client.original_file(document.id)
        except ApiError as error:
            show_api_error(error)
            return
        prepared = (document.id, original)
        st.session_state[ORIGINAL_KEY] = prepared
    if prepared is not None and prepared[0] == document.id:
        original = prepared[1]
        st.download_button(
            f"Скачать {original.filename}",
            data=original.content,
            file_name=original.filename,
            mime=original.media_type,
            key="original-download",
            on_click="ignore",
        )


def show_folders(client: LexdeskClient, document: Document) -> None:
    """Put the document in one of the user's folders."""
    try:
        folders = [f for f in client.folders() if f.access in {"owner", "edit"}]
    except ApiError as error:
        show_api_error(error)
        return
    with st.expander("В папку"):
        if not folders:
            st.caption("Папок пока нет: создайте папку на странице «Папки».")
            return
        names = {folder.id: folder.name for folder in folders}
        chosen = st.selectbox(
            "Папка", options=list(names), format_func=lambda i: names[i]
        )
        if st.button("Добавить в папку", key="folder-add") and chosen is not None:
            try:
                summary = client.add_to_folder(chosen, document.id)
            except ApiError as error:
                show_api_error(error)
                return
            st.success(f"Документ в папке «{summary.name}» ({summary.documents} док.).")


def show_notes(client: LexdeskClient, document: Document) -> None:
    """Show the team's notes on the document and a form for a new one."""
    try:
        notes = client.notes(document.id)
    except ApiError as error:
        show_api_error(error)
        return
    with st.expander(f"Заметки ({len(notes)})", expanded=bool(notes)):
        for note in notes:
            when = note.created_at.astimezone().strftime("%d.%m.%Y %H:%M")
            st.markdown(f"**{note.author}**, {when}")
            st.text(note.text)
        with st.form(f"note-form-{document.id}", clear_on_submit=True, border=False):
            text = st.text_area("Новая заметка", height=80)
            if st.form_submit_button("Сохранить заметку") and text.strip():
                try:
                    client.add_note(document.id, text.strip())
                except ApiError as error:
                    show_api_error(error)
                    return
                st.rerun()


def show_precedents(client: LexdeskClient, document: Document) -> None:
    """Draw the most similar documents with the reasons each was found."""
    st.subheader("Похожие документы (практика)", anchor=False)
    try:
        with st.spinner("Подбираем похожие…"):
            found = client.similar_to_document(document.id, limit=PRECEDENTS_SHOWN)
    except ApiError as error:
        show_api_error(error)
        return
    show_precedent_list(found.hits, key_prefix="precedent")


def show_precedent_list(hits: tuple[Precedent, ...], *, key_prefix: str) -> None:
    """Draw precedents as cards: title, score, reasons, «Открыть» (also «Найти похожие»)."""
    if not hits:
        st.caption("Похожих документов в базе не нашлось.")
        return
    for index, hit in enumerate(hits):
        with st.container(border=True):
            st.html(
                f"<div><strong>{html.escape(hit.title)}</strong> "
                f"<span style='color: grey'>· {format_date(hit.date)} · "
                f"сходство {hit.score:.0%}</span></div>"
                f"<div>{html.escape(similarity_reason(hit))}</div>"
            )
            st.button(
                "Открыть",
                key=f"{key_prefix}-{index}-{hit.id}",
                on_click=go_to,
                args=("document", {"doc": hit.id}),
            )


def similarity_reason(hit: Precedent) -> str:
    """Say in Russian why a precedent is similar: shared norms, terms, category."""
    reasons: list[str] = []
    if hit.shared_citations:
        norms = ", ".join(c.human for c in hit.shared_citations)
        reasons.append(f"общие нормы: {norms}")
    if hit.shared_terms:
        reasons.append(f"общие ключевые слова: {', '.join(hit.shared_terms[:6])}")
    if hit.category_score >= 1:
        reasons.append("та же категория спора")
    elif hit.category_score > 0:
        reasons.append("тот же вид документа")
    if not reasons:
        return "Похож по тексту."
    return "Почему похож: " + "; ".join(reasons) + "."


def _fact_text(name: str, value: Any) -> str:
    if name == "outcome":
        return OUTCOME_LABELS.get(str(value), str(value))
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if name.startswith(("claimed", "awarded")):
        return _format_amount(str(value))
    if name == "decision_date":
        year, month, day = str(value).split("-")
        return f"{day}.{month}.{year}"
    return str(value)


def _format_amount(value: str) -> str:
    """Return «7813.61» as «7 813,61» (exact: the API sends decimal strings)."""
    whole, _, cents = value.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{' '.join(groups) or '0'},{(cents or '00'):0<2}"
