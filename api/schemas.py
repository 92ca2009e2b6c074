"""The JSON bodies the API returns, as pydantic models.

The search response is the same JSON the CLI prints with ``lexdesk search --json``:
both build it with :meth:`SearchResponse.from_result`, so the two cannot drift.
Error bodies are RFC 9457 problem details (:class:`Problem`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from nlp.kinds import DocumentKind
from search.citations import human_form
from search.records import (
    DocumentRecord,
    FacetCount,
    FacetName,
    SearchHit,
    SearchResult,
)


class HealthResponse(BaseModel):
    """The service is up and its index answers."""

    status: Literal["ok"] = Field(description="Always «ok» when the service answers.")
    documents: int = Field(ge=0, description="Number of documents in the index.")


class KindInfo(BaseModel):
    """One document kind with its Russian label, for filters in clients."""

    value: DocumentKind = Field(description="The kind as used in filters and JSON.")
    label: str = Field(description="The Russian name shown to users.")


class HitResponse(BaseModel):
    """One document in a result list."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Document id; open it with GET /documents/{id}.")
    title: str = Field(description="Document title, plain text (not HTML-escaped).")
    kind: DocumentKind = Field(description="Document kind.")
    date: dt.date | None = Field(description="The document's own date, ISO 8601.")
    score: float = Field(description="Relevance, higher is better.")
    snippet: str = Field(
        description=(
            "HTML fragment: a passage with matched word forms wrapped in "
            "<mark>…</mark>; everything else is HTML-escaped."
        )
    )
    source: str = Field(description="The original file path as given to ingest.")

    @classmethod
    def from_hit(cls, hit: SearchHit) -> HitResponse:
        """Build the response item from a backend hit."""
        return cls(
            id=hit.id,
            title=hit.title,
            kind=hit.kind,
            date=hit.date,
            score=hit.score,
            snippet=hit.snippet,
            source=hit.source,
        )


class FacetValueResponse(BaseModel):
    """How many matching documents have one value of a facet."""

    value: str = Field(
        description="The value as filters take it (court and judge lower-cased)."
    )
    label: str = Field(description="The value as shown to people, in Russian.")
    count: int = Field(ge=0, description="Matching documents with this value.")

    @classmethod
    def from_count(cls, count: FacetCount) -> FacetValueResponse:
        """Build the response item from a backend facet count."""
        return cls(value=count.value, label=count.label, count=count.count)


class SearchResponse(BaseModel):
    """A page of hits and the number of all matching documents."""

    total: int = Field(ge=0, description="Number of matching documents (all pages).")
    hits: list[HitResponse] = Field(description="This page of hits, in order.")
    facets: dict[FacetName, list[FacetValueResponse]] | None = Field(
        default=None,
        description=(
            "With facets=true: counts over all matching documents by kind, court, "
            "judge, year, outcome and cited act, most frequent first (years "
            "newest first)."
        ),
    )
    next_cursor: str | None = Field(
        default=None,
        description=(
            "Pass as «cursor» for the next page; it keeps the result set of the "
            "first page, so documents indexed meanwhile do not shift pages. Null "
            "on the last page."
        ),
    )

    @classmethod
    def from_result(cls, result: SearchResult) -> SearchResponse:
        """Build the response from a backend result (the CLI's ``--json`` uses it)."""
        hits = [HitResponse.from_hit(hit) for hit in result.hits]
        facets = (
            {
                name: [FacetValueResponse.from_count(count) for count in counts]
                for name, counts in result.facets.items()
            }
            if result.facets
            else None
        )
        return cls(
            total=result.total,
            hits=hits,
            facets=facets,
            next_cursor=result.next_cursor,
        )


class CitationRef(BaseModel):
    """A cited provision: its canonical key and the way a lawyer writes it."""

    key: str = Field(description="Canonical key, e.g. «zhk_rf:155.14».")
    human: str = Field(description="Human form, e.g. «ч. 14 ст. 155 ЖК РФ».")

    @classmethod
    def from_key(cls, key: str) -> CitationRef:
        """Build the reference from a canonical key."""
        return cls(key=key, human=human_form(key))


class DocumentResponse(BaseModel):
    """One document in full: its text and the facts known about it."""

    id: str = Field(description="Document id.")
    title: str = Field(description="Document title, plain text.")
    kind: DocumentKind = Field(description="Document kind.")
    date: dt.date | None = Field(description="The document's own date, ISO 8601.")
    source: str = Field(description="The original file path as given to ingest.")
    format: str = Field(description="Original file format: pdf, docx, html, …")
    text: str = Field(description="The normalized text as indexed, plain text.")
    meta: dict[str, Any] = Field(
        description="Parse and analysis facts: pages, encoding, OCR, warnings, …"
    )
    entities: list[dict[str, Any]] = Field(
        default_factory=list,
        description=(
            "Entities found in the text (persons, courts, amounts, dates, "
            "citations …) with half-open «start»/«end» offsets into «text»; "
            "empty when the document was indexed without the NLP pipeline."
        ),
    )
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Case facts of a court act: case number, court, judge, parties, "
            "claimed and awarded sums, outcome; empty when none were found."
        ),
    )
    citations: list[CitationRef] = Field(
        default_factory=list,
        description="Provisions the document cites, in key order.",
    )

    @classmethod
    def from_record(cls, record: DocumentRecord) -> DocumentResponse:
        """Build the response from a stored record (lemma streams are left out)."""
        fields = record.meta.get("fields", {})
        cites = sorted({str(key) for key in fields.get("cites", ())})
        return cls(
            id=record.id,
            title=record.title,
            kind=record.kind,
            date=record.date,
            source=record.source,
            format=record.format,
            text=record.text,
            meta=dict(record.meta),
            entities=list(record.meta.get("entities", [])),
            facts=dict(record.meta.get("facts", {})),
            citations=[CitationRef.from_key(key) for key in cites],
        )


class FieldProblem(BaseModel):
    """What is wrong with one request parameter."""

    field: str = Field(description="Parameter name, e.g. «limit».")
    message: str = Field(description="What is wrong and what is allowed, in Russian.")


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (media type application/problem+json)."""

    type: str = Field(description="URI naming the kind of problem.")
    title: str = Field(description="Short Russian summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong in this request, in Russian.")
    position: int | None = Field(
        default=None,
        description="Query syntax errors only: 0-based character offset in «q».",
    )
    errors: list[FieldProblem] | None = Field(
        default=None, description="Parameter errors only: one entry per bad parameter."
    )
