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
import re
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import quote, unquote

import httpx

from lexdesk.errors import LexdeskError
from ui.models import (
    Article,
    Citation,
    CitingDocuments,
    Document,
    DownloadedFile,
    Entity,
    ExportFormat,
    FacetValue,
    FolderDetail,
    FolderItem,
    FolderShare,
    FolderSummary,
    Hit,
    Kind,
    Note,
    Precedent,
    Precedents,
    SavedSearch,
    SearchPage,
    SignedIn,
    Sort,
    UploadResult,
)

__all__ = [
    "ApiError",
    "Document",
    "Hit",
    "Kind",
    "LexdeskClient",
    "SearchPage",
    "Sort",
]

logger = logging.getLogger(__name__)

# One query-string pair, as httpx takes it.
QueryParam = tuple[str, str | int | float | bool | None]

# Long enough for a search over a large index on a busy machine, short enough that
# a hung server shows an error instead of a spinner forever.
DEFAULT_TIMEOUT_S = 30.0

# An upload is parsed, analysed (OCR of scanned pages included) and indexed before
# the API answers: a 100-page scan takes minutes on a small server.
UPLOAD_TIMEOUT_S = 600.0

# The file name in a Content-Disposition header: «attachment;
# filename="poisk-20240131.csv"» or RFC 5987 «filename*=utf-8''%D0%B4.pdf».
_FILENAME_RE = re.compile(
    r"filename\*=(?:utf-8|UTF-8)''([^;]+)|filename=\"?([^\";]+)\"?"
)


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


class LexdeskClient:
    """A client of one lexdesk API server.

    Args:
        base_url: the API's base URL, e.g. ``http://127.0.0.1:8000``.
        token: a bearer token from :meth:`sign_in` (e.g. kept by the UI session).
        api_key: a service's API key, sent as ``X-API-Key``.
        timeout: seconds to wait for a response.
        transport: an httpx transport (tests pass one to talk to an app in process).

    Every method raises :class:`ApiError` when the API answers with an error or
    cannot be reached; the error's ``user_message`` is Russian, ready to show.
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

    # ---- accounts ---------------------------------------------------------------

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

    # ---- search -----------------------------------------------------------------

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
        facets: bool = False,
    ) -> SearchPage:
        """Run a search (``GET /search``); ``facets`` adds counts by facet.

        Raises:
            ApiError: a syntax error in the query (with ``position``), a bad
                parameter, or the API is unavailable.
        """
        params = _search_params(query, kinds, date_from, date_to, sort)
        params.extend([("limit", limit), ("offset", offset)])
        if facets:
            params.append(("facets", "true"))
        body = self._get("/search", params=params)
        hits = tuple(_parse_hit(item) for item in body["hits"])
        found = body.get("facets") or {}
        return SearchPage(
            total=int(body["total"]),
            hits=hits,
            facets={name: _parse_facet(values) for name, values in found.items()},
        )

    def export_search(
        self,
        query: str,
        *,
        export_format: ExportFormat,
        kinds: Sequence[str] = (),
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        sort: Sort = "relevance",
    ) -> DownloadedFile:
        """Return every hit of a search as a CSV or XLSX file (``/search/export``)."""
        params = _search_params(query, kinds, date_from, date_to, sort)
        params.append(("format", export_format))
        return self._download("/search/export", params=params)

    def saved_searches(self) -> tuple[SavedSearch, ...]:
        """Return the user's saved searches, by name (``GET /saved-searches``)."""
        return tuple(_parse_saved(item) for item in self._get("/saved-searches"))

    def save_search(
        self,
        name: str,
        query: str,
        *,
        kinds: Sequence[str] = (),
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        sort: Sort = "relevance",
    ) -> SavedSearch:
        """Save a search under ``name``, replacing the user's one of that name."""
        body = {
            "name": name,
            "query": query,
            "kinds": list(kinds),
            "date_from": date_from.isoformat() if date_from else None,
            "date_to": date_to.isoformat() if date_to else None,
            "sort": sort,
        }
        return _parse_saved(self._send("POST", "/saved-searches", json=body))

    def delete_saved_search(self, search_id: int) -> None:
        """Delete one of the user's saved searches."""
        self._send("DELETE", f"/saved-searches/{search_id}")

    # ---- documents --------------------------------------------------------------

    def document(self, doc_id: str) -> Document:
        """Return one document with its entities, facts and citations.

        Raises:
            ApiError: no such document (status 404), or the API is unavailable.
        """
        body = self._get(f"/documents/{_segment(doc_id)}")
        return Document(
            id=body["id"],
            title=body["title"],
            kind=body["kind"],
            date=_parse_date(body["date"]),
            source=body["source"],
            format=body["format"],
            text=body["text"],
            meta=body["meta"],
            entities=tuple(_parse_entity(item) for item in body.get("entities", ())),
            facts=body.get("facts") or {},
            citations=tuple(_parse_citation(c) for c in body.get("citations", ())),
        )

    def original_file(self, doc_id: str) -> DownloadedFile:
        """Return the file a document was ingested from (``/documents/{id}/file``)."""
        return self._download(f"/documents/{_segment(doc_id)}/file")

    def upload(self, filename: str, content: bytes) -> UploadResult:
        """Upload a file for indexing (``POST /documents``).

        Raises:
            ApiError: status 422 with the reason when the file is rejected
                (corrupt, encrypted, empty, unknown format), 413 when too large.
        """
        body = self._send(
            "POST",
            "/documents",
            files={"file": (filename, content)},
            timeout=UPLOAD_TIMEOUT_S,
        )
        return UploadResult(
            outcome=body["outcome"],
            reason=body["reason"],
            documents=tuple(body["documents"]),
        )

    def similar_to_document(self, doc_id: str, *, limit: int = 10) -> Precedents:
        """Return the precedents of an indexed document."""
        path = f"/documents/{_segment(doc_id)}/similar"
        return _parse_precedents(self._get(path, params=[("limit", limit)]))

    def similar_to_text(self, text: str, *, limit: int = 10) -> Precedents:
        """Return the precedents of a pasted text; the text is not indexed."""
        body = self._send(
            "POST", "/similar", params=[("limit", limit)], json={"text": text}
        )
        return _parse_precedents(body)

    def similar_to_file(
        self, filename: str, content: bytes, *, limit: int = 10
    ) -> Precedents:
        """Return the precedents of a file; the file is analysed, not indexed."""
        body = self._send(
            "POST",
            "/similar",
            params=[("limit", limit)],
            files={"file": (filename, content)},
            timeout=UPLOAD_TIMEOUT_S,
        )
        return _parse_precedents(body)

    def citing_documents(
        self, key: str, *, limit: int = 20, offset: int = 0
    ) -> CitingDocuments:
        """Return an article and a page of the documents citing it (the citator).

        Raises:
            ApiError: status 422 when ``key`` is not a canonical citation key.
        """
        params: list[QueryParam] = [("limit", limit), ("offset", offset)]
        body = self._get(f"/citations/{_segment(key)}", params=params)
        article = body.get("article")
        return CitingDocuments(
            citation=_parse_citation(body["citation"]),
            act=body["act"],
            article=Article(article["id"], article["title"], article["text"])
            if article
            else None,
            total=int(body["total"]),
            hits=tuple(_parse_hit(item) for item in body["hits"]),
            by_year=_parse_facet(body["by_year"]),
            by_court=_parse_facet(body["by_court"]),
        )

    # ---- folders and notes ------------------------------------------------------

    def folders(self) -> tuple[FolderSummary, ...]:
        """Return the user's own and shared folders, last changed first."""
        return tuple(_parse_folder(item) for item in self._get("/folders"))

    def create_folder(self, name: str) -> FolderSummary:
        """Create a folder owned by the user."""
        return _parse_folder(self._send("POST", "/folders", json={"name": name}))

    def folder(self, folder_id: int) -> FolderDetail:
        """Return a folder with its documents and shares."""
        body = self._get(f"/folders/{folder_id}")
        return FolderDetail(
            summary=_parse_folder(body),
            items=tuple(
                FolderItem(
                    id=item["id"],
                    title=item["title"],
                    added_by=item["added_by"],
                    added_at=dt.datetime.fromisoformat(item["added_at"]),
                )
                for item in body["items"]
            ),
            shares=tuple(
                FolderShare(user=share["user"], access=share["access"])
                for share in body["shares"]
            ),
        )

    def add_to_folder(self, folder_id: int, doc_id: str) -> FolderSummary:
        """Put a document in a folder (adding it twice changes nothing)."""
        path = f"/folders/{folder_id}/documents/{_segment(doc_id)}"
        return _parse_folder(self._send("PUT", path))

    def remove_from_folder(self, folder_id: int, doc_id: str) -> FolderSummary:
        """Take a document out of a folder."""
        path = f"/folders/{folder_id}/documents/{_segment(doc_id)}"
        return _parse_folder(self._send("DELETE", path))

    def share_folder(self, folder_id: int, user: str, access: str) -> None:
        """Share a folder with a colleague for «read» or «edit»."""
        path = f"/folders/{folder_id}/shares/{_segment(user)}"
        self._send("PUT", path, json={"access": access})

    def unshare_folder(self, folder_id: int, user: str) -> None:
        """Stop sharing a folder with a colleague."""
        self._send("DELETE", f"/folders/{folder_id}/shares/{_segment(user)}")

    def export_folder(
        self, folder_id: int, *, export_format: ExportFormat
    ) -> DownloadedFile:
        """Return a folder's documents as a CSV or XLSX file."""
        params: list[QueryParam] = [("format", export_format)]
        return self._download(f"/folders/{folder_id}/export", params=params)

    def notes(self, doc_id: str) -> tuple[Note, ...]:
        """Return the team's notes on a document, oldest first."""
        body = self._get(f"/documents/{_segment(doc_id)}/notes")
        return tuple(_parse_note(item) for item in body)

    def add_note(self, doc_id: str, text: str) -> Note:
        """Write a note on a document."""
        path = f"/documents/{_segment(doc_id)}/notes"
        return _parse_note(self._send("POST", path, json={"text": text}))

    # ---- transport --------------------------------------------------------------

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
        json: Any = None,
        files: Mapping[str, tuple[str, bytes]] | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Send a request and return the decoded JSON body (None for 204)."""
        response = self._request(
            method,
            path,
            params=params,
            data=data,
            json=json,
            files=files,
            timeout=timeout,
        )
        if response.status_code == 204:
            return None
        return response.json()

    def _download(
        self, path: str, *, params: list[QueryParam] | None = None
    ) -> DownloadedFile:
        """GET a file and return its bytes with the name the API gave it."""
        response = self._request("GET", path, params=params)
        disposition = response.headers.get("content-disposition", "")
        found = _FILENAME_RE.search(disposition)
        name = ""
        if found:
            name = unquote(found.group(1)) if found.group(1) else found.group(2)
        return DownloadedFile(
            content=response.content,
            filename=name or path.rsplit("/", 1)[-1],
            media_type=response.headers.get("content-type", "").split(";")[0],
        )

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: list[QueryParam] | None = None,
        data: Mapping[str, str] | None = None,
        json: Any = None,
        files: Mapping[str, tuple[str, bytes]] | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        """Send a request; return a successful response or raise :class:`ApiError`."""
        extra: dict[str, Any] = {}
        if timeout is not None:
            extra["timeout"] = timeout
        try:
            response = self._http.request(
                method,
                path,
                params=params,
                data=data,
                json=json,
                files=files,
                headers=self._headers(),
                **extra,
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
        return response


def _segment(value: str) -> str:
    """Quote a value for one path segment (ids may hold «/» or «:»)."""
    return quote(value, safe="")


def _search_params(
    query: str,
    kinds: Sequence[str],
    date_from: dt.date | None,
    date_to: dt.date | None,
    sort: Sort,
) -> list[QueryParam]:
    params: list[QueryParam] = [("q", query), ("sort", sort)]
    params.extend(("kind", kind) for kind in kinds)
    if date_from is not None:
        params.append(("date_from", date_from.isoformat()))
    if date_to is not None:
        params.append(("date_to", date_to.isoformat()))
    return params


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


def _parse_facet(values: Sequence[Mapping[str, Any]]) -> tuple[FacetValue, ...]:
    return tuple(
        FacetValue(value=str(v["value"]), label=str(v["label"]), count=int(v["count"]))
        for v in values
    )


def _parse_entity(item: Mapping[str, Any]) -> Entity:
    return Entity(
        label=str(item["label"]),
        start=int(item["start"]),
        end=int(item["end"]),
        text=str(item.get("text", "")),
        value=str(item.get("value") or ""),
    )


def _parse_citation(item: Mapping[str, Any]) -> Citation:
    return Citation(key=item["key"], human=item["human"])


def _parse_precedents(body: Mapping[str, Any]) -> Precedents:
    hits = tuple(
        Precedent(
            id=item["id"],
            title=item["title"],
            kind=item["kind"],
            date=_parse_date(item["date"]),
            score=float(item["score"]),
            text_score=float(item["parts"]["text"]),
            citation_score=float(item["parts"]["citations"]),
            category_score=float(item["parts"]["category"]),
            shared_citations=tuple(
                _parse_citation(c) for c in item["shared_citations"]
            ),
            shared_terms=tuple(item["shared_terms"]),
        )
        for item in body["hits"]
    )
    return Precedents(
        hits=hits,
        key_terms=tuple(body["key_terms"]),
        citations=tuple(_parse_citation(c) for c in body["citations"]),
    )


def _parse_folder(item: Mapping[str, Any]) -> FolderSummary:
    return FolderSummary(
        id=int(item["id"]),
        name=item["name"],
        owner=item["owner"],
        access=item["access"],
        documents=int(item["documents"]),
        updated_at=dt.datetime.fromisoformat(item["updated_at"]),
    )


def _parse_note(item: Mapping[str, Any]) -> Note:
    return Note(
        id=int(item["id"]),
        document_id=item["document_id"],
        author=item["author"],
        text=item["text"],
        created_at=dt.datetime.fromisoformat(item["created_at"]),
    )


def _parse_saved(item: Mapping[str, Any]) -> SavedSearch:
    return SavedSearch(
        id=int(item["id"]),
        name=item["name"],
        query=item["query"],
        kinds=tuple(item["kinds"]),
        date_from=_parse_date(item["date_from"]),
        date_to=_parse_date(item["date_to"]),
        sort=cast(Sort, item["sort"]),
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
