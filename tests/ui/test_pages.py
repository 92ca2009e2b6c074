"""The workplace's pages, driven by Streamlit's AppTest against a live API.

Each test signs in by putting a real token in the session (see conftest.py) and
opens a page the way the app does (a navigation move), then asserts on what the
page shows and what the API then holds.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from ui.app import PAGE_SPECS
from ui.models import Citation, Precedent
from ui.navigation import NAV_TARGET_KEY, PageSpec, visible_specs
from ui.pages_articles import parse_citation
from ui.pages_document import similarity_reason
from ui.session import ROLE_KEY, TOKEN_KEY, USER_KEY

APP_PATH = Path(__file__).resolve().parents[2] / "ui" / "app.py"

# Seconds one script run may take (API calls included): a guard, not a timing test.
RUN_LIMIT_S = 60


def _open(
    token: str, page: str, params: dict[str, str] | None = None, *, role: str = "lawyer"
) -> AppTest:
    app = AppTest.from_file(str(APP_PATH), default_timeout=RUN_LIMIT_S)
    app.session_state[TOKEN_KEY] = token
    app.session_state[USER_KEY] = "ui-lawyer (юрист)"
    app.session_state[ROLE_KEY] = role
    app.session_state[NAV_TARGET_KEY] = (page, params or {})
    return app.run()


def _button(app: AppTest, label: str, *, sidebar: bool = False) -> Button:
    buttons = app.sidebar.button if sidebar else app.button
    matches = [button for button in buttons if button.label == label]
    assert len(matches) == 1, f"{label!r}: {[b.label for b in buttons]}"
    return matches[0]


def _search(app: AppTest, query: str) -> AppTest:
    app.text_input(key="search_query_box").input(query)
    _button(app, "Найти").click()
    return app.run()


def _markdown(app: AppTest) -> list[str]:
    return [element.value for element in app.markdown]


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        pytest.param(
            "viewer",
            ["Поиск", "Документ", "Статьи и цитирование", "Найти похожие"],
            id="viewer-reads-only",
        ),
        pytest.param(
            "lawyer",
            [
                "Поиск",
                "Документ",
                "Статьи и цитирование",
                "Найти похожие",
                "Папки",
                "Загрузка",
                "Взыскание",
                "Ограничение",
            ],
            id="lawyer-works-on-matters",
        ),
        pytest.param("auditor", [], id="auditor-has-no-document-pages"),
    ],
)
def test_navigation_shows_the_pages_of_the_role(role: str, titles: list[str]) -> None:
    assert [spec.title for spec in visible_specs(PAGE_SPECS, role)] == titles


def test_search_page_facets_count_and_narrow(ui_env: str, ui_token: str) -> None:
    app = _search(_open(ui_token, "search"), "должнику")
    facets = [button.label for button in app.sidebar.button]

    assert "судебный приказ — 12" in facets
    assert "2023 — 12" in facets
    assert "определение — 1" in facets

    _button(app, "определение — 1", sidebar=True).click()
    app.run()

    assert "Найдено документов: 1. Показаны 1–1." in [c.value for c in app.caption]
    assert "× вид: определение" in [button.label for button in app.button]


def test_search_page_saves_a_search_and_runs_it_again(
    ui_env: str, ui_token: str
) -> None:
    app = _search(_open(ui_token, "search"), "возражение")
    name_box = next(box for box in app.text_input if box.label == "Название")
    name_box.input("Возражения должников")
    _button(app, "Сохранить").click()
    app.run()

    assert [s.value for s in app.success] == ["Поиск «Возражения должников» сохранён."]

    fresh = _open(ui_token, "search")
    _button(fresh, "Возражения должников", sidebar=True).click()
    fresh.run()

    assert "Найдено документов: 1. Показаны 1–1." in [c.value for c in fresh.caption]
    with httpx.Client(base_url=ui_env, trust_env=False) as http:
        saved = http.get(
            "/saved-searches", headers={"Authorization": f"Bearer {ui_token}"}
        ).json()
    assert [(item["name"], item["query"]) for item in saved] == [
        ("Возражения должников", "возражение")
    ]

    _button(fresh, "×", sidebar=True).click()
    fresh.run()

    assert "Возражения должников" not in [b.label for b in fresh.sidebar.button]


def test_search_page_prepares_the_export(ui_env: str, ui_token: str) -> None:
    app = _search(_open(ui_token, "search"), "возражение")

    _button(app, "Подготовить файл").click()
    app.run()

    (download,) = app.get("download_button")
    assert download.proto.label.startswith("Скачать poisk-")
    assert download.proto.label.endswith(".csv")


def test_search_page_hides_the_export_from_viewers(ui_env: str, ui_token: str) -> None:
    app = _search(_open(ui_token, "search", role="viewer"), "возражение")

    assert "Подготовить файл" not in [button.label for button in app.button]


def test_document_page_highlights_facts_and_links_citations(
    ui_env: str, ui_token: str
) -> None:
    app = _open(ui_token, "document", {"doc": "decision-facts"})

    assert app.header[0].value == "Решение по делу № 2-1016/2021"
    (text,) = [h.value for h in app.html if "class='doc-text'" in h.value]
    assert (
        "Дело № <mark class='fact-case' title='номер дела: 2-1016/2021' "
        "data-value='2-1016/2021'>2-1016/2021</mark>"
    ) in text
    assert (
        "title='норма: gk_rf:544' data-value='gk_rf:544'>ст. 544 ГК РФ</mark>" in text
    )
    assert "title='судья: Орлова А.В.'" in text
    (card,) = [h.value for h in app.html if "case-facts" in h.value]
    assert "<th style='text-align:left;padding-right:8px'>Итог</th>" in card
    assert "<td>иск удовлетворён полностью</td>" in card
    assert "<td>Петров П. П.; Петрова Р. Р.</td>" in card
    assert "<td>5 000,00</td>" in card
    (link,) = app.get("page_link")
    assert link.proto.label == "§ ст. 544 ГК РФ"
    assert link.proto.query_string == "cite=gk_rf%3A544"


def test_document_page_writes_a_note(ui_env: str, ui_token: str) -> None:
    app = _open(ui_token, "document", {"doc": "order-5"})

    next(a for a in app.text_area if a.label == "Новая заметка").input(
        "Проверить дату вручения"
    )
    _button(app, "Сохранить заметку").click()
    app.run()

    assert "Проверить дату вручения" in [text.value for text in app.text]
    assert any(value.startswith("**ui-lawyer**") for value in _markdown(app))


def test_articles_page_reads_a_pasted_citation(ui_env: str, ui_token: str) -> None:
    app = _open(ui_token, "articles")

    app.text_input[0].input("ст. 544 ГК РФ")
    _button(app, "Показать").click()
    app.run()

    assert app.query_params["cite"] == "gk_rf:544"
    assert app.header[0].value == "ст. 544 ГК РФ. Оплата энергии"
    assert any("Оплата энергии производится" in h.value for h in app.html)
    assert [s.value for s in app.subheader] == ["Цитируют: 1"]
    assert any("Решение по делу № 2-1016/2021" in h.value for h in app.html)


def test_articles_page_says_when_the_article_is_not_indexed(
    ui_env: str, ui_token: str
) -> None:
    app = _open(ui_token, "articles", {"cite": "zhk_rf:155.14"})

    assert app.header[0].value == "ч. 14 ст. 155 ЖК РФ"
    assert app.info[0].value.startswith("Текста этой статьи (ЖК РФ) в базе нет")
    assert [s.value for s in app.subheader] == ["Цитируют: 0"]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        pytest.param("ст. 544 ГК РФ", "gk_rf:544", id="article"),
        pytest.param("ч. 14 ст. 155 ЖК РФ", "zhk_rf:155.14", id="part"),
        pytest.param("статья 333.19 НК РФ", "nk_rf:333.19", id="dotted-article"),
        pytest.param("ст.546 ГК", "gk_rf:546", id="short-act"),
        pytest.param(" gk_rf:544 ", "gk_rf:544", id="key"),
        pytest.param("п. 119 ПП 354", None, id="point-left-to-the-api"),
        pytest.param("ст. 10 УК РФ", None, id="unknown-act"),
    ],
)
def test_parse_citation_reads_what_lawyers_type(typed: str, key: str | None) -> None:
    assert parse_citation(typed) == key


def test_folders_page_creates_and_fills_a_folder(ui_env: str, ui_token: str) -> None:
    app = _open(ui_token, "folders")
    app.text_input[0].input("Дело Петрова")
    _button(app, "Создать").click()
    app.run()
    assert [s.value for s in app.success] == ["Папка «Дело Петрова» создана."]

    document = _open(ui_token, "document", {"doc": "order-7"})
    _button(document, "Добавить в папку").click()
    document.run()
    assert [s.value for s in document.success] == [
        "Документ в папке «Дело Петрова» (1 док.)."
    ]

    folders = _open(ui_token, "folders")
    assert folders.selectbox[0].value is not None
    assert "**Судебный приказ № 2-7/2023**" in " ".join(_markdown(folders))

    share_box = next(b for b in folders.text_input if b.label.startswith("Имя"))
    share_box.input("nobody-here")
    _button(folders, "Открыть доступ").click()
    folders.run()
    assert [e.value for e in folders.error] == ["Пользователь «nobody-here» не найден."]


def test_upload_page_reports_each_file(ui_env: str, ui_token: str) -> None:
    app = _open(ui_token, "upload")

    app.file_uploader[0].upload(
        "prikaz.txt",
        "СУДЕБНЫЙ ПРИКАЗ. Взыскать с должника Ершова задолженность.".encode(),
        "text/plain",
    )
    app.file_uploader[0].upload("pustoy.txt", b"", "text/plain")
    app.run()
    _button(app, "Загрузить").click()
    app.run()

    lines = _markdown(app)
    assert ":material/check_circle: **prikaz.txt** — проиндексирован" in lines
    assert ":material/block: **pustoy.txt** — отклонён" in lines
    assert any(c.value.startswith("Файл «pustoy.txt» не принят") for c in app.caption)


def test_similar_page_finds_precedents_of_pasted_text(
    ui_env: str, ui_token: str
) -> None:
    app = _open(ui_token, "similar")

    app.text_area[0].input(
        "Взыскать с должника задолженность за электроэнергию и госпошлину."
    )
    _button(app, "Найти похожие").click()
    app.run()

    assert [s.value for s in app.subheader] == ["Похожие документы"]
    cards = [h.value for h in app.html if "сходство" in h.value]
    assert len(cards) == 10
    assert "Судебный приказ" in cards[0]
    assert "Почему похож: общие ключевые слова:" in cards[0]


@pytest.mark.parametrize(
    ("cites", "terms", "category", "expected"),
    [
        pytest.param(
            ("ст. 544 ГК РФ",),
            ("пеня", "долг"),
            1.0,
            "Почему похож: общие нормы: ст. 544 ГК РФ; общие ключевые слова: пеня, "
            "долг; та же категория спора.",
            id="all-reasons",
        ),
        pytest.param((), (), 0.5, "Почему похож: тот же вид документа.", id="kind"),
        pytest.param((), (), 0.0, "Похож по тексту.", id="text-only"),
    ],
)
def test_similarity_reason_names_what_is_shared(
    cites: tuple[str, ...], terms: tuple[str, ...], category: float, expected: str
) -> None:
    hit = Precedent(
        id="x",
        title="x",
        kind="court_order",
        date=None,
        score=0.5,
        text_score=0.5,
        citation_score=0.0,
        category_score=category,
        shared_citations=tuple(Citation(key="k", human=h) for h in cites),
        shared_terms=terms,
    )

    assert similarity_reason(hit) == expected


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=[spec.name for spec in PAGE_SPECS])
def test_every_page_opens_for_a_manager_with_a_title_and_no_exception(
    ui_env: str, ui_token: str, spec: PageSpec
) -> None:
    app = _open(ui_token, spec.name, role="manager")

    assert not app.exception
    headings = [t.value for t in app.title] + [h.value for h in app.header]
    assert headings or app.info, spec.name
