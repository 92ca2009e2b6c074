"""What the lexdesk API answers, as frozen dataclasses for the UI.

:mod:`ui.client` builds these from the API's JSON; the pages read only these, so
a renamed JSON field breaks in one place. Amounts and counts are kept as the API
sends them: amounts are decimal strings in ``facts`` and are shown, never summed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

# The hit orders /search accepts.
Sort = Literal["relevance", "date_desc", "date_asc"]

# The file formats of /search/export and /folders/{id}/export.
ExportFormat = Literal["csv", "xlsx"]


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
class FacetValue:
    """How many matching documents have one value of a facet.

    Attributes:
        value: the value as filters take it (court and judge lower-cased).
        label: the value as people read it.
        count: matching documents with this value.
    """

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchPage:
    """One page of hits, the number of all matching documents, and facets.

    Attributes:
        total: documents matching the query (all pages).
        hits: this page of hits.
        facets: with ``facets=True``: facet name (kind, court, judge, year,
            outcome, act) → counts, most frequent first; empty otherwise.
    """

    total: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, tuple[FacetValue, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Entity:
    """A fact found in a document's text: a half-open span with its label.

    Attributes:
        label: CASE_NUMBER, COURT, JUDGE, MONEY, DATE, PER, ORG, LAW_REF, …
        start: offset of the first character in the document text.
        end: offset after the last character.
        text: the span as written.
        value: the normalized value (a citation key, an ISO date, an amount).
    """

    label: str
    start: int
    end: int
    text: str
    value: str


@dataclass(frozen=True)
class Citation:
    """A cited provision: the canonical key and the form a lawyer writes."""

    key: str
    human: str


@dataclass(frozen=True)
class Document:
    """One document in full, with the facts the analysis found."""

    id: str
    title: str
    kind: str
    date: dt.date | None
    source: str
    format: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)
    entities: tuple[Entity, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)
    citations: tuple[Citation, ...] = ()


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


@dataclass(frozen=True)
class DownloadedFile:
    """A file the API sent: its bytes, name and media type."""

    content: bytes
    filename: str
    media_type: str


@dataclass(frozen=True)
class Precedent:
    """A similar document and why it was found.

    Attributes:
        score: combined similarity, 0–1.
        text_score: the text part (key terms), 0–1.
        citation_score: the part from shared citations, 0–1.
        category_score: 1 same dispute category, 0.5 same kind only, else 0.
        shared_citations: provisions both documents cite.
        shared_terms: key terms (lemmas) of the probe this document contains.
    """

    id: str
    title: str
    kind: str
    date: dt.date | None
    score: float
    text_score: float
    citation_score: float
    category_score: float
    shared_citations: tuple[Citation, ...]
    shared_terms: tuple[str, ...]


@dataclass(frozen=True)
class Precedents:
    """Precedents, best first, and what the probe was compared by."""

    hits: tuple[Precedent, ...]
    key_terms: tuple[str, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Article:
    """A statute article as indexed: its id, heading and text."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class CitingDocuments:
    """The citator's answer: a provision, its article, and who cites it.

    Attributes:
        citation: the provision asked for.
        act: its act's short name, e.g. «ГК РФ».
        article: the article's text when the statute is indexed, else None.
        total: documents citing it (all pages).
        hits: this page of them, newest first.
        by_year: citing documents by year (newest first).
        by_court: citing documents by court.
    """

    citation: Citation
    act: str
    article: Article | None
    total: int
    hits: tuple[Hit, ...]
    by_year: tuple[FacetValue, ...]
    by_court: tuple[FacetValue, ...]


@dataclass(frozen=True)
class UploadResult:
    """An uploaded file was accepted: «indexed» (new) or «unchanged»."""

    outcome: Literal["indexed", "unchanged"]
    reason: str
    documents: tuple[str, ...]


@dataclass(frozen=True)
class FolderSummary:
    """A folder as the caller sees it; ``access`` is owner, edit or read."""

    id: int
    name: str
    owner: str
    access: str
    documents: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class FolderItem:
    """A document in a folder; ``title`` is None if it left the index."""

    id: str
    title: str | None
    added_by: str
    added_at: dt.datetime


@dataclass(frozen=True)
class FolderShare:
    """A colleague a folder is shared with, and how (read or edit)."""

    user: str
    access: str


@dataclass(frozen=True)
class FolderDetail:
    """A folder with its documents and shares."""

    summary: FolderSummary
    items: tuple[FolderItem, ...]
    shares: tuple[FolderShare, ...]


@dataclass(frozen=True)
class Note:
    """A note on a document."""

    id: int
    document_id: str
    author: str
    text: str
    created_at: dt.datetime


@dataclass(frozen=True)
class SavedSearch:
    """One of the user's saved searches: a name, the query and its filters."""

    id: int
    name: str
    query: str
    kinds: tuple[str, ...]
    date_from: dt.date | None
    date_to: dt.date | None
    sort: Sort
