"""GET /search over a real SQLite index of five fictional documents."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

HIT_KEYS = {"id", "title", "kind", "date", "score", "snippet", "source"}


def _ids(body: dict[str, Any]) -> list[str]:
    return [hit["id"] for hit in body["hits"]]


def test_search_finds_other_word_forms_and_marks_them(client: TestClient) -> None:
    response = client.get("/search", params={"q": "должнику"})

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3
    assert sorted(_ids(body)) == [
        "dec-2-1016-2021",
        "order-2-555-2022",
        "ruling-13-77-2020",
    ]
    snippets = {hit["id"]: hit["snippet"] for hit in body["hits"]}
    assert "с <mark>должника</mark> Петрова" in snippets["dec-2-1016-2021"]
    assert snippets["ruling-13-77-2020"].startswith("<mark>Должник</mark> представил")


def test_search_hit_has_the_cli_json_shape(client: TestClient) -> None:
    body = client.get("/search", params={"q": "пени"}).json()

    assert body["total"] == 1
    assert set(body) == {"total", "hits", "facets", "next_cursor"}
    (hit,) = body["hits"]
    assert set(hit) == HIT_KEYS
    assert hit["id"] == "dec-2-1016-2021"
    assert hit["title"] == "Решение по делу № 2-1016/2021"
    assert hit["kind"] == "court_decision"
    assert hit["date"] == "2021-03-15"
    assert hit["source"] == "/cases/dec-2-1016-2021.docx"
    assert isinstance(hit["score"], float)
    assert "коп. и <mark>пени</mark> по ч. 14 ст. 155 ЖК РФ" in hit["snippet"]


def test_search_statute_hit_has_null_date(client: TestClient) -> None:
    body = client.get("/search", params={"q": "энергии"}).json()

    assert _ids(body) == ["gk-rf-544"]
    assert body["hits"][0]["date"] is None
    assert body["hits"][0]["kind"] == "statute_article"


def test_search_snippet_escapes_everything_but_marks(client: TestClient) -> None:
    body = client.get("/search", params={"q": "Свет"}).json()

    (hit,) = body["hits"]
    assert hit["id"] == "order-2-555-2022"
    assert "ООО «<mark>Свет</mark> &amp; Тепло &lt;Север" in hit["snippet"]
    assert "<Север" not in hit["snippet"]
    # The title is plain text; escaping it is the client's job.
    assert hit["title"] == "Судебный приказ № 2-555/2022"


@pytest.mark.parametrize(
    ("params", "expected_ids"),
    [
        pytest.param(
            {"q": "должнику", "kind": "court_order"},
            ["order-2-555-2022"],
            id="one-kind",
        ),
        pytest.param(
            {"q": "должнику", "kind": ["court_order", "ruling"]},
            ["order-2-555-2022", "ruling-13-77-2020"],
            id="repeated-kind",
        ),
        pytest.param(
            {"q": "задолженность", "date_from": "2021-01-01"},
            ["dec-2-1016-2021", "order-2-555-2022"],
            id="date-from",
        ),
        pytest.param(
            {"q": "задолженность", "date_to": "2021-03-15"},
            ["dec-2-1016-2021", "dec-2-224-2019"],
            id="date-to-inclusive",
        ),
        pytest.param(
            {"q": '"оплате электроэнергии"'}, ["order-2-555-2022"], id="phrase"
        ),
        pytest.param(
            {"q": "задолженность -электроэнергия"}, ["dec-2-224-2019"], id="minus-word"
        ),
        pytest.param(
            {"q": "пени OR возражения"},
            ["dec-2-1016-2021", "ruling-13-77-2020"],
            id="or",
        ),
        pytest.param({"q": "неустойка"}, [], id="no-match"),
    ],
)
def test_search_filters_and_query_language(
    client: TestClient, params: dict[str, Any], expected_ids: list[str]
) -> None:
    body = client.get("/search", params=params).json()

    assert body["total"] == len(expected_ids)
    assert sorted(_ids(body)) == expected_ids


@pytest.mark.parametrize(
    ("sort", "expected_ids"),
    [
        pytest.param(
            "date_asc",
            ["dec-2-224-2019", "dec-2-1016-2021", "order-2-555-2022"],
            id="date-asc",
        ),
        pytest.param(
            "date_desc",
            ["order-2-555-2022", "dec-2-1016-2021", "dec-2-224-2019"],
            id="date-desc",
        ),
    ],
)
def test_search_sorts_by_date(
    client: TestClient, sort: str, expected_ids: list[str]
) -> None:
    body = client.get("/search", params={"q": "задолженность", "sort": sort}).json()

    assert _ids(body) == expected_ids


def test_search_pages_with_limit_and_offset(client: TestClient) -> None:
    params = {"q": "задолженность", "sort": "date_asc", "limit": 1, "offset": 1}

    body = client.get("/search", params=params).json()

    assert body["total"] == 3
    assert _ids(body) == ["dec-2-1016-2021"]


def test_search_page_past_the_end_keeps_the_total(client: TestClient) -> None:
    body = client.get("/search", params={"q": "задолженность", "offset": 50}).json()

    assert body == {"total": 3, "hits": [], "facets": None, "next_cursor": None}


@pytest.mark.parametrize(
    ("query", "position", "detail_fragment"),
    [
        pytest.param('долг "оплата', 5, "Незакрытая кавычка", id="open-quote"),
        pytest.param("(пени", 0, "Скобка", id="open-parenthesis"),
    ],
)
def test_search_syntax_error_is_a_400_problem_with_position(
    client: TestClient, query: str, position: int, detail_fragment: str
) -> None:
    response = client.get("/search", params={"q": query})

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:lexdesk:problem:query-syntax"
    assert body["title"] == "Ошибка в поисковом запросе"
    assert body["status"] == 400
    assert body["position"] == position
    assert detail_fragment in body["detail"]


@pytest.mark.parametrize(
    ("params", "field", "message_fragment"),
    [
        pytest.param({}, "q", "обязательный параметр не задан", id="q-missing"),
        pytest.param({"q": ""}, "q", "не может быть пустым", id="q-empty"),
        pytest.param({"q": "   "}, "q", "запрос пуст", id="q-blank"),
        pytest.param({"q": "д" * 2001}, "q", "длиннее 2000 символов", id="q-too-long"),
        pytest.param(
            {"q": "долг", "limit": 0}, "limit", "не меньше 1", id="limit-zero"
        ),
        pytest.param(
            {"q": "долг", "limit": 101}, "limit", "не больше 100", id="limit-101"
        ),
        pytest.param(
            {"q": "долг", "limit": "десять"},
            "limit",
            "нужно целое число",
            id="limit-text",
        ),
        pytest.param(
            {"q": "долг", "offset": -1}, "offset", "не меньше 0", id="offset-negative"
        ),
        pytest.param(
            {"q": "долг", "offset": 9995, "limit": 10},
            "offset",
            "не дальше 10000 результатов",
            id="past-result-window",
        ),
        pytest.param(
            {"q": "долг", "sort": "score"}, "sort", "relevance, date_desc", id="sort"
        ),
        pytest.param(
            {"q": "долг", "kind": "verdict"}, "kind", "court_decision", id="kind"
        ),
        pytest.param(
            {"q": "долг", "date_from": "15.03.2021"},
            "date_from",
            "ГГГГ-ММ-ДД",
            id="date-format",
        ),
        pytest.param(
            {"q": "долг", "date_from": "2022-01-01", "date_to": "2021-01-01"},
            "date_to",
            "конец периода (01.01.2021) раньше его начала (01.01.2022)",
            id="reversed-range",
        ),
    ],
)
def test_search_bad_parameter_is_a_422_problem_in_russian(
    client: TestClient, params: dict[str, Any], field: str, message_fragment: str
) -> None:
    response = client.get("/search", params=params)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:lexdesk:problem:invalid-parameter"
    assert body["title"] == "Неверные параметры запроса"
    assert [error["field"] for error in body["errors"]] == [field]
    assert message_fragment in body["errors"][0]["message"]
    assert message_fragment in body["detail"]
    assert "position" not in body


def test_search_echoes_a_long_bad_value_truncated(client: TestClient) -> None:
    response = client.get("/search", params={"q": "долг", "limit": "9" * 80})

    message = response.json()["errors"][0]["message"]
    assert message.endswith(f"(получено «{'9' * 49}…»)")
