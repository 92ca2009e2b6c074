"""The cluster index as Elasticsearch and OpenSearch see it: mapping, documents, DSL.

Both engines get the same index body and the same queries; only a few endpoints
differ, and those live in :mod:`search.cluster`. The mapping mirrors the embedded
index, so that every query answers the same on both:

* ``lemmas`` / ``title_lemmas`` — the lemma streams written by :mod:`nlp.lemmas`,
  split on spaces: words match in all their forms, proximity counts lemma positions;
* ``text`` / ``title`` — the Russian analyzer (stemming, stop words) for «more like
  this», with an ``exact`` sub-field of surface words (lower case, «ё» as «е»,
  stop-words kept) for phrases and prefixes;
* ``fields.*`` — keyword facts from ``meta["fields"]`` (court, judge, case, cites,
  outcome, category …) through a lower-casing normalizer, and ``labels.*`` — the
  same values as people read them, for facet labels;
* ``amount_kopecks`` — every sum of ``meta["amounts"]`` in kopecks (``amount:``
  ranges), ``amounts.*`` the sums by name; ``date``, ``year``, ``kind``;
* ``meta`` — kept in ``_source`` only, for ``get``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from lexdesk.errors import UserInputError
from nlp.kinds import KIND_LABELS_RU, DocumentKind
from nlp.lemmas import lemma_variants
from search.citations import (
    act_code,
    act_label,
    article_key,
    is_article_key,
    outcome_label,
    parse_outcome,
)
from search.query import And, FieldTerm, Node, Not, Or, Phrase, Range, Term
from search.records import (
    DocumentRecord,
    FacetCount,
    FacetName,
    SearchRequest,
    SortOrder,
)

# Version of the mapping below, kept in the index's _meta; an index built by an
# older version is read as it is and rebuilt by ``lexdesk reindex``.
MAPPING_VERSION = 1

# Derived fields, named as the embedded index names them (search.sqlite).
CITES_ARTICLE_FIELD = "cites_article"
STATUTE_FIELD = "statute"
# Fields whose facet shows a label beside the lower-cased value.
LABELLED_FIELDS = ("court", "judge", "outcome")
# Separates a value from its label in ``labels.*`` («октябрьский…\x1fОктябрьский…»).
LABEL_SEPARATOR = "\x1f"
# BM25 weight of a title match over a body match, as in the embedded index.
TITLE_BOOST = 5
# Values listed per facet, as in the embedded index.
MAX_FACET_VALUES = 50
# Label candidates read per facet value (a value nearly always has one label).
LABEL_CANDIDATES = 5
# Largest offset + limit served by from/size; deeper pages go by cursor. It is
# the engines' default index.max_result_window.
MAX_RESULT_WINDOW = 10_000

# The surface tokenizer splits on everything but letters and digits, as the
# embedded index's unicode61 tokenizer does: «2-101/2021» gives 2, 101, 2021.
_SURFACE_SPLIT = r"[^\p{L}\p{N}]+"

_TEXT_WITH_EXACT: dict[str, Any] = {
    "type": "text",
    "analyzer": "russian",
    "fields": {"exact": {"type": "text", "analyzer": "surface"}},
}


def index_body(*, shards: int, replicas: int) -> dict[str, Any]:
    """Return the settings and mappings of a new lexdesk index."""
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "analysis": {
                "char_filter": {
                    "yo_as_e": {"type": "mapping", "mappings": ["ё => е", "Ё => Е"]}
                },
                "tokenizer": {
                    "surface_words": {"type": "pattern", "pattern": _SURFACE_SPLIT}
                },
                "analyzer": {
                    "surface": {
                        "type": "custom",
                        "char_filter": ["yo_as_e"],
                        "tokenizer": "surface_words",
                        "filter": ["lowercase"],
                    },
                    "lemma_stream": {"type": "custom", "tokenizer": "whitespace"},
                },
                "normalizer": {"folded": {"type": "custom", "filter": ["lowercase"]}},
            },
        },
        "mappings": {
            "_meta": {"lexdesk_mapping": MAPPING_VERSION},
            "dynamic": "strict",
            "dynamic_templates": [
                {
                    "facts": {
                        "path_match": "fields.*",
                        "mapping": {"type": "keyword", "normalizer": "folded"},
                    }
                },
                {"labels": {"path_match": "labels.*", "mapping": {"type": "keyword"}}},
                {"sums": {"path_match": "amounts.*", "mapping": {"type": "long"}}},
            ],
            "properties": {
                "id": {"type": "keyword"},
                "title": _TEXT_WITH_EXACT,
                "text": _TEXT_WITH_EXACT,
                "lemmas": {"type": "text", "analyzer": "lemma_stream"},
                "title_lemmas": {"type": "text", "analyzer": "lemma_stream"},
                "kind": {"type": "keyword"},
                "date": {"type": "date", "format": "strict_date"},
                "year": {"type": "keyword"},
                "source": {"type": "keyword"},
                "file_sha256": {"type": "keyword"},
                "format": {"type": "keyword", "index": False},
                "fields": {"type": "object", "dynamic": True},
                "labels": {"type": "object", "dynamic": True},
                "cites_act": {"type": "keyword"},
                "amount_kopecks": {"type": "long"},
                "amounts": {"type": "object", "dynamic": True},
                "position": {"type": "integer"},
                "text_sha256": {"type": "keyword"},
                "indexed_at": {"type": "date", "format": "epoch_millis"},
                "meta": {"type": "object", "enabled": False},
            },
        },
    }


def files_index_body(*, replicas: int) -> dict[str, Any]:
    """Return the body of the index that remembers ingested files by hash."""
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": replicas},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "source": {"type": "keyword"},
                "documents": {"type": "integer"},
                "indexed_at": {"type": "date"},
            },
        },
    }


# -- documents --------------------------------------------------------------------


def kopecks(value: object) -> int:
    """Return a sum of ``meta["amounts"]`` in kopecks (exact, from its text form).

    Raises:
        ArithmeticError: the value is not a number (as the embedded index does).
    """
    return int(Decimal(str(value)) * 100)


def document_source(record: DocumentRecord, *, indexed_at: int) -> dict[str, Any]:
    """Return the ``_source`` of a record, with every field a query or facet reads.

    Raises:
        ArithmeticError: an amount of ``meta["amounts"]`` is not a number.
    """
    facts: dict[str, Any] = record.meta.get("fields", {})
    fields: dict[str, list[str]] = {}
    labels: dict[str, list[str]] = {}
    for name, values in facts.items():
        fields[name] = sorted({str(value).lower() for value in values})
        if name in LABELLED_FIELDS:
            labels[name] = sorted(
                {f"{str(v).lower()}{LABEL_SEPARATOR}{v}" for v in values}
            )
    articles = sorted({article_key(str(key).lower()) for key in facts.get("cites", ())})
    if articles:
        fields[CITES_ARTICLE_FIELD] = articles
    statute = record.meta.get("statute")
    if isinstance(statute, dict) and statute.get("key"):
        fields[STATUTE_FIELD] = [str(statute["key"])]
    amounts = {
        name: kopecks(value)
        for name, value in record.meta.get("amounts", {}).items()
        if value is not None
    }
    return {
        "id": record.id,
        "title": record.title,
        "text": record.text,
        "lemmas": record.lemmas,
        "title_lemmas": record.title_lemmas,
        "kind": record.kind.value,
        "date": record.date.isoformat() if record.date else None,
        "year": str(record.date.year) if record.date else None,
        "source": record.source,
        "file_sha256": record.file_sha256,
        "format": record.format,
        "fields": fields,
        "labels": labels,
        "cites_act": sorted({act_code(key) for key in articles}),
        "amount_kopecks": sorted(set(amounts.values())),
        "amounts": amounts,
        "text_sha256": hashlib.sha256(record.text.encode()).hexdigest(),
        "indexed_at": indexed_at,
        # The embedded index stores meta as JSON text; the same round trip here
        # makes ``get`` answer the same on both (dates become ISO strings).
        "meta": json.loads(json.dumps(record.meta, ensure_ascii=False, default=str)),
    }


def record_from_source(source: Mapping[str, Any]) -> DocumentRecord:
    """Rebuild the record that :func:`document_source` stored."""
    date = source.get("date")
    return DocumentRecord(
        id=source["id"],
        title=source["title"],
        kind=DocumentKind(source["kind"]),
        date=dt.date.fromisoformat(date) if date else None,
        text=source["text"],
        lemmas=source["lemmas"],
        title_lemmas=source["title_lemmas"],
        source=source["source"],
        file_sha256=source["file_sha256"],
        format=source["format"],
        meta=source.get("meta") or {},
    )


# -- compiling the query AST ------------------------------------------------------


def _fold(word: str) -> str:
    """A word as the surface analyzer indexes it: lower case, «ё» as «е»."""
    return word.lower().replace("ё", "е")


def _filter_only(query: dict[str, Any]) -> dict[str, Any]:
    """Wrap a clause so that it selects without adding to the score."""
    return {"bool": {"filter": [query]}}


def is_textual(node: Node) -> bool:
    """Whether a subtree is words only, so that it ranks (as the embedded index's
    FTS5 MATCH does); fields, ranges and groups mixing them only select."""
    if isinstance(node, Term | Phrase):
        return True
    if isinstance(node, Or):
        return all(is_textual(child) for child in node.children)
    if isinstance(node, And):
        positives = [c for c in node.children if not isinstance(c, Not)]
        negatives = [c.child for c in node.children if isinstance(c, Not)]
        return bool(positives) and all(map(is_textual, positives + negatives))
    return False


def is_ranked(node: Node) -> bool:
    """Whether hits of a query are ordered by relevance (it has words to rank by)."""
    children = node.children if isinstance(node, And) else (node,)
    return any(is_textual(child) for child in children)


def compile_node(node: Node) -> dict[str, Any]:
    """Compile a query AST node to a query DSL clause.

    Raises:
        UserInputError: a field value is not allowed (an unknown kind).
    """
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Phrase):
        return _phrase(node)
    if isinstance(node, Or):
        return {
            "bool": {
                "should": [compile_node(child) for child in node.children],
                "minimum_should_match": 1,
            }
        }
    if isinstance(node, And):
        return {"bool": _and_clauses(node.children)}
    if isinstance(node, Not):
        return {"bool": {"must_not": [compile_node(node.child)]}}
    if isinstance(node, FieldTerm):
        return _filter_only(_field(node))
    if isinstance(node, Range):
        return _filter_only(_range(node))
    raise AssertionError(f"unhandled query node {node!r}")


def _and_clauses(children: Sequence[Node]) -> dict[str, list[dict[str, Any]]]:
    clauses: dict[str, list[dict[str, Any]]] = {
        "must": [],
        "filter": [],
        "must_not": [],
    }
    for child in children:
        if isinstance(child, Not):
            clauses["must_not"].append(compile_node(child.child))
        elif isinstance(child, FieldTerm):
            clauses["filter"].append(_field(child))
        elif isinstance(child, Range):
            clauses["filter"].append(_range(child))
        else:
            clauses["must"].append(compile_node(child))
    return {name: values for name, values in clauses.items() if values}


def _term(node: Term) -> dict[str, Any]:
    if node.prefix:
        prefix = _fold(node.text)
        return {
            "bool": {
                "should": [
                    {"prefix": {"text.exact": prefix}},
                    {"prefix": {"title.exact": prefix}},
                ],
                "minimum_should_match": 1,
            }
        }
    return {
        "multi_match": {
            "query": " ".join(lemma_variants(node.text)),
            "fields": ["lemmas", f"title_lemmas^{TITLE_BOOST}"],
            "type": "most_fields",
        }
    }


def _phrase(node: Phrase) -> dict[str, Any]:
    if node.slop is None:
        if len(node.words) == 1:
            return _term(Term(node.words[0]))
        words = " ".join(node.words)
        return {
            "bool": {
                "should": [
                    {"match_phrase": {"text.exact": words}},
                    {"match_phrase": {"title.exact": {"query": words, "boost": 5}}},
                ],
                "minimum_should_match": 1,
            }
        }
    # Proximity counts lemma positions, in any order, as FTS5's NEAR does.
    spans = [_lemma_span(word) for word in node.words]
    if len(spans) == 1:
        return {"span_or": {"clauses": spans}}
    return {"span_near": {"clauses": spans, "slop": node.slop, "in_order": False}}


def _lemma_span(word: str) -> dict[str, Any]:
    terms = [{"span_term": {"lemmas": variant}} for variant in lemma_variants(word)]
    return terms[0] if len(terms) == 1 else {"span_or": {"clauses": terms}}


def _field(node: FieldTerm) -> dict[str, Any]:
    value = node.value.strip().lower()
    if node.name == "kind":
        return {"term": {"kind": _kind(value).value}}
    if node.name in {"court", "judge"}:
        # Names match as a fragment: «court:Свердловский» finds the full name.
        return {"wildcard": {f"fields.{node.name}": {"value": f"*{_escape(value)}*"}}}
    if node.name == "cites":
        if is_article_key(value):
            # The article and its parts, not an article sharing a prefix
            # (nk_rf:333 is not nk_rf:333.19).
            return {"term": {f"fields.{CITES_ARTICLE_FIELD}": value}}
        return {
            "bool": {
                "should": [
                    {"term": {"fields.cites": value}},
                    {"prefix": {"fields.cites": f"{value}."}},
                ],
                "minimum_should_match": 1,
            }
        }
    if node.name == "outcome":
        return {"term": {"fields.outcome": parse_outcome(value)}}
    return {"term": {f"fields.{node.name}": value}}


def _kind(value: str) -> DocumentKind:
    try:
        return DocumentKind(value)
    except ValueError:
        allowed = ", ".join(kind.value for kind in DocumentKind)
        raise UserInputError(
            f"unknown kind {value!r}",
            user_message=f"Неизвестный вид документа «{value}». Допустимые: {allowed}.",
        ) from None


def _escape(value: str) -> str:
    """Escape the wildcard syntax characters of a literal value."""
    return value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")


def _range(node: Range) -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    if node.low is not None:
        bounds["gte" if node.include_low else "gt"] = _bound(node.low)
    if node.high is not None:
        bounds["lte" if node.include_high else "lt"] = _bound(node.high)
    if node.name == "date":
        return {"range": {"date": bounds}} if bounds else {"exists": {"field": "date"}}
    if not bounds:
        return {"exists": {"field": "amount_kopecks"}}
    return {"range": {"amount_kopecks": bounds}}


def _bound(bound: dt.date | Decimal) -> str | int:
    if isinstance(bound, dt.date):
        return bound.isoformat()
    return int(bound * 100)


def compile_query(
    node: Node, request: SearchRequest, *, snapshot: int | None = None
) -> dict[str, Any]:
    """Return the whole query of a search: the AST, the request's filters and,
    for later pages of a cursor, the snapshot (documents indexed until then).

    Raises:
        UserInputError: a field value is not allowed (an unknown kind).
    """
    children = node.children if isinstance(node, And) else (node,)
    clauses = _and_clauses(children)
    filters = clauses.setdefault("filter", [])
    if request.kinds:
        filters.append({"terms": {"kind": [kind.value for kind in request.kinds]}})
    dates: dict[str, str] = {}
    if request.date_from is not None:
        dates["gte"] = request.date_from.isoformat()
    if request.date_to is not None:
        dates["lte"] = request.date_to.isoformat()
    if dates:
        filters.append({"range": {"date": dates}})
    if snapshot is not None:
        filters.append({"range": {"indexed_at": {"lte": snapshot}}})
    if not filters:
        del clauses["filter"]
    return {"bool": clauses}


def sort_clause(sort: SortOrder, *, ranked: bool) -> list[dict[str, Any]]:
    """Return the sort of a search; the document id breaks ties, so that
    ``search_after`` has a total order to continue from."""
    tie = {"id": "asc"}
    if sort is SortOrder.RELEVANCE and ranked:
        return [{"_score": "desc"}, tie]
    order = "asc" if sort is SortOrder.DATE_ASC else "desc"
    return [{"date": {"order": order, "missing": "_last"}}, tie]


# -- facets -------------------------------------------------------------------------


def facet_aggregations(names: Sequence[FacetName]) -> dict[str, Any]:
    """Return the aggregations that count the matching set by each facet."""
    aggs: dict[str, Any] = {}
    for name in dict.fromkeys(names):
        if name is FacetName.KIND:
            aggs[name.value] = _terms("kind")
        elif name is FacetName.YEAR:
            aggs[name.value] = _terms("year", order={"_key": "desc"})
        elif name is FacetName.ACT:
            aggs[name.value] = _terms("cites_act")
        else:
            aggs[name.value] = _terms(f"fields.{name.value}")
            aggs[name.value]["aggs"] = {
                "labels": {
                    "terms": {
                        "field": f"labels.{name.value}",
                        "size": LABEL_CANDIDATES,
                        "order": {"_key": "asc"},
                    }
                }
            }
    return aggs


def _terms(field: str, *, order: dict[str, str] | None = None) -> dict[str, Any]:
    terms: dict[str, Any] = {"field": field, "size": MAX_FACET_VALUES}
    if order is not None:
        terms["order"] = order
    return {"terms": terms}


def read_facets(
    names: Sequence[FacetName], aggregations: Mapping[str, Any]
) -> dict[FacetName, tuple[FacetCount, ...]]:
    """Turn the aggregations of :func:`facet_aggregations` into facet counts,
    ordered as the embedded index orders them."""
    facets: dict[FacetName, tuple[FacetCount, ...]] = {}
    for name in dict.fromkeys(names):
        counts = [
            FacetCount(
                str(bucket["key"]),
                _label(name, str(bucket["key"]), bucket),
                int(bucket["doc_count"]),
            )
            for bucket in aggregations[name.value]["buckets"]
        ]
        if name is FacetName.YEAR:
            counts.sort(key=lambda item: -int(item.value))
        else:
            counts.sort(key=lambda item: (-item.count, item.value))
        facets[name] = tuple(counts[:MAX_FACET_VALUES])
    return facets


def _label(name: FacetName, value: str, bucket: Mapping[str, Any]) -> str:
    if name is FacetName.KIND:
        return KIND_LABELS_RU[DocumentKind(value)]
    if name is FacetName.ACT:
        return act_label(value)
    if name is FacetName.OUTCOME:
        return outcome_label(value)
    if name is FacetName.YEAR:
        return value
    prefix = value + LABEL_SEPARATOR
    for candidate in bucket.get("labels", {}).get("buckets", ()):
        key = str(candidate["key"])
        if key.startswith(prefix):
            return key[len(prefix) :]
    return value
