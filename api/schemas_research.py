"""The JSON bodies of research routes: precedents, the citator and uploads.

The CLI's ``lexdesk similar --json`` and ``lexdesk cites --json`` print the same
JSON, built by the same ``from_…`` methods.
"""

from __future__ import annotations

import datetime as dt
import enum

from pydantic import BaseModel, Field

from api.schemas import CitationRef, FacetValueResponse, HitResponse
from nlp.kinds import DocumentKind
from search.citations import act_code, act_label
from search.records import (
    DocumentRecord,
    FacetName,
    SearchResult,
    SimilarHit,
    SimilarResult,
)
from search.similar import CATEGORY_WEIGHT, CITATION_WEIGHT, TEXT_WEIGHT


class ScoreParts(BaseModel):
    """The parts of a precedent's score, each 0–1."""

    text: float = Field(
        description=(
            "BM25 over the probe's key terms, relative to the best match "
            f"(weight {TEXT_WEIGHT})."
        )
    )
    citations: float = Field(
        description=f"Jaccard overlap of the cited articles (weight {CITATION_WEIGHT})."
    )
    category: float = Field(
        description=(
            "1 for the same dispute category, 0.5 for the same document kind "
            f"only, else 0 (weight {CATEGORY_WEIGHT})."
        )
    )


class SimilarHitResponse(BaseModel):
    """One precedent, with why it was found."""

    id: str = Field(description="Document id; open it with GET /documents/{id}.")
    title: str = Field(description="Document title.")
    kind: DocumentKind = Field(description="Document kind.")
    date: dt.date | None = Field(description="The document's own date.")
    source: str = Field(description="The original file path as given to ingest.")
    score: float = Field(description="Combined similarity, 0–1, higher is closer.")
    parts: ScoreParts = Field(description="What the score is made of.")
    shared_citations: list[CitationRef] = Field(
        description="Articles both documents cite."
    )
    shared_terms: list[str] = Field(
        description="Key terms (lemmas) of the probe this document contains."
    )

    @classmethod
    def from_hit(cls, hit: SimilarHit) -> SimilarHitResponse:
        """Build the response item from a backend hit."""
        return cls(
            id=hit.id,
            title=hit.title,
            kind=hit.kind,
            date=hit.date,
            source=hit.source,
            score=hit.score,
            parts=ScoreParts(
                text=hit.text_score,
                citations=hit.citation_score,
                category=hit.category_score,
            ),
            shared_citations=[CitationRef.from_key(k) for k in hit.shared_citations],
            shared_terms=list(hit.shared_terms),
        )


class SimilarResponse(BaseModel):
    """Precedents, best first, and what the probe was compared by."""

    hits: list[SimilarHitResponse] = Field(description="Similar documents.")
    key_terms: list[str] = Field(
        description="The probe's most distinctive lemmas (tf·idf), searched for."
    )
    citations: list[CitationRef] = Field(description="Articles the probe cites.")

    @classmethod
    def from_result(cls, result: SimilarResult) -> SimilarResponse:
        """Build the response from a backend result."""
        return cls(
            hits=[SimilarHitResponse.from_hit(hit) for hit in result.hits],
            key_terms=list(result.key_terms),
            citations=[CitationRef.from_key(key) for key in result.citations],
        )


class SimilarTextRequest(BaseModel):
    """Text pasted to find its precedents; it is analysed, never indexed."""

    text: str = Field(
        min_length=1,
        max_length=1_000_000,
        description="The text of a decision, claim or any legal document.",
    )


class ArticleResponse(BaseModel):
    """A statute article as indexed."""

    id: str = Field(description="Document id of the article.")
    title: str = Field(description="Its heading, e.g. «ст. 544 ГК РФ. Оплата энергии».")
    text: str = Field(description="The article's text.")

    @classmethod
    def from_record(cls, record: DocumentRecord) -> ArticleResponse:
        """Build the response from the article's record."""
        return cls(id=record.id, title=record.title, text=record.text)


class CitationsResponse(BaseModel):
    """An article and the documents citing it (the citator)."""

    citation: CitationRef = Field(description="The provision asked for.")
    act: str = Field(description="Short name of its act, e.g. «ГК РФ».")
    article: ArticleResponse | None = Field(
        description="The article's text when the statute is indexed, else null."
    )
    total: int = Field(ge=0, description="Documents citing it (all pages).")
    hits: list[HitResponse] = Field(description="This page of them, newest first.")
    by_year: list[FacetValueResponse] = Field(description="Citing documents by year.")
    by_court: list[FacetValueResponse] = Field(description="Citing documents by court.")
    by_outcome: list[FacetValueResponse] = Field(
        description="Citing documents by outcome of the case."
    )
    next_cursor: str | None = Field(
        description="Pass as «cursor» for the next page; null on the last page."
    )

    @classmethod
    def from_result(
        cls, key: str, article: DocumentRecord | None, result: SearchResult
    ) -> CitationsResponse:
        """Build the response from the article and the search for its citations."""

        def facet(name: FacetName) -> list[FacetValueResponse]:
            counts = result.facets.get(name, ())
            return [FacetValueResponse.from_count(count) for count in counts]

        return cls(
            citation=CitationRef.from_key(key),
            act=act_label(act_code(key)),
            article=ArticleResponse.from_record(article) if article else None,
            total=result.total,
            hits=[HitResponse.from_hit(hit) for hit in result.hits],
            by_year=facet(FacetName.YEAR),
            by_court=facet(FacetName.COURT),
            by_outcome=facet(FacetName.OUTCOME),
            next_cursor=result.next_cursor,
        )


class UploadOutcome(enum.StrEnum):
    """What happened to an uploaded file (a rejection is a 422 problem)."""

    INDEXED = "indexed"
    UNCHANGED = "unchanged"


class UploadResponse(BaseModel):
    """An uploaded file was accepted."""

    outcome: UploadOutcome = Field(
        description="«indexed»: new documents; «unchanged»: already in the index."
    )
    reason: str = Field(description="What happened, in Russian.")
    documents: list[str] = Field(description="Ids of the file's documents.")
