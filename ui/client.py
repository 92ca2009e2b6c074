"""A small typed client of the lexdesk HTTP API, used by the Streamlit UI.

The UI never touches the index directly; every page goes through this client, so
the UI works the same against a local API and a shared server. Errors come back
as :class:`ApiError` carrying the API's Russian ``detail``, ready for ``st.error``.

Every call but :meth:`LexdeskClient.sign_in` and
:meth:`LexdeskClient.count_documents` needs a signed-in user: sign in once with a
name and password (the token is kept in the client), or pass a token or an API
key to the constructor.

Example::

    with LexdeskClient("http://127.0.0.1:8000") as client:
        client.sign_in("ivanova", password)
        page = client.search("должнику", limit=5)
        print(page.total, [hit.title for hit in page.hits])
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, Self
from urllib.parse import quote

import httpx

from lexdesk.errors import LexdeskError

logger = logging.getLogger(__name__)

# One query-string pair, as httpx takes it.
QueryParam = tuple[str, str | int | float | bool | None]

# The hit orders /search accepts.
Sort = Literal["relevance", "date_desc", "date_asc"]

# Long enough for a search over a large index on a busy machine, short enough that
# a hung server shows an error instead of a spinner forever.
DEFAULT_TIMEOUT_S = 30.0


class ApiError(LexdeskError):
    """The API answered with an error, or could not be reached.

    Attributes:
        status: the HTTP status, or None when no response came.
        problem_type: the problem ``type`` URI from the body, if any.
        position: for query syntax errors, the 0-based offset in the query.
        user_message: the Russian text to show (the API's ``detail``).
    """

    def __init__(
        self,
        message: str,
        *,
        user_message: str,
        status: int | None = None,
        problem_type: str | None = None,
        position: int | None = None,
    ) -> None:
        super().__init__(message, user_message=user_message)
        self.status = status
        self.problem_type = problem_type
        self.position = position


@dataclass(frozen=True)
class Hit:
    """One search hit; ``snippet`` is HTML with matches in ``<mark>``."""

    id: str
    title: str
    kind: str
    date: dt.date | None
    score: float
    snippet: str
    source: str


@dataclass(frozen=True)
class SearchPage:
    """One page of hits and the number of all matching documents."""

    total: int
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class Document:
    """One document in full."""

    id: str
    title: str
    kind: str
    date: dt.date | None
    source: str
    format: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in: the token to send and who it belongs to."""

    token: str
    name: str
    role: str
    role_label: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Kind:
    """A document kind and its Russian label."""

    value: str
    label: str


class LexdeskClient:
    """A client of one lexdesk API server.

    Args:
        base_url: the API's base URL, e.g. ``http://127.0.0.1:8000``.
        token: a bearer token from :meth:`sign_in` (e.g. kept by the UI session).
        api_key: a service's API key, sent as ``X-API-Key``.
        timeout: seconds to wait for a response.
        transport: an httpx transport (tests pass one to talk to an app in process).
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._api_key = api_key
        # trust_env=False: proxy variables must not reroute calls to a local API.
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            trust_env=False,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (shared with the clients of :meth:`for_token`)."""
        self._http.close()

    def for_token(self, token: str | None) -> LexdeskClient:
        """Return a client that shares this one's connections but sends ``token``.

        The UI keeps one connection pool per process and one token per browser
        session; no user's token is ever stored in the shared client.
        """
        other = copy.copy(self)
        other.token = token
        other._api_key = None
        return other

    def sign_in(self, name: str, password: str) -> SignedIn:
        """Sign in (``POST /auth/token``); later calls send the new token.

        Raises:
            ApiError: wrong name or password (status 401), or the API is
                unavailable.
        """
        body = self._send(
            "POST", "/auth/token", data={"username": name, "password": password}
        )
        self.token = str(body["access_token"])
        me = self._get("/auth/me")
        return SignedIn(
            token=self.token,
            name=me["name"],
            role=me["role"],
            role_label=me["role_label"],
            expires_at=dt.datetime.fromisoformat(body["expires_at"]),
        )

    def count_documents(self) -> int:
        """Return the number of indexed documents (``GET /health``)."""
        body = self._get("/health")
        return int(body["documents"])

    def kinds(self) -> tuple[Kind, ...]:
        """Return the document kinds with their Russian labels (``GET /kinds``)."""
        body = self._get("/kinds")
        return tuple(Kind(value=item["value"], label=item["label"]) for item in body)

    def search(
        self,
        query: str,
        *,
        kinds: Sequence[str] = (),
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        limit: int = 10,
        offset: int = 0,
        sort: Sort = "relevance",
    ) -> SearchPage:
        """Run a search (``GET /search``).

        Raises:
            ApiError: a syntax error in the query (with ``position``), a bad
                parameter, or the API is unavailable.
        """
        params: list[QueryParam] = [
            ("q", query),
            ("limit", limit),
            ("offset", offset),
            ("sort", sort),
        ]
        params.extend(("kind", kind) for kind in kinds)
        if date_from is not None:
            params.append(("date_from", date_from.isoformat()))
        if date_to is not None:
            params.append(("date_to", date_to.isoformat()))
        body = self._get("/search", params=params)
        hits = tuple(_parse_hit(item) for item in body["hits"])
        return SearchPage(total=int(body["total"]), hits=hits)

    def document(self, doc_id: str) -> Document:
        """Return one document (``GET /documents/{id}``).

        Raises:
            ApiError: no such document (status 404), or the API is unavailable.
        """
        body = self._get(f"/documents/{quote(doc_id, safe='')}")
        return Document(
            id=body["id"],
            title=body["title"],
            kind=body["kind"],
            date=_parse_date(body["date"]),
            source=body["source"],
            format=body["format"],
            text=body["text"],
            meta=body["meta"],
        )

    def _get(self, path: str, *, params: list[QueryParam] | None = None) -> Any:
        """GET a path and return the decoded JSON body, or raise :class:`ApiError`."""
        return self._send("GET", path, params=params)

    def _headers(self) -> dict[str, str]:
        if self._api_key:
            return {"X-API-Key": self._api_key}
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        return {}

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: list[QueryParam] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> Any:
        """Send a request and return the decoded JSON body, or raise :class:`ApiError`."""
        try:
            response = self._http.request(
                method, path, params=params, data=data, headers=self._headers()
            )
        except httpx.TimeoutException as error:
            raise ApiError(
                f"{self.base_url}{path}: no response in time",
                user_message="Сервис поиска не ответил вовремя. Повторите попытку позже.",
            ) from error
        except httpx.HTTPError as error:
            raise ApiError(
                f"{self.base_url}{path}: {error}",
                user_message=(
                    f"Сервис поиска недоступен по адресу {self.base_url}. "
                    "Проверьте, что API запущен (lexdesk serve)."
                ),
            ) from error
        if response.is_error:
            raise _error_from(response, path)
        return response.json()


def _parse_hit(item: Mapping[str, Any]) -> Hit:
    return Hit(
        id=item["id"],
        title=item["title"],
        kind=item["kind"],
        date=_parse_date(item["date"]),
        score=float(item["score"]),
        snippet=item["snippet"],
        source=item["source"],
    )


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _error_from(response: httpx.Response, path: str) -> ApiError:
    """Build the error for an error response, from its problem+json body if any."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or "detail" not in body:
        logger.warning("API error %d on %s without a problem body", status, path)
        return ApiError(
            f"HTTP {status} on {path}",
            user_message=f"Сервис поиска ответил ошибкой {status}.",
            status=status,
        )
    position = body.get("position")
    return ApiError(
        f"HTTP {status} on {path}: {body.get('type')}",
        user_message=str(body["detail"]),
        status=status,
        problem_type=body.get("type"),
        position=position if isinstance(position, int) else None,
    )
