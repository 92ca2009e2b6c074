"""Precedent search on the embedded index (the scoring is :mod:`search.similar`).

Document frequencies of the probe's lemmas come from FTS5's own vocabulary
(the ``docs_vocab`` fts5vocab table over the ``lemmas`` column), so tf·idf needs no
side table. Candidates are the best BM25 matches of the key terms plus the
documents citing the same articles; every candidate then gets all three score
parts, so a document found by citations alone still has its exact text score.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp.kinds import DocumentKind
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

# Candidates taken from each signal before scoring; the page is cut from them.
TEXT_CANDIDATES = 200
CITATION_CANDIDATES = 200
# Host parameters per statement stay below SQLite's default limit (32 766).
_CHUNK = 500


@dataclass(frozen=True)
class _Candidate:
    rowid: int
    id: str
    title: str
    kind: DocumentKind
    date: dt.date | None
    source: str
    is_duplicate: bool


def find_similar(
    db: sqlite3.Connection,
    probe: SimilarityProbe,
    *,
    limit: int,
    citation_field: str,
) -> SimilarResult:
    """Rank the documents of the index by similarity to ``probe``.

    Args:
        db: the index connection.
        probe: what to compare with.
        limit: hits to return.
        citation_field: the doc_fields field holding cited articles.
    """
    counts = term_counts(probe.lemmas)
    documents = int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    terms = select_key_terms(
        counts,
        _document_frequencies(db, counts),
        documents=documents,
        is_indexed=probe.is_indexed,
    )
    match = _terms_match(terms)

    # Candidates: BM25 over the key terms, then documents citing the same articles.
    # One MATCH gives every matching row its BM25 (FTS5 reads the term
    # statistics once per statement; a statement per row would read them each time).
    all_ranks: dict[int, float] = {}
    if match is not None:
        rows = db.execute(
            "SELECT rowid, rank FROM docs_fts WHERE docs_fts MATCH ?", (match,)
        )
        all_ranks = {rowid: -float(rank) for rowid, rank in rows}
    best = max(all_ranks.values(), default=0.0)
    top = sorted(all_ranks, key=lambda rowid: (-all_ranks[rowid], rowid))
    cited = _citing_rowids(db, probe.citations, citation_field)
    ranks = {rowid: all_ranks[rowid] for rowid in top[:TEXT_CANDIDATES]}
    ranks |= {rowid: all_ranks[rowid] for rowid in cited if rowid in all_ranks}

    candidates = _candidates(db, set(ranks) | set(cited), probe.text)
    fields = _fields_of(db, [c.rowid for c in candidates], citation_field)
    scored: list[tuple[float, str, _Candidate, float, float, float]] = []
    for candidate in candidates:
        if candidate.id in probe.exclude_ids or candidate.is_duplicate:
            continue
        text = ranks.get(candidate.rowid, 0.0) / best if best > 0 else 0.0
        citations = jaccard(probe.citations, fields[candidate.rowid]["citations"])
        if text <= 0 and citations <= 0:
            continue
        category = category_score(
            probe, candidate.kind, fields[candidate.rowid]["categories"]
        )
        score = combined_score(text, citations, category)
        scored.append((score, candidate.id, candidate, text, citations, category))
    scored.sort(key=lambda item: (-item[0], item[1]))
    page = scored[:limit]

    lemma_sets = _lemma_sets(db, [item[2].rowid for item in page])
    hits = tuple(
        SimilarHit(
            id=candidate.id,
            title=candidate.title,
            kind=candidate.kind,
            date=candidate.date,
            source=candidate.source,
            score=score,
            text_score=round(text, 4),
            citation_score=round(citations, 4),
            category_score=category,
            shared_citations=tuple(
                sorted(probe.citations & fields[candidate.rowid]["citations"])
            ),
            shared_terms=tuple(
                term.lemma
                for term in terms
                if term.lemma in lemma_sets[candidate.rowid]
            ),
        )
        for score, _, candidate, text, citations, category in page
    )
    return SimilarResult(
        hits=hits,
        key_terms=tuple(term.lemma for term in terms),
        citations=tuple(sorted(probe.citations)),
    )


def _document_frequencies(
    db: sqlite3.Connection, words: Iterable[str]
) -> dict[str, int]:
    """Documents containing each lemma, from the fts5vocab table (one seek each)."""
    frequencies: dict[str, int] = {}
    statement = "SELECT doc FROM docs_vocab WHERE col = 'lemmas' AND term = ?"
    for word in words:
        row = db.execute(statement, (word,)).fetchone()
        if row is not None:
            frequencies[word] = int(row[0])
    return frequencies


def _terms_match(terms: Sequence[KeyTerm]) -> str | None:
    if not terms:
        return None
    quoted = " OR ".join('"' + term.lemma.replace('"', '""') + '"' for term in terms)
    return "{lemmas} : (" + quoted + ")"


def _citing_rowids(
    db: sqlite3.Connection, citations: frozenset[str], field: str
) -> list[int]:
    """Documents citing the most of the probe's articles, best first."""
    if not citations:
        return []
    marks = ", ".join("?" for _ in citations)
    rows = db.execute(
        f"SELECT doc_rowid FROM doc_fields WHERE field = ? AND value IN ({marks}) "
        "GROUP BY doc_rowid ORDER BY count(*) DESC, doc_rowid LIMIT ?",
        (field, *sorted(citations), CITATION_CANDIDATES),
    )
    return [rowid for (rowid,) in rows]


def _candidates(
    db: sqlite3.Connection, rowids: set[int], text: str
) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for chunk in _chunks(sorted(rowids)):
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(
            "SELECT rowid, id, title, kind, date, source, body = ? FROM documents "
            f"WHERE rowid IN ({marks})",
            (text, *chunk),
        )
        candidates += [
            _Candidate(
                rowid=row[0],
                id=row[1],
                title=row[2],
                kind=DocumentKind(row[3]),
                date=dt.date.fromisoformat(row[4]) if row[4] else None,
                source=row[5],
                is_duplicate=bool(row[6]),
            )
            for row in rows
        ]
    return candidates


def _fields_of(
    db: sqlite3.Connection, rowids: Sequence[int], citation_field: str
) -> dict[int, dict[str, set[str]]]:
    """Cited articles and dispute categories of each candidate."""
    found: dict[int, dict[str, set[str]]] = defaultdict(
        lambda: {"citations": set(), "categories": set()}
    )
    for chunk in _chunks(rowids):
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(
            "SELECT doc_rowid, field, value FROM doc_fields "
            f"WHERE field IN (?, 'category') AND doc_rowid IN ({marks})",
            (citation_field, *chunk),
        )
        for rowid, field, value in rows:
            part = "citations" if field == citation_field else "categories"
            found[rowid][part].add(value)
    return found


def _lemma_sets(db: sqlite3.Connection, rowids: Sequence[int]) -> dict[int, set[str]]:
    if not rowids:
        return {}
    marks = ", ".join("?" for _ in rowids)
    rows = db.execute(
        f"SELECT rowid, lemmas FROM documents WHERE rowid IN ({marks})", rowids
    )
    return {rowid: set(lemmas.split()) for rowid, lemmas in rows}


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
