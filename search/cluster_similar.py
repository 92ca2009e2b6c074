"""Precedent search on a cluster (the scoring is :mod:`search.similar`).

The same three signals as on the embedded index, so both backends pick the same
key terms and score alike: document frequencies of the probe's lemmas come from
the engine's term statistics (``_termvectors`` of the probe as an artificial
document), the key terms are chosen by :func:`search.similar.select_key_terms`,
and candidates are the best BM25 matches of those terms on the lemma field plus
the documents citing the most of the probe's articles.

The engines' own ``more_like_this`` query works the same way — a disjunction of
the probe's most distinctive terms — but chooses them by its own tf·idf, so it
would search other words than the embedded backend does; lexdesk therefore
builds that disjunction itself. Term statistics are those of one shard: exact
on the default single-shard index, an estimate on a sharded one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from nlp.kinds import DocumentKind
from search.cluster_client import ClusterClient
from search.cluster_dsl import CITES_ARTICLE_FIELD
from search.records import SimilarHit, SimilarResult
from search.similar import (
    KeyTerm,
    SimilarityProbe,
    category_score,
    combined_score,
    jaccard,
    select_key_terms,
    term_counts,
)

# Candidates taken from each signal before scoring, as on the embedded index.
TEXT_CANDIDATES = 200
CITATION_CANDIDATES = 200
_CANDIDATE_SOURCE = [
    "id",
    "title",
    "kind",
    "date",
    "source",
    "text_sha256",
    f"fields.{CITES_ARTICLE_FIELD}",
    "fields.category",
]


def text_digest(text: str) -> str:
    """The hash of a text that marks exact duplicates (same decision, two files)."""
    return hashlib.sha256(text.encode()).hexdigest()


def find_similar(
    client: ClusterClient, index: str, probe: SimilarityProbe, *, limit: int
) -> SimilarResult:
    """Rank the documents of ``index`` by similarity to ``probe``."""
    counts = term_counts(probe.lemmas)
    documents = int(client.request("GET", f"/{index}/_count")["count"])
    terms = select_key_terms(
        counts,
        _document_frequencies(client, index, list(counts)),
        documents=documents,
        is_indexed=probe.is_indexed,
    )

    # Candidates: BM25 over the key terms, then documents citing the same articles;
    # a document found by citations alone is scored on the key terms as well.
    found: dict[str, Mapping[str, Any]] = {}
    ranks: dict[str, float] = {}
    if terms:
        for hit in _search(client, index, _terms_query(terms), TEXT_CANDIDATES):
            found[hit["_id"]] = hit["_source"]
            ranks[hit["_id"]] = float(hit["_score"])
    if probe.citations:
        cited = _search(client, index, _citations_query(probe), CITATION_CANDIDATES)
        missing = [hit["_id"] for hit in cited if hit["_id"] not in found]
        found |= {hit["_id"]: hit["_source"] for hit in cited}
        if terms and missing:
            query = {
                "bool": {
                    "must": [_terms_query(terms)],
                    "filter": [{"ids": {"values": missing}}],
                }
            }
            for hit in _search(client, index, query, len(missing)):
                ranks[hit["_id"]] = float(hit["_score"])
    best = max(ranks.values(), default=0.0)

    duplicate = text_digest(probe.text)
    scored: list[tuple[float, str, float, float, float]] = []
    for doc_id, source in found.items():
        if doc_id in probe.exclude_ids or source.get("text_sha256") == duplicate:
            continue
        text = ranks.get(doc_id, 0.0) / best if best > 0 else 0.0
        citations = jaccard(probe.citations, _facts(source, CITES_ARTICLE_FIELD))
        if text <= 0 and citations <= 0:
            continue
        category = category_score(
            probe, DocumentKind(source["kind"]), _facts(source, "category")
        )
        scored.append(
            (
                combined_score(text, citations, category),
                doc_id,
                text,
                citations,
                category,
            )
        )
    scored.sort(key=lambda item: (-item[0], item[1]))
    page = scored[:limit]

    lemma_sets = _lemma_sets(client, index, [item[1] for item in page])
    hits = tuple(
        SimilarHit(
            id=doc_id,
            title=found[doc_id]["title"],
            kind=DocumentKind(found[doc_id]["kind"]),
            date=_date(found[doc_id].get("date")),
            source=found[doc_id]["source"],
            score=score,
            text_score=round(text, 4),
            citation_score=round(citations, 4),
            category_score=category,
            shared_citations=tuple(
                sorted(probe.citations & _facts(found[doc_id], CITES_ARTICLE_FIELD))
            ),
            shared_terms=tuple(
                term.lemma for term in terms if term.lemma in lemma_sets[doc_id]
            ),
        )
        for score, doc_id, text, citations, category in page
    )
    return SimilarResult(
        hits=hits,
        key_terms=tuple(term.lemma for term in terms),
        citations=tuple(sorted(probe.citations)),
    )


def _document_frequencies(
    client: ClusterClient, index: str, words: Sequence[str]
) -> dict[str, int]:
    """Documents containing each lemma, from the engine's term statistics."""
    if not words:
        return {}
    answer = client.request(
        "POST",
        f"/{index}/_termvectors",
        body={
            "doc": {"lemmas": " ".join(words)},
            "fields": ["lemmas"],
            "term_statistics": True,
            "field_statistics": False,
            "positions": False,
            "offsets": False,
        },
    )
    terms = answer.get("term_vectors", {}).get("lemmas", {}).get("terms", {})
    return {word: int(stats.get("doc_freq", 0)) for word, stats in terms.items()}


def _terms_query(terms: Sequence[KeyTerm]) -> dict[str, Any]:
    """BM25 over the lemma field for any of the key terms."""
    return {
        "bool": {
            "should": [{"term": {"lemmas": term.lemma}} for term in terms],
            "minimum_should_match": 1,
        }
    }


def _citations_query(probe: SimilarityProbe) -> dict[str, Any]:
    """Documents citing the probe's articles, scored by how many they cite."""
    field = f"fields.{CITES_ARTICLE_FIELD}"
    return {
        "bool": {
            "should": [
                {"constant_score": {"filter": {"term": {field: key}}, "boost": 1}}
                for key in sorted(probe.citations)
            ],
            "minimum_should_match": 1,
        }
    }


def _search(
    client: ClusterClient, index: str, query: Mapping[str, Any], size: int
) -> list[dict[str, Any]]:
    answer = client.request(
        "POST",
        f"/{index}/_search",
        body={
            "query": query,
            "size": size,
            "sort": [{"_score": "desc"}, {"id": "asc"}],
            "track_scores": True,
            "_source": _CANDIDATE_SOURCE,
        },
    )
    hits: list[dict[str, Any]] = answer["hits"]["hits"]
    return hits


def _facts(source: Mapping[str, Any], name: str) -> set[str]:
    values = source.get("fields", {}).get(name, [])
    return {str(value) for value in values}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _lemma_sets(
    client: ClusterClient, index: str, ids: Sequence[str]
) -> dict[str, set[str]]:
    if not ids:
        return {}
    answer = client.request(
        "POST",
        f"/{index}/_mget",
        body={"ids": list(ids)},
        params={"_source": "lemmas"},
    )
    return {
        str(doc["_id"]): set(doc["_source"]["lemmas"].split())
        for doc in answer["docs"]
        if doc.get("found")
    }
