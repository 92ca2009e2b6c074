"""Precedents: what makes two documents alike, independent of the backend.

A precedent of a document (the *probe*) is found by three signals:

* **text** — the probe's most distinctive lemmas (the top :data:`KEY_TERMS` by
  tf·idf, document frequencies from the index) searched with BM25; the score is
  relative to the best match, so 1.0 is «as close as the probe is to itself»;
* **citations** — Jaccard overlap of the articles both cite (parts fold into their
  article: «ч. 14 ст. 155 ЖК РФ» meets «ст. 155 ЖК РФ»);
* **category** — the same dispute category (``category`` field) scores 1, the
  same document kind alone 0.5.

The combined score weighs them :data:`TEXT_WEIGHT`, :data:`CITATION_WEIGHT` and
:data:`CATEGORY_WEIGHT`. The probe itself and exact duplicates of its text (the
same decision loaded as PDF and DOCX) are never precedents.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from nlp.kinds import DocumentKind
from search.citations import article_key
from search.records import DocumentRecord

# Key terms searched for; a dozen distinctive lemmas characterise a court act
# (measured on the generated corpus: more terms only add common words).
KEY_TERMS = 12
# Lemmas shorter than this are function words or abbreviations («ст», «руб»).
MIN_TERM_LENGTH = 3
# Weights of the score parts: text decides, citations confirm, category breaks ties.
TEXT_WEIGHT = 0.6
CITATION_WEIGHT = 0.3
CATEGORY_WEIGHT = 0.1
SAME_KIND_SCORE = 0.5

# Lemmas that carry no subject whatever their idf in a small index: pronouns,
# conjunctions, particles and auxiliary verbs of Russian legal prose.
STOP_LEMMAS = frozenset(
    {
        "без",
        "быть",
        "весь",
        "два",
        "для",
        "другой",
        "его",
        "если",
        "иметь",
        "как",
        "который",
        "либо",
        "между",
        "настоящий",
        "она",
        "они",
        "оно",
        "однако",
        "при",
        "свой",
        "также",
        "такой",
        "тот",
        "что",
        "это",
        "этот",
    }
)


@dataclass(frozen=True)
class SimilarityProbe:
    """The document precedents are looked for, reduced to what is compared.

    Attributes:
        text: its text (exact duplicates of it are left out).
        lemmas: its lemma stream.
        kind: its document kind.
        citations: the articles it cites (article-level keys).
        categories: its dispute categories, lower-cased.
        exclude_ids: ids never returned (the probe's own records).
        is_indexed: whether the probe is in the index (its own document
            frequency is then discounted).
    """

    text: str
    lemmas: str
    kind: DocumentKind
    citations: frozenset[str]
    categories: frozenset[str]
    exclude_ids: frozenset[str] = frozenset()
    is_indexed: bool = False


@dataclass(frozen=True)
class KeyTerm:
    """A distinctive lemma of the probe and its tf·idf weight."""

    lemma: str
    weight: float


def probe_from_records(
    records: Sequence[DocumentRecord], *, is_indexed: bool
) -> SimilarityProbe:
    """Build the probe of one document (a statute file's articles are joined).

    Args:
        records: the document's records, as analysed (indexed or not).
        is_indexed: whether these records are in the index.
    """
    fields = [record.meta.get("fields", {}) for record in records]
    citations = {
        article_key(str(key).lower()) for f in fields for key in f.get("cites", ())
    }
    categories = {str(value).lower() for f in fields for value in f.get("category", ())}
    return SimilarityProbe(
        text="\n\n".join(record.text for record in records),
        lemmas=" ".join(record.lemmas for record in records),
        kind=records[0].kind if records else DocumentKind.OTHER,
        citations=frozenset(citations),
        categories=frozenset(categories),
        exclude_ids=frozenset(record.id for record in records),
        is_indexed=is_indexed,
    )


def term_counts(lemmas: str) -> Counter[str]:
    """Count the content lemmas of a lemma stream (no numbers, short or stop words)."""
    return Counter(
        word
        for word in lemmas.split()
        if len(word) >= MIN_TERM_LENGTH and word.isalpha() and word not in STOP_LEMMAS
    )


def select_key_terms(
    counts: Mapping[str, int],
    document_frequency: Mapping[str, int],
    *,
    documents: int,
    is_indexed: bool,
    limit: int = KEY_TERMS,
) -> list[KeyTerm]:
    """Pick the probe's most distinctive lemmas by tf·idf.

    Args:
        counts: the probe's lemma counts (:func:`term_counts`).
        document_frequency: documents of the index containing each lemma.
        documents: documents in the index.
        is_indexed: whether the probe is one of them (its own occurrence is then
            not evidence of anything).
        limit: how many terms to keep.

    Returns:
        The terms, heaviest first (ties by lemma, for stable answers). A lemma no
        other document contains cannot find a precedent and is left out.
    """
    own = 1 if is_indexed else 0
    terms = []
    for word, count in counts.items():
        others = document_frequency.get(word, 0) - own
        if others < 1:
            continue
        idf = math.log((documents + 1) / (others + 0.5))
        terms.append(KeyTerm(word, (1 + math.log(count)) * idf))
    terms.sort(key=lambda term: (-term.weight, term.lemma))
    return terms[:limit]


def jaccard(first: Iterable[str], second: Iterable[str]) -> float:
    """Return |A ∩ B| / |A ∪ B|, 0 for two empty sets."""
    a, b = set(first), set(second)
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def category_score(
    probe: SimilarityProbe, kind: DocumentKind, categories: Iterable[str]
) -> float:
    """1 for a shared dispute category, :data:`SAME_KIND_SCORE` for the kind only."""
    if probe.categories & set(categories):
        return 1.0
    if kind is probe.kind and kind is not DocumentKind.OTHER:
        return SAME_KIND_SCORE
    return 0.0


def combined_score(text: float, citations: float, category: float) -> float:
    """Weigh the three parts into one score, 0–1."""
    return round(
        TEXT_WEIGHT * text + CITATION_WEIGHT * citations + CATEGORY_WEIGHT * category,
        4,
    )
