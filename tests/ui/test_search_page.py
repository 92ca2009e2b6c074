"""The «Поиск» page of ui/app.py, driven by Streamlit's AppTest against a live API."""

from __future__ import annotations

import datetime as dt
import html
import re
import socket
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from lexdesk.settings import get_settings
from ui.client import LexdeskClient
from ui.highlight import render_snippet, split_text_pages
from ui.navigation import NAV_TARGET_KEY
from ui.session import ROLE_KEY, TOKEN_KEY, USER_KEY

APP_PATH = Path(__file__).resolve().parents[2] / "ui" / "app.py"

# Seconds one script run may take (API calls included) before AppTest gives up:
# a guard for a busy machine, not a timing assertion.
RUN_LIMIT_S = 60

# A hit's title inside its HTML card: «<strong>Судебный приказ № 2-3/2023</strong>».
TITLE_RE = re.compile(r"<strong>(.*?)</strong>")


def _start(
    token: str | None,
    open_page: tuple[str, dict[str, str]] | None = None,
    *,
    role: str = "lawyer",
) -> AppTest:
    app = AppTest.from_file(str(APP_PATH), default_timeout=RUN_LIMIT_S)
    app.session_state[TOKEN_KEY] = token
    app.session_state[USER_KEY] = f"ui-{role} (юрист)"
    app.session_state[ROLE_KEY] = role
    if open_page is not None:
        app.session_state[NAV_TARGET_KEY] = open_page
    return app.run()


def _button(app: AppTest, label: str) -> Button:
    matches = [button for button in app.button if button.label == label]
    assert len(matches) == 1, f"{label!r}: {[b.label for b in app.button]}"
    return matches[0]


def _search(app: AppTest, query: str, *, sort: str = "date_desc") -> AppTest:
    app.text_input[0].input(query)
    next(box for box in app.selectbox if box.label == "Порядок").select(sort)
    _button(app, "Найти").click()
    return app.run()


def _titles(app: AppTest) -> list[str]:
    return [m.group(1) for html in app.html if (m := TITLE_RE.search(html.value))]


def _text_html(app: AppTest) -> str:
    """The document text element, without its stylesheet."""
    (text,) = [h.value for h in app.html if "class='doc-text'" in h.value]
    return text[text.index("<div class='doc-text'") :]


def _captions(app: AppTest) -> list[str]:
    return [caption.value for caption in app.caption]


def test_search_page_shows_titles_and_marked_snippets(
    ui_env: str, ui_token: str
) -> None:
    app = _search(_start(ui_token), "должнику")

    assert not app.exception
    assert "Найдено документов: 14. Показаны 1–10." in _captions(app)
    assert _titles(app) == [f"Судебный приказ № 2-{n}/2023" for n in range(12, 2, -1)]
    first_card = app.html[0].value
    assert "Взыскать с <mark>должника</mark> Морозова И. И." in first_card
    assert "судебный приказ · 12.01.2023" in first_card
    assert "&lt;пени&gt; &amp; госпошлину" in first_card
    assert "Страница 1 из 2" in _captions(app)
    assert _button(app, "← Назад").disabled


def test_search_page_next_page_shows_the_rest(ui_env: str, ui_token: str) -> None:
    app = _search(_start(ui_token), "должнику")

    _button(app, "Далее →").click()
    app.run()

    assert "Найдено документов: 14. Показаны 11–14." in _captions(app)
    assert _titles(app) == [
        "Судебный приказ № 2-2/2023",
        "Судебный приказ № 2-1/2023",
        "Определение об отмене судебного приказа № 13-5/2022",
        "Решение по делу № 2-999/2021",
    ]
    assert "<mark>Должник</mark> подал возражения" in app.html[2].value
    assert _button(app, "Далее →").disabled


def test_search_page_filters_by_kind_and_date(ui_env: str, ui_token: str) -> None:
    app = _start(ui_token)
    app.multiselect[0].select("ruling").select("court_order")
    app.date_input[0].set_value(dt.date(2022, 1, 1))
    app.date_input[1].set_value(dt.date(2023, 1, 2))

    app = _search(app, "должник")

    assert "Найдено документов: 3. Показаны 1–3." in _captions(app)
    assert _titles(app) == [
        "Судебный приказ № 2-2/2023",
        "Судебный приказ № 2-1/2023",
        "Определение об отмене судебного приказа № 13-5/2022",
    ]


def test_search_page_syntax_error_points_at_the_position(
    ui_env: str, ui_token: str
) -> None:
    app = _search(_start(ui_token), 'пени "долг')

    assert len(app.error) == 1
    assert app.error[0].value.startswith("Незакрытая кавычка")
    assert app.code[0].value == 'пени "долг\n     ^'
    assert _titles(app) == []


def test_search_page_no_hits_says_so(ui_env: str, ui_token: str) -> None:
    app = _search(_start(ui_token), "неустойка")

    assert [info.value for info in app.info] == [
        "Ничего не найдено. Попробуйте другие слова или снимите фильтры."
    ]


def test_search_page_opens_a_long_document_page_by_page(
    ui_env: str, ui_token: str
) -> None:
    app = _search(_start(ui_token), "обязанность")
    assert _titles(app) == ["Решение по делу № 2-999/2021"]

    _button(app, "Открыть").click()
    app.run()

    assert app.header[0].value == "Решение по делу № 2-999/2021"
    assert app.query_params["doc"] == "decision-long"
    (details,) = [h.value for h in app.html if "<b>Вид:</b>" in h.value]
    assert "<b>Вид:</b> решение суда<br><b>Дата:</b> 09.09.2021" in details
    assert "/cases/decision-long.pdf (pdf)" in details
    pager = app.selectbox[0]
    assert pager.label == "Страница текста"
    assert pager.options == ["1 из 4", "2 из 4", "3 из 4", "4 из 4"]
    assert _text_html(app).startswith(
        "<div class='doc-text' style='white-space: pre-wrap'>1. Истец указал"
    )

    pager.select(3)
    app.run()

    with LexdeskClient(ui_env, token=ui_token) as client:
        third_page = split_text_pages(client.document("decision-long").text)[2]
    assert _text_html(app) == (
        f"<div class='doc-text' style='white-space: pre-wrap'>"
        f"{html.escape(third_page)}</div>"
    )
    assert third_page.startswith(f"{third_page.split('.')[0]}. Истец указал")

    _button(app, "← К поиску").click()
    app.run()

    assert "doc" not in app.query_params
    assert _titles(app) == ["Решение по делу № 2-999/2021"]


def test_search_page_document_link_opens_the_document(
    ui_env: str, ui_token: str
) -> None:
    app = _start(ui_token, ("document", {"doc": "order-3"}))

    assert app.header[0].value == "Судебный приказ № 2-3/2023"
    assert _text_html(app) == (
        "<div class='doc-text' style='white-space: pre-wrap'>Взыскать с должника "
        "Васильева И. И. "
        "задолженность за электроэнергию в размере 3000 руб. &lt;пени&gt; &amp; "
        "госпошлину.</div>"
    )


def test_search_page_unknown_document_shows_the_api_error(
    ui_env: str, ui_token: str
) -> None:
    app = _start(ui_token, ("document", {"doc": "no-such-doc"}))

    assert [error.value for error in app.error] == [
        "Документ с идентификатором «no-such-doc» не найден."
    ]


def test_search_page_api_down_shows_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    ui_token = "any-token"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        closed_url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setenv("LEXDESK_API_URL", closed_url)
    get_settings.cache_clear()
    try:
        app = _start(ui_token)
    finally:
        get_settings.cache_clear()

    assert len(app.error) == 1
    assert app.error[0].value.startswith(
        f"Сервис поиска недоступен по адресу {closed_url}."
    )


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        pytest.param(
            "с <mark>должника</mark> &lt;b&gt;",
            "с <mark>должника</mark> &lt;b&gt;",
            id="escaped-stays-escaped",
        ),
        pytest.param(
            'с <mark>должника</mark> <img src=x onerror="alert(1)">',
            'с <mark>должника</mark> &lt;img src=x onerror="alert(1)"&gt;',
            id="raw-tag-is-escaped",
        ),
        pytest.param(
            "ООО «Свет &amp; Тепло»", "ООО «Свет &amp; Тепло»", id="ampersand"
        ),
        pytest.param(
            "<mark>пени</mark> OR <mark>неустойка</mark>",
            "<mark>пени</mark> OR <mark>неустойка</mark>",
            id="two-marks",
        ),
        pytest.param(
            "<mark onclick=x>пени</mark>",
            "&lt;mark onclick=x&gt;пени</mark>",
            id="mark-with-attributes-is-escaped",
        ),
    ],
)
def test_render_snippet_keeps_only_mark_tags(snippet: str, expected: str) -> None:
    assert render_snippet(snippet) == expected


@pytest.mark.parametrize(
    ("text", "page_chars", "expected"),
    [
        pytest.param("короткий текст", 100, ["короткий текст"], id="one-page"),
        pytest.param(
            "первый абзац\n\nвторой абзац",
            20,
            ["первый абзац\n\n", "второй абзац"],
            id="at-paragraph",
        ),
        pytest.param(
            "раз два три четыре",
            10,
            ["раз два ", "три четыре"],
            id="at-space",
        ),
        pytest.param("абвгдеёжзий", 4, ["абвг", "деёж", "зий"], id="no-break"),
    ],
)
def test_split_text_pages_breaks_between_words(
    text: str, page_chars: int, expected: list[str]
) -> None:
    pages = split_text_pages(text, page_chars=page_chars)

    assert pages == expected
    assert "".join(pages) == text


def test_login_page_signs_in_and_shows_search(
    ui_env: str, ui_credentials: tuple[str, str]
) -> None:
    name, password = ui_credentials
    app = _start(None)
    assert [title.value for title in app.title] == ["Вход"]

    app.text_input[0].input(name)
    app.text_input[1].input(password)
    _button(app, "Войти").click()
    app = app.run()

    assert not app.exception
    assert [title.value for title in app.title] == ["Поиск по документам"]
    assert app.session_state[TOKEN_KEY].startswith("v1.")
    assert app.session_state[USER_KEY] == "ui-lawyer (юрист)"
    assert app.session_state[ROLE_KEY] == "lawyer"
    assert [c.value for c in app.sidebar.caption] == [
        "Вы вошли как ui-lawyer (юрист)",
        "Пока нет: выполните поиск и сохраните его под результатами.",
    ]


def test_login_page_wrong_password_shows_the_api_error(ui_env: str) -> None:
    app = _start(None)
    app.text_input[0].input("ui-lawyer")
    app.text_input[1].input("не тот пароль")
    _button(app, "Войти").click()
    app = app.run()

    assert [error.value for error in app.error] == [
        "Неверное имя пользователя или пароль."
    ]
    assert app.session_state[TOKEN_KEY] is None


def test_search_page_expired_token_drops_it_and_asks_to_sign_in(ui_env: str) -> None:
    app = _start("v1.e30.AAAA")

    assert [error.value for error in app.error] == [
        "Сеанс истёк или недействителен: войдите снова."
    ]
    assert app.session_state[TOKEN_KEY] is None

    _button(app, "Войти снова").click()
    app.run()

    assert [title.value for title in app.title] == ["Вход"]
