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


@dataclass(frozen=True)
class SearchRequest:
    """A search as the caller asks for it.

    Attributes:
        query: the query in lexdesk's query language (see :mod:`search.query`).
        kinds: restrict to these document kinds (empty: all).
        date_from: earliest document date, inclusive.
        date_to: latest document date, inclusive.
        limit: hits per page.
        offset: hits to skip (pagination).
        sort: hit order.
    """

    query: str
    kinds: tuple[DocumentKind, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = 10
    offset: int = 0
    sort: SortOrder = SortOrder.RELEVANCE


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
class SearchResult:
    """A page of hits and the total number of matching documents."""

    total: int
    hits: tuple[SearchHit, ...]
