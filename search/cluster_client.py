"""One thin adapter over the two official clients: ``opensearch-py`` and ``elasticsearch``.

lexdesk builds every request body itself (:mod:`search.cluster_dsl`), so the
adapter only sends a method, a path, parameters and a body, and turns each
client's errors into lexdesk's: :class:`ClusterUnavailableError` when no node
answers, :class:`ClusterRequestError` (with the HTTP status and the engine's
reason) when one answers with an error. The two engines differ in a handful of
endpoints — point in time above all — and those differences live here.

Connections: every URL of ``LEXDESK_SEARCH_URL`` is a node the client may use; a
node that stops answering is set aside and the request goes to another, a few
times, before the error reaches lexdesk.
"""

from __future__ import annotations

import enum
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from lexdesk.errors import InfrastructureError

if TYPE_CHECKING:
    from lexdesk.settings import Settings

logger = logging.getLogger(__name__)

# Retries of one request on another node (connection refused, reset, timeout,
# 502/503/504) before the error reaches lexdesk.
CLIENT_RETRIES = 3
# Seconds a request may take; a bulk of a few megabytes or a reindex step fits.
REQUEST_TIMEOUT = 60.0
# Elasticsearch 8 answers in its own compatible media types; the client sends them.
_ES_JSON = "application/vnd.elasticsearch+json; compatible-with=8"
_ES_NDJSON = "application/vnd.elasticsearch+x-ndjson; compatible-with=8"


class ClusterFlavor(enum.StrEnum):
    """Which engine a cluster runs, and so which client talks to it."""

    OPENSEARCH = "opensearch"
    ELASTICSEARCH = "elasticsearch"


class ClusterUnavailableError(InfrastructureError):
    """No node of the cluster answered."""


class ClusterRequestError(InfrastructureError):
    """A node answered a request with an error.

    Attributes:
        status: the HTTP status (404 for a missing index, 429 when overloaded …).
        reason: the engine's error type and reason, e.g.
            ``index_not_found_exception: no such index [lexdesk]``.
    """

    def __init__(self, status: int, reason: str, *, path: str) -> None:
        super().__init__(
            f"cluster answered {status} to {path}: {reason}",
            user_message=f"Кластер поиска вернул ошибку {status}: {reason[:200]}",
        )
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class ClusterConfig:
    """How to reach a cluster and how to shape a new index on it.

    Attributes:
        urls: node URLs, ``http://`` or ``https://`` with a port.
        flavor: OpenSearch or Elasticsearch.
        index: the alias lexdesk reads and writes; indices behind it are
            ``<index>-000001``, ``<index>-000002`` … and files are remembered in
            ``<index>-files``.
        username: basic-auth user (empty: none).
        password: basic-auth password.
        api_key: Elasticsearch API key, base64 ``id:key`` (empty: none).
        ca_certs: CA bundle that signed the nodes' certificates (None: the
            system's).
        verify_certs: whether TLS certificates are checked.
        shards: primary shards of a new index.
        replicas: replicas of each shard of a new index.
    """

    urls: tuple[str, ...]
    flavor: ClusterFlavor = ClusterFlavor.OPENSEARCH
    index: str = "lexdesk"
    username: str = ""
    password: str = ""
    api_key: str = ""
    ca_certs: Path | None = None
    verify_certs: bool = True
    shards: int = 1
    replicas: int = 1

    def __repr__(self) -> str:
        # Secrets never reach a log line through a repr.
        return (
            f"ClusterConfig(urls={self.urls!r}, flavor={self.flavor.value!r}, "
            f"index={self.index!r}, username={self.username!r})"
        )


def parse_urls(text: str) -> tuple[str, ...]:
    """Split ``LEXDESK_SEARCH_URL`` (comma-separated) into checked node URLs.

    Raises:
        InfrastructureError: the list is empty or a URL has no http(s) scheme,
            host or port.
    """
    urls = tuple(part.strip().rstrip("/") for part in text.split(",") if part.strip())
    if not urls:
        raise InfrastructureError(
            "LEXDESK_SEARCH_URL is empty",
            user_message=(
                "Для кластерного индекса задайте LEXDESK_SEARCH_URL, например "
                "http://127.0.0.1:9200 (несколько узлов — через запятую)."
            ),
        )
    for url in urls:
        parts = urlsplit(url)
        if (
            parts.scheme not in {"http", "https"}
            or not parts.hostname
            or not parts.port
        ):
            raise InfrastructureError(
                f"bad search URL {url!r}",
                user_message=(
                    f"Неверный адрес кластера «{url[:80]}»: нужен вид "
                    "http://узел:порт или https://узел:порт."
                ),
            )
    return urls


def cluster_config(settings: Settings) -> ClusterConfig | None:
    """Return the cluster the settings choose, or None for the embedded backend.

    Raises:
        InfrastructureError: a cluster backend is chosen without a usable URL.
    """
    from lexdesk.settings import BackendName

    if settings.backend is BackendName.SQLITE:
        return None
    return ClusterConfig(
        urls=parse_urls(settings.search_url),
        flavor=ClusterFlavor(settings.backend.value),
        index=settings.search_index,
        username=settings.search_username,
        password=settings.search_password.get_secret_value(),
        api_key=settings.search_api_key.get_secret_value(),
        ca_certs=Path(settings.search_ca_certs) if settings.search_ca_certs else None,
        verify_certs=settings.search_verify_certs,
        shards=settings.search_shards,
        replicas=settings.search_replicas,
    )


class ClusterClient(Protocol):
    """What the backend needs from a client: requests, bulk and point in time."""

    flavor: ClusterFlavor

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> Any:
        """Send one request and return its decoded JSON answer."""
        ...

    def bulk(self, lines: str, *, params: Mapping[str, str] | None = None) -> Any:
        """Send a ``_bulk`` body (newline-delimited JSON) and return the answer."""
        ...

    def open_point_in_time(self, index: str, *, keep_alive: str) -> str:
        """Open a point in time over an index; return its id."""
        ...

    def close_point_in_time(self, pit_id: str) -> None:
        """Release a point in time (it would expire by itself after keep_alive)."""
        ...

    def close(self) -> None:
        """Close the connections."""
        ...


def connect(config: ClusterConfig) -> ClusterClient:
    """Return the client of the configured engine (no request is sent yet)."""
    if config.flavor is ClusterFlavor.ELASTICSEARCH:
        return ElasticsearchClient(config)
    return OpenSearchClient(config)


def _reason(status: int, body: Any) -> str:
    """The engine's error type and reason from an error answer's body."""
    if isinstance(body, Mapping):
        error = body.get("error")
        if isinstance(error, Mapping):
            root = error.get("root_cause") or [error]
            first = root[0] if isinstance(root, list) and root else error
            return f"{first.get('type', 'error')}: {first.get('reason', '')}"
        if isinstance(error, str):
            return error
    if isinstance(body, bytes | str):
        return (body.decode(errors="replace") if isinstance(body, bytes) else body)[
            :300
        ]
    return f"HTTP {status}"


def _unavailable(config: ClusterConfig, error: Exception) -> ClusterUnavailableError:
    nodes = ", ".join(config.urls)
    return ClusterUnavailableError(
        f"no node of {nodes} answered: {error}",
        user_message=(
            f"Кластер поиска недоступен ({nodes}): ни один узел не ответил. "
            "Проверьте LEXDESK_SEARCH_URL и что кластер запущен."
        ),
    )


class OpenSearchClient:
    """The adapter over ``opensearch-py`` (OpenSearch 2.x and 3.x)."""

    flavor = ClusterFlavor.OPENSEARCH

    def __init__(self, config: ClusterConfig) -> None:
        from opensearchpy import OpenSearch

        self.config = config
        options: dict[str, Any] = {
            "verify_certs": config.verify_certs,
            "ssl_show_warn": config.verify_certs,
            "timeout": REQUEST_TIMEOUT,
            "max_retries": CLIENT_RETRIES,
            "retry_on_timeout": True,
        }
        if config.username:
            options["http_auth"] = (config.username, config.password)
        if config.ca_certs is not None:
            options["ca_certs"] = str(config.ca_certs)
        self._client = OpenSearch(hosts=list(config.urls), **options)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> Any:
        """Send one request and return its decoded JSON answer."""
        return self._send(method, path, params=params, body=body, headers=None)

    def bulk(self, lines: str, *, params: Mapping[str, str] | None = None) -> Any:
        """Send a ``_bulk`` body and return the answer."""
        headers = {"content-type": "application/x-ndjson"}
        return self._send("POST", "/_bulk", params=params, body=lines, headers=headers)

    def open_point_in_time(self, index: str, *, keep_alive: str) -> str:
        """Open a point in time (``POST /<index>/_search/point_in_time``)."""
        answer = self.request(
            "POST",
            f"/{index}/_search/point_in_time",
            params={"keep_alive": keep_alive},
        )
        return str(answer["pit_id"])

    def close_point_in_time(self, pit_id: str) -> None:
        """Release a point in time (``DELETE /_search/point_in_time``)."""
        self.request("DELETE", "/_search/point_in_time", body={"pit_id": [pit_id]})

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None,
        body: Any,
        headers: Mapping[str, str] | None,
    ) -> Any:
        from opensearchpy.exceptions import ConnectionError as NoConnection
        from opensearchpy.exceptions import TransportError

        try:
            return self._client.transport.perform_request(
                method, path, params=params, body=body, headers=headers
            )
        except NoConnection as error:
            raise _unavailable(self.config, error) from error
        except TransportError as error:
            status = error.status_code if isinstance(error.status_code, int) else 500
            raise ClusterRequestError(
                status, _reason(status, error.info), path=path
            ) from error


class ElasticsearchClient:
    """The adapter over the official ``elasticsearch`` client (Elasticsearch 8.x)."""

    flavor = ClusterFlavor.ELASTICSEARCH

    def __init__(self, config: ClusterConfig) -> None:
        from elasticsearch import Elasticsearch

        self.config = config
        options: dict[str, Any] = {
            "verify_certs": config.verify_certs,
            "ssl_show_warn": config.verify_certs,
            "request_timeout": REQUEST_TIMEOUT,
            "max_retries": CLIENT_RETRIES,
            "retry_on_timeout": True,
        }
        if config.username:
            options["basic_auth"] = (config.username, config.password)
        if config.api_key:
            options["api_key"] = config.api_key
        if config.ca_certs is not None:
            options["ca_certs"] = str(config.ca_certs)
        self._client = Elasticsearch(hosts=list(config.urls), **options)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> Any:
        """Send one request and return its decoded JSON answer."""
        headers = {"accept": _ES_JSON}
        if body is not None:
            headers["content-type"] = _ES_JSON
        return self._send(method, path, params=params, body=body, headers=headers)

    def bulk(self, lines: str, *, params: Mapping[str, str] | None = None) -> Any:
        """Send a ``_bulk`` body and return the answer."""
        headers = {"accept": _ES_JSON, "content-type": _ES_NDJSON}
        return self._send("POST", "/_bulk", params=params, body=lines, headers=headers)

    def open_point_in_time(self, index: str, *, keep_alive: str) -> str:
        """Open a point in time (``POST /<index>/_pit``)."""
        answer = self.request(
            "POST", f"/{index}/_pit", params={"keep_alive": keep_alive}
        )
        return str(answer["id"])

    def close_point_in_time(self, pit_id: str) -> None:
        """Release a point in time (``DELETE /_pit``)."""
        self.request("DELETE", "/_pit", body={"id": pit_id})

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None,
        body: Any,
        headers: Mapping[str, str],
    ) -> Any:
        from elastic_transport import ConnectionError as NoConnection
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        try:
            response = self._client.perform_request(
                method, path, params=dict(params or {}), headers=headers, body=body
            )
        except NoConnection as error:
            raise _unavailable(self.config, error) from error
        except ApiError as error:
            status = int(error.meta.status)
            raise ClusterRequestError(
                status, _reason(status, error.body), path=path
            ) from error
        except TransportError as error:
            raise _unavailable(self.config, error) from error
        body_out = response.body
        if isinstance(body_out, bytes | str) and body_out:
            return json.loads(body_out)
        return body_out
