"""The values that cross the search interface: records in, results out."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nlp.kinds import DocumentKind


@dataclass(frozen=True)
class DocumentRecord:
    """One searchable document, as the indexer writes it and ``show`` reads it.

    Attributes:
        id: stable id derived from the content hash (a statute article's id also
            names the article).
        title: what the document is, e.g. «Решение по делу № 2-1234/2021» or
            «ст. 544 ГК РФ. Оплата энергии».
        kind: the document kind.
        date: the document's own date (decision date), if known.
        text: the normalized text that is indexed and shown.
        lemmas: the lemma stream of ``text`` (see :mod:`nlp.lemmas`).
        title_lemmas: the lemma stream of ``title``.
        source: the original file path as given to ``ingest``.
        file_sha256: hash of the original file's bytes.
        format: the file format (``pdf``, ``docx``, …).
        meta: parse and analysis facts (pages and their methods, encoding, OCR,
            warnings, statute key, entities), JSON-serializable.
    """

    id: str
    title: str
    kind: DocumentKind
    date: dt.date | None
    text: str
    lemmas: str
    title_lemmas: str
    source: str
    file_sha256: str
    format: str
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FileRecords:
    """The records of one ingested file, written together or not at all.

    Attributes:
        sha256: hash of the file's bytes (unchanged files are skipped by it).
        source: the file's path as given to ingest.
        records: its documents (a statute gives one per article).
    """

    sha256: str
    source: str
    records: tuple[DocumentRecord, ...]


class SortOrder(enum.StrEnum):
    """How hits are ordered."""

    RELEVANCE = "relevance"
    DATE_DESC = "date_desc"
    DATE_ASC = "date_asc"


class FacetName(enum.StrEnum):
    """The facets a search can count its matches by."""

    KIND = "kind"
    COURT = "court"
    JUDGE = "judge"
    YEAR = "year"
    OUTCOME = "outcome"
    # The act of a cited norm: the code before the colon of its key (gk_rf).
    ACT = "act"


ALL_FACETS: tuple[FacetName, ...] = tuple(FacetName)


@dataclass(frozen=True)
class SearchRequest:
    """A search as the caller asks for it.

    Attributes:
        query: the query in lexdesk's query language (see :mod:`search.query`).
        kinds: restrict to these document kinds (empty: all).
        date_from: earliest document date, inclusive.
        date_to: latest document date, inclusive.
        limit: hits per page.
        offset: hits to skip (pagination); ignored when ``cursor`` is given.
        sort: hit order.
        facets: count the whole matching set by these facets (empty: no
            counts, the fast path).
        cursor: ``next_cursor`` of the previous page: the next page of the same
            result set, unaffected by documents indexed since the first page.
    """

    query: str
    kinds: tuple[DocumentKind, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = 10
    offset: int = 0
    sort: SortOrder = SortOrder.RELEVANCE
    facets: tuple[FacetName, ...] = ()
    cursor: str | None = None


@dataclass(frozen=True)
class SearchHit:
    """One document in a result list.

    Attributes:
        id: the document id.
        title: the document title.
        kind: the document kind.
        date: the document date, if known.
        score: relevance, higher is better (BM25 on the embedded backend).
        snippet: a short passage with the matched words wrapped in ``<mark>…</mark>``;
            everything else in it is HTML-escaped.
        source: the original file.
    """

    id: str
    title: str
    kind: DocumentKind
    date: dt.date | None
    score: float
    snippet: str
    source: str


@dataclass(frozen=True)
class FacetCount:
    """How many matching documents have one value of a facet.

    Attributes:
        value: the value as a filter takes it (lower-cased for court and judge).
        label: the value as shown to people («Октябрьский районный суд …»,
            «ГК РФ», «решение суда»).
        count: matching documents with this value (a document counts once).
    """

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    """A page of hits and the total number of matching documents.

    Attributes:
        total: matching documents (of the first page's snapshot when paging by
            cursor).
        hits: this page, in order.
        facets: facet → its values, most frequent first; only the facets the
            request asked for.
        next_cursor: pass as ``SearchRequest.cursor`` for the next page; None on
            the last page.
    """

    total: int
    hits: tuple[SearchHit, ...]
    facets: Mapping[FacetName, tuple[FacetCount, ...]] = field(default_factory=dict)
    next_cursor: str | None = None


@dataclass(frozen=True)
class SimilarHit:
    """One precedent: a document like the probe, with why it was found.

    Attributes:
        id: the document id.
        title: the document title.
        kind: the document kind.
        date: the document date, if known.
        source: the original file.
        score: the combined similarity, 0–1 (see :mod:`search.similar`).
        text_score: BM25 over the probe's key terms, relative to the best match.
        citation_score: Jaccard overlap of the cited articles.
        category_score: 1 for a shared dispute category, 0.5 for the same
            document kind only, else 0.
        shared_citations: cited article keys both documents have, sorted.
        shared_terms: the probe's key terms the document contains, most
            distinctive first.
    """

    id: str
    title: str
    kind: DocumentKind
    date: dt.date | None
    source: str
    score: float
    text_score: float
    citation_score: float
    category_score: float
    shared_citations: tuple[str, ...]
    shared_terms: tuple[str, ...]


@dataclass(frozen=True)
class SimilarResult:
    """Precedents of a probe, best first, and what the probe was compared by.

    Attributes:
        hits: the similar documents, best first.
        key_terms: the probe's most distinctive lemmas (by tf·idf), searched for.
        citations: the articles the probe cites.
    """

    hits: tuple[SimilarHit, ...]
    key_terms: tuple[str, ...]
    citations: tuple[str, ...]
