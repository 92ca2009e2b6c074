"""The Elasticsearch client path: the requests it builds, checked on the wire.

A small HTTP server on 127.0.0.1 stands in for Elasticsearch 8 (it answers with
the product header the official client insists on) and records every request,
so each test asserts the method, path, headers and body the client sent.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from search.cluster import ClusterBackend
from search.cluster_client import (
    ClusterConfig,
    ClusterFlavor,
    ClusterRequestError,
    ClusterUnavailableError,
    ElasticsearchClient,
    connect,
    parse_urls,
)
from search.cluster_dsl import compile_query, index_body
from search.query import parse_query
from search.records import SearchRequest

Answer = tuple[int, Any]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeElasticsearch:
    """Records requests; answers through ``route`` (default: 200 with {})."""

    url: str = ""
    seen: list[Seen] = field(default_factory=list)
    route: Callable[[Seen], Answer] = lambda seen: (200, {})

    def bodies(self, path_part: str) -> list[Any]:
        return [
            json.loads(s.body) if s.body else None
            for s in self.seen
            if path_part in s.path
        ]


@pytest.fixture
def fake() -> Iterator[FakeElasticsearch]:
    state = FakeElasticsearch()

    class Handler(BaseHTTPRequestHandler):
        def handle_any(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            seen = Seen(
                self.command,
                self.path,
                {key.lower(): value for key, value in self.headers.items()},
                self.rfile.read(length),
            )
            state.seen.append(seen)
            status, body = state.route(seen)
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header(
                "Content-Type", "application/vnd.elasticsearch+json;compatible-with=8"
            )
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        # http.server dispatches on do_<METHOD>.
        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def es_config(fake: FakeElasticsearch, **options: Any) -> ClusterConfig:
    return ClusterConfig(
        urls=(fake.url,), flavor=ClusterFlavor.ELASTICSEARCH, **options
    )


def test_elasticsearch_client_sends_json_in_compatible_media_type(
    fake: FakeElasticsearch,
) -> None:
    client = ElasticsearchClient(es_config(fake, username="lex", password="pw"))

    client.request("POST", "/lexdesk/_search", body={"query": {"match_all": {}}})

    seen = fake.seen[-1]
    assert (seen.method, seen.path) == ("POST", "/lexdesk/_search")
    assert seen.headers["content-type"] == (
        "application/vnd.elasticsearch+json; compatible-with=8"
    )
    assert (
        seen.headers["accept"]
        == "application/vnd.elasticsearch+json; compatible-with=8"
    )
    assert (
        seen.headers["authorization"] == "Basic " + base64.b64encode(b"lex:pw").decode()
    )
    assert json.loads(seen.body) == {"query": {"match_all": {}}}


def test_elasticsearch_client_sends_api_key(fake: FakeElasticsearch) -> None:
    client = ElasticsearchClient(es_config(fake, api_key="aWQ6a2V5"))

    client.request("GET", "/_cluster/health")

    assert fake.seen[-1].headers["authorization"] == "ApiKey aWQ6a2V5"


def test_elasticsearch_client_sends_bulk_as_ndjson(fake: FakeElasticsearch) -> None:
    fake.route = lambda seen: (200, {"errors": False, "items": []})
    client = ElasticsearchClient(es_config(fake))
    lines = '{"create":{"_index":"lexdesk","_id":"a"}}\n{"title":"Решение"}\n'

    client.bulk(lines, params={"refresh": "true"})

    seen = fake.seen[-1]
    assert (seen.method, seen.path) == ("POST", "/_bulk?refresh=true")
    assert seen.headers["content-type"] == (
        "application/vnd.elasticsearch+x-ndjson; compatible-with=8"
    )
    assert seen.body.decode() == lines


def test_elasticsearch_client_opens_and_closes_point_in_time(
    fake: FakeElasticsearch,
) -> None:
    fake.route = lambda seen: (200, {"id": "pit-1"} if seen.method == "POST" else {})
    client = ElasticsearchClient(es_config(fake))

    pit = client.open_point_in_time("lexdesk", keep_alive="10m")
    client.close_point_in_time(pit)

    assert pit == "pit-1"
    assert [(s.method, s.path) for s in fake.seen] == [
        ("POST", "/lexdesk/_pit?keep_alive=10m"),
        ("DELETE", "/_pit"),
    ]
    assert json.loads(fake.seen[1].body) == {"id": "pit-1"}


def test_elasticsearch_client_reports_engine_errors(fake: FakeElasticsearch) -> None:
    error = {
        "error": {
            "root_cause": [
                {"type": "index_not_found_exception", "reason": "no such index [x]"}
            ],
            "type": "index_not_found_exception",
            "reason": "no such index [x]",
        },
        "status": 404,
    }
    fake.route = lambda seen: (404, error)
    client = ElasticsearchClient(es_config(fake))

    with pytest.raises(ClusterRequestError) as caught:
        client.request("GET", "/x/_count")

    assert caught.value.status == 404
    assert caught.value.reason == "index_not_found_exception: no such index [x]"


def test_elasticsearch_client_reports_an_unreachable_cluster() -> None:
    config = ClusterConfig(
        urls=("http://127.0.0.1:9",), flavor=ClusterFlavor.ELASTICSEARCH
    )

    with pytest.raises(ClusterUnavailableError) as caught:
        connect(config).request("GET", "/_cluster/health")

    assert "Кластер поиска недоступен (http://127.0.0.1:9)" in caught.value.user_message


def route_backend(seen: Seen) -> Answer:
    """Answers of an empty index named lexdesk, enough for the backend's calls."""
    if seen.path.startswith("/_alias/lexdesk"):
        return 200, {"lexdesk-000001": {"aliases": {"lexdesk": {}}}}
    if seen.path.endswith("/_mapping"):
        return 200, {"lexdesk-000001": {"mappings": {"_meta": {"lexdesk_mapping": 1}}}}
    if seen.path.startswith("/lexdesk-files") and seen.method == "PUT":
        return 400, {
            "error": {"type": "resource_already_exists_exception", "reason": "x"}
        }
    if seen.path.endswith("/_pit?keep_alive=10m"):
        return 200, {"id": "pit-7"}
    if "_search" in seen.path:
        hit = {
            "_id": "d1",
            "_score": 1.5,
            "sort": [1.5, "d1"],
            "_source": {
                "id": "d1",
                "title": "Решение",
                "kind": "court_decision",
                "date": "2021-03-15",
                "source": "/c/d1.txt",
                "text": "Взыскать с должника долг.",
                "lemmas": "взыскать с должник долг",
            },
        }
        return 200, {"hits": {"total": {"value": 2}, "hits": [hit]}}
    return 200, {}


def test_cluster_backend_on_elasticsearch_builds_the_shared_dsl(
    fake: FakeElasticsearch,
) -> None:
    fake.route = route_backend
    backend = ClusterBackend(es_config(fake))
    request = SearchRequest("должнику kind:court_decision", limit=1)

    first = backend.search(request)
    second = backend.search(
        SearchRequest("должнику kind:court_decision", limit=1, cursor=first.next_cursor)
    )

    searches = [s for s in fake.seen if "_search" in s.path]
    page_one, page_two = (json.loads(s.body) for s in searches)
    assert searches[0].path == "/lexdesk/_search"
    assert page_one["query"] == compile_query(parse_query(request.query), request)
    assert page_one["sort"] == [{"_score": "desc"}, {"id": "asc"}]
    assert (page_one["size"], page_one["from"]) == (1, 0)
    assert searches[1].path == "/_search"
    assert page_two["pit"] == {"id": "pit-7", "keep_alive": "10m"}
    assert page_two["search_after"] == [1.5, "d1"]
    assert "from" not in page_two
    assert first.hits[0].snippet == "Взыскать с <mark>должника</mark> долг."
    assert first.hits[0].score == 1.5
    assert second.next_cursor is None
    # The last page releases its point in time.
    assert (fake.seen[-1].method, fake.seen[-1].path) == ("DELETE", "/_pit")


def test_cluster_backend_creates_index_with_alias_and_mapping(
    fake: FakeElasticsearch,
) -> None:
    def route(seen: Seen) -> Answer:
        if seen.path == "/_alias/lexdesk":
            return 404, {"error": "alias [lexdesk] missing", "status": 404}
        if seen.path.endswith("/_mapping"):
            return 200, {
                "lexdesk-000001": {"mappings": {"_meta": {"lexdesk_mapping": 1}}}
            }
        return 200, {"acknowledged": True}

    fake.route = route
    ClusterBackend(es_config(fake, shards=3, replicas=2))

    created = {s.path: json.loads(s.body) for s in fake.seen if s.method == "PUT"}
    expected = index_body(shards=3, replicas=2)
    expected["aliases"] = {"lexdesk": {}}
    assert created["/lexdesk-000001"] == expected
    assert created["/lexdesk-files"]["settings"] == {
        "number_of_shards": 1,
        "number_of_replicas": 2,
    }
    assert set(created) == {"/lexdesk-000001", "/lexdesk-files"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://127.0.0.1:9200", ("http://127.0.0.1:9200",)),
        (
            "https://es1:9200/, https://es2:9200",
            ("https://es1:9200", "https://es2:9200"),
        ),
    ],
    ids=["one", "two-with-spaces"],
)
def test_parse_urls_accepts_node_lists(text: str, expected: tuple[str, ...]) -> None:
    assert parse_urls(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "задайте LEXDESK_SEARCH_URL"),
        ("127.0.0.1:9200", "Неверный адрес кластера «127.0.0.1:9200»"),
        ("http://es1", "Неверный адрес кластера «http://es1»"),
    ],
    ids=["empty", "no-scheme", "no-port"],
)
def test_parse_urls_rejects_bad_addresses(text: str, message: str) -> None:
    from lexdesk.errors import InfrastructureError

    with pytest.raises(InfrastructureError) as caught:
        parse_urls(text)
    assert message in caught.value.user_message
