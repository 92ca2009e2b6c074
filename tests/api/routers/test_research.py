"""Research routes over a real index: facets, cursors, precedents, the citator.

The index holds court acts with the NLP fields (court, judge, outcome, cites,
category) written by hand, a statute article, and unrelated documents that give
BM25 a corpus to weigh words against. Names are fictitious.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from lexdesk.accounts import Role
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.backend import open_backend
from search.records import DocumentRecord

K = DocumentKind
OKT = "Октябрьский районный суд г. Белгорода"
SVE = "Свердловский районный суд г. Белгорода"

# id, kind, date, text, meta
DOCUMENTS: list[tuple[str, DocumentKind, dt.date | None, str, dict[str, Any]]] = [
    (
        "dec-a",
        K.COURT_DECISION,
        dt.date(2021, 3, 1),
        "Суд взыскал задолженность за электроэнергию. Неустойку снизил по статье 333 "
        "ГК РФ. Рассрочка нарушена, введено ограничение режима потребления.",
        {
            "fields": {
                "court": [OKT],
                "outcome": ["granted_partly"],
                "cites": ["gk_rf:544", "zhk_rf:155.14", "gk_rf:333"],
                "category": ["energy_debt"],
            },
            "entities": [{"label": "COURT", "start": 0, "end": 3, "text": "Суд"}],
            "facts": {"case_number": "2-1/2021", "outcome": "granted_partly"},
        },
    ),
    (
        "dec-b",
        K.COURT_DECISION,
        dt.date(2022, 6, 1),
        "Рассрочка нарушена должником; неустойку суд снизил, ограничение режима "
        "потребления законно, задолженность за электроэнергию взыскана.",
        {
            "fields": {
                "court": [SVE],
                "outcome": ["granted_full"],
                "cites": ["gk_rf:544.1", "zhk_rf:155"],
                "category": ["energy_debt"],
            }
        },
    ),
    (
        "dec-c",
        K.COURT_DECISION,
        dt.date(2022, 9, 1),
        "В иске о взыскании долга по кредитному договору отказать.",
        {"fields": {"court": [OKT], "outcome": ["denied"], "cites": ["gk_rf:544"]}},
    ),
    (
        "art-544",
        K.STATUTE_ARTICLE,
        None,
        "Оплата энергии производится за фактически принятое абонентом количество.",
        {"statute": {"key": "gk_rf:544", "act": "gk_rf", "number": "544"}},
    ),
]
TOPICS = (
    "Брак супругов расторгнут, имущество разделено поровну.",
    "Наследство принято наследником по завещанию.",
    "Работник восстановлен на работе, премия выплачена.",
    "Земельный участок передан арендатору по акту.",
)
DOCUMENTS += [
    (f"other-{n}", K.OTHER, dt.date(2020, 1, 1), TOPICS[n % len(TOPICS)], {})
    for n in range(12)
]


def make_record(
    doc_id: str,
    kind: DocumentKind,
    date: dt.date | None,
    text: str,
    meta: dict[str, Any],
) -> DocumentRecord:
    title = f"Документ {doc_id}"
    return DocumentRecord(
        id=doc_id,
        title=title,
        kind=kind,
        date=date,
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(title),
        source=f"/cases/{doc_id}.txt",
        file_sha256=f"{abs(hash(doc_id)):064d}"[:64],
        format="text",
        meta=meta,
    )


def write(home: Path, rows: list[Any]) -> None:
    backend = open_backend(home)
    try:
        for row in rows:
            record = make_record(*row)
            backend.write(
                [record], file_sha256=record.file_sha256, source=record.source
            )
    finally:
        backend.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("research")
    write(directory, DOCUMENTS)
    return directory


@pytest.fixture(scope="module")
def http(
    home: Path, signer: Callable[[TestClient, Path, str, Role], dict[str, str]]
) -> Iterator[TestClient]:
    app = create_app(data_dir=home)
    with TestClient(app) as anonymous:
        headers = signer(anonymous, home, "researcher", Role.LAWYER)
    with TestClient(app, headers=headers) as client:
        yield client


def facet(body: dict[str, Any], name: str) -> list[tuple[str, int]]:
    return [(item["value"], item["count"]) for item in body["facets"][name]]


# -- /search: facets and cursors ---------------------------------------------------


def test_search_facets_count_all_matches(http: TestClient) -> None:
    response = http.get(
        "/search", params={"q": "задолженность", "facets": "true", "limit": 1}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert facet(body, "court") == [
        ("октябрьский районный суд г. белгорода", 1),
        ("свердловский районный суд г. белгорода", 1),
    ]
    assert body["facets"]["court"][0]["label"] == OKT
    assert facet(body, "year") == [("2022", 1), ("2021", 1)]
    assert facet(body, "act") == [("gk_rf", 2), ("zhk_rf", 2)]
    assert facet(body, "kind") == [("court_decision", 2)]
    assert facet(body, "judge") == []
    assert body["next_cursor"] is not None


def test_search_cursor_continues_after_new_documents(
    http: TestClient, home: Path
) -> None:
    params = {"q": "kind:other", "limit": 5, "sort": "date_desc"}
    everything = http.get("/search", params={**params, "limit": 50}).json()
    first = http.get("/search", params=params).json()
    write(home, [("other-late", K.OTHER, dt.date(2030, 1, 1), TOPICS[0], {})])
    second = http.get("/search", params={**params, "cursor": first["next_cursor"]})
    third = http.get(
        "/search", params={**params, "cursor": second.json()["next_cursor"]}
    ).json()

    pages = [first, second.json(), third]
    shown = [hit["id"] for page in pages for hit in page["hits"]]
    assert shown == [hit["id"] for hit in everything["hits"]]
    assert len(shown) == 12
    assert [page["total"] for page in pages] == [12, 12, 12]
    assert third["next_cursor"] is None


def test_search_cursor_with_offset_is_a_422_problem(http: TestClient) -> None:
    first = http.get("/search", params={"q": "kind:other", "limit": 2}).json()
    response = http.get(
        "/search",
        params={"q": "kind:other", "offset": 2, "cursor": first["next_cursor"]},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "offset"


def test_search_cursor_of_another_query_is_a_422_problem(http: TestClient) -> None:
    first = http.get("/search", params={"q": "kind:other", "limit": 2}).json()
    response = http.get(
        "/search", params={"q": "задолженность", "cursor": first["next_cursor"]}
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "относится к другому запросу" in response.json()["detail"]


# -- /documents/{id} and precedents ------------------------------------------------


def test_get_document_has_entities_facts_and_citations(http: TestClient) -> None:
    body = http.get("/documents/dec-a").json()

    assert body["entities"] == [{"label": "COURT", "start": 0, "end": 3, "text": "Суд"}]
    assert body["facts"] == {"case_number": "2-1/2021", "outcome": "granted_partly"}
    assert body["citations"] == [
        {"key": "gk_rf:333", "human": "ст. 333 ГК РФ"},
        {"key": "gk_rf:544", "human": "ст. 544 ГК РФ"},
        {"key": "zhk_rf:155.14", "human": "ч. 14 ст. 155 ЖК РФ"},
    ]


def test_similar_ranks_precedents_with_reasons(http: TestClient) -> None:
    response = http.get("/documents/dec-a/similar", params={"limit": 5})

    assert response.status_code == 200
    body = response.json()
    assert [hit["id"] for hit in body["hits"]] == ["dec-b", "dec-c"]
    best, other = body["hits"]
    assert best["shared_citations"] == [
        {"key": "gk_rf:544", "human": "ст. 544 ГК РФ"},
        {"key": "zhk_rf:155", "human": "ст. 155 ЖК РФ"},
    ]
    assert best["parts"]["citations"] == pytest.approx(2 / 3, abs=1e-4)
    assert best["parts"]["category"] == 1.0
    assert {"рассрочка", "неустойка", "ограничение"} <= set(best["shared_terms"])
    assert other["shared_citations"] == [{"key": "gk_rf:544", "human": "ст. 544 ГК РФ"}]
    assert other["parts"]["citations"] == pytest.approx(1 / 3, abs=1e-4)
    assert other["parts"]["category"] == 0.5
    assert body["citations"][0] == {"key": "gk_rf:333", "human": "ст. 333 ГК РФ"}
    assert "рассрочка" in body["key_terms"]


def test_similar_of_unknown_document_is_a_404_problem(http: TestClient) -> None:
    response = http.get("/documents/nope/similar")

    assert response.status_code == 404
    assert response.json()["detail"] == "Документ с идентификатором «nope» не найден."


def test_similar_to_pasted_text_finds_indexed_precedents(http: TestClient) -> None:
    text = (
        "Рассрочка нарушена, поставщик ввёл ограничение режима потребления, "
        "неустойка снижена."
    )
    response = http.post("/similar", json={"text": text}, params={"limit": 2})

    assert response.status_code == 200
    ids = [hit["id"] for hit in response.json()["hits"]]
    assert ids == ["dec-a", "dec-b"] or ids == ["dec-b", "dec-a"]
    assert "рассрочка" in response.json()["key_terms"]


def test_similar_to_uploaded_file_is_not_indexed(http: TestClient) -> None:
    data = "Рассрочка нарушена, ограничение режима потребления введено.".encode()
    before = http.get("/health").json()["documents"]
    response = http.post(
        "/similar", files={"file": ("черновик.txt", data, "text/plain")}
    )

    assert response.status_code == 200, response.text
    assert response.json()["hits"][0]["id"] in {"dec-a", "dec-b"}
    assert http.get("/health").json()["documents"] == before


def test_similar_with_empty_text_is_a_422_problem(http: TestClient) -> None:
    response = http.post("/similar", json={"text": ""})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "text"


# -- /citations/{key} --------------------------------------------------------------


def test_citations_of_an_article_with_counts(http: TestClient) -> None:
    response = http.get("/citations/gk_rf:544")

    assert response.status_code == 200
    body = response.json()
    assert body["citation"] == {"key": "gk_rf:544", "human": "ст. 544 ГК РФ"}
    assert body["act"] == "ГК РФ"
    assert body["article"]["id"] == "art-544"
    assert body["total"] == 3
    # Newest first; dec-b cites a point of the article (gk_rf:544.1).
    assert [hit["id"] for hit in body["hits"]] == ["dec-c", "dec-b", "dec-a"]
    assert [(i["value"], i["count"]) for i in body["by_year"]] == [
        ("2022", 2),
        ("2021", 1),
    ]
    assert [(i["value"], i["count"]) for i in body["by_court"]] == [
        ("октябрьский районный суд г. белгорода", 2),
        ("свердловский районный суд г. белгорода", 1),
    ]
    assert [(i["value"], i["count"]) for i in body["by_outcome"]] == [
        ("denied", 1),
        ("granted_full", 1),
        ("granted_partly", 1),
    ]


def test_citations_paginate(http: TestClient) -> None:
    first = http.get("/citations/gk_rf:544", params={"limit": 2}).json()
    second = http.get(
        "/citations/gk_rf:544", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()

    assert [hit["id"] for hit in first["hits"]] == ["dec-c", "dec-b"]
    assert [hit["id"] for hit in second["hits"]] == ["dec-a"]
    assert second["next_cursor"] is None


def test_citations_of_a_part_and_of_an_unindexed_act(http: TestClient) -> None:
    part = http.get("/citations/zhk_rf:155.14").json()
    nobody = http.get("/citations/nk_rf:333.19").json()

    assert [hit["id"] for hit in part["hits"]] == ["dec-a"]
    assert part["citation"]["human"] == "ч. 14 ст. 155 ЖК РФ"
    assert part["article"] is None
    assert nobody["total"] == 0
    assert nobody["article"] is None
    assert nobody["by_year"] == []


@pytest.mark.parametrize("key", ["544", "xx_rf:1", "gk_rf:", "gk_rf:5 44"], ids=str)
def test_citations_bad_key_is_a_422_problem(http: TestClient, key: str) -> None:
    response = http.get(f"/citations/{key}")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "key"


# -- OpenAPI -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "method", "errors"),
    [
        ("/documents/{doc_id}/similar", "get", {"401", "404", "422"}),
        ("/similar", "post", {"401", "413", "415", "422"}),
        ("/citations/{key}", "get", {"401", "422"}),
        ("/documents", "post", {"401", "403", "413", "422"}),
        ("/documents/{doc_id}/file", "get", {"401", "404"}),
    ],
    ids=["similar", "similar-post", "citations", "upload", "file"],
)
def test_openapi_documents_research_routes(
    http: TestClient, path: str, method: str, errors: set[str]
) -> None:
    operation = http.get("/openapi.json").json()["paths"][path][method]

    assert operation["summary"]
    assert errors <= set(operation["responses"])
    for status in errors:
        content = operation["responses"][status]["content"]
        assert list(content) == ["application/problem+json"]
    if method == "post":
        assert operation["requestBody"]["content"]
