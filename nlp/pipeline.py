"""The Russian legal NLP pipeline: one call from a document's text to its analysis.

Two ways in:

* :func:`analyse_text` — the fast path the indexer uses. The rule extractors run on
  the raw text (they are regular expressions and need no tokens), the NER runs on
  the text with the rules' masks, courts and addresses blocking it, and the kind
  and case facts are read from the result. It never raises on odd input: a blank
  page, an English letter or a 2 MB statute comes back as a valid, possibly empty,
  :class:`Analysis`.
* :func:`get_nlp` — the same analysis as a spaCy pipeline (``spacy.blank("ru")``
  with lexdesk's components), for callers who want spaCy ``Doc`` objects: tokens
  with pymorphy3 lemmas (``token.lemma_``), rule entities in ``doc.spans["legal"]``,
  PER/ORG/LOC in ``doc.ents``. The trained Russian spaCy models are not used: they
  are not installable here, and the news NER that ships with natasha covers names.

:meth:`Analysis.to_meta` turns an analysis into the JSON the search index stores:
``fields`` for ``court:``/``judge:``/``case:``/``cites:``/``outcome:`` filters,
``amounts`` for ``amount:`` ranges, ``entities`` and ``facts`` for ``show --json``.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from nlp.addresses import extract_addresses, extract_places
from nlp.case_numbers import extract_case_numbers
from nlp.courts import extract_courts, extract_judges, extract_magistrate_sections
from nlp.dates import extract_dates
from nlp.entities import Entity, EntityLabel
from nlp.facts import CaseFacts, extract_facts
from nlp.identifiers import extract_identifiers
from nlp.kinds import DocumentKind, classify_kind
from nlp.law_refs import citation_keys, extract_law_refs
from nlp.lemmas import lemma
from nlp.money import extract_money
from nlp.ner import tag_entities
from nlp.organizations import extract_organizations
from nlp.placeholders import extract_placeholders

logger = logging.getLogger(__name__)

# The rule extractors, in the order their entities are listed; each is a pure
# function of the text.
# ``True`` marks extractors that read the text with single line breaks joined
# (see :func:`join_lines`): amounts, dates, numbers and citations wrap across lines
# in PDFs («502 руб.⏎78 коп.»), while names of courts and addresses are read line
# by line so that a heading never runs into the next line.
RULE_EXTRACTORS: tuple[tuple[str, Callable[[str], list[Entity]], bool], ...] = (
    ("placeholders", extract_placeholders, False),
    ("case_numbers", extract_case_numbers, True),
    ("law_refs", extract_law_refs, True),
    ("money", extract_money, True),
    ("dates", extract_dates, True),
    ("identifiers", extract_identifiers, True),
    ("courts", extract_courts, False),
    ("judges", extract_judges, False),
    ("magistrate_sections", extract_magistrate_sections, False),
    ("addresses", extract_addresses, False),
    ("places", extract_places, False),
    ("organizations", extract_organizations, True),
)

# A single line break inside a paragraph (not a blank line).
_LINE_BREAK_RE = re.compile(r"(?<=[^\n])\n(?=[^\n])")


def join_lines(text: str) -> str:
    """Replace single line breaks by spaces; offsets stay those of ``text``."""
    return _LINE_BREAK_RE.sub(" ", text)


# Labels that keep the NER off their spans (see nlp.ner).
_NER_BLOCKERS = frozenset(
    {
        EntityLabel.PLACEHOLDER,
        EntityLabel.COURT,
        EntityLabel.ADDRESS,
        EntityLabel.MAGISTRATE_SECTION,
        EntityLabel.ORG,
        EntityLabel.LOC,
        EntityLabel.CASE_NUMBER,
        EntityLabel.DATE,
        EntityLabel.MONEY,
    }
)


@dataclass(frozen=True)
class Analysis:
    """What the pipeline found in one text.

    Attributes:
        kind: the document kind.
        entities: every entity, ordered by start offset; offsets are into the text
            given to :func:`analyse_text`.
        facts: the case facts (empty for documents that state none).
    """

    kind: DocumentKind = DocumentKind.OTHER
    entities: tuple[Entity, ...] = ()
    facts: CaseFacts = field(default_factory=CaseFacts)

    def to_meta(self) -> dict[str, Any]:
        """Return ``fields``, ``amounts``, ``entities`` and ``facts`` for a record's meta.

        ``fields`` values keep their spelling (the index compares them lower-cased);
        ``amounts`` are decimal strings with two places; ``entities`` are dicts with
        label, start, end, text, value and extra.
        """
        return {
            "fields": self.fields(),
            "amounts": self.amounts(),
            "entities": [_entity_json(e) for e in self.entities],
            "facts": self.facts.to_json(),
        }

    def fields(self) -> dict[str, list[str]]:
        """Filterable values: court, judge, case, cites, outcome (deduplicated)."""
        facts = self.facts
        fields: dict[str, list[str]] = {
            "court": [],
            "judge": [],
            "case": [],
            "cites": list(facts.cited),
            "outcome": [facts.outcome.value] if facts.outcome else [],
        }
        if facts.court:
            fields["court"].append(facts.court)
        if facts.judge:
            fields["judge"].append(facts.judge)
        for entity in self.entities:
            if entity.label is EntityLabel.CASE_NUMBER:
                fields["case"].append(entity.extra.get("case", entity.value))
                if "material" in entity.extra:
                    fields["case"].append(entity.extra["material"])
            elif entity.label is EntityLabel.JUDGE and entity.value:
                fields["judge"].append(entity.value)
            elif entity.label is EntityLabel.LAW_REF:
                fields["cites"].extend(citation_keys(entity))
        for name in ("court", "judge", "case", "cites"):
            # Deduplicated ignoring case; the first spelling is kept, because the
            # index compares values lower-cased but shows facets as written.
            first: dict[str, str] = {}
            for value in fields[name]:
                if value:
                    first.setdefault(value.lower(), value)
            fields[name] = list(first.values())
        return {name: values for name, values in fields.items() if values}

    def amounts(self) -> dict[str, str]:
        """The case amounts for ``amount:`` ranges, as decimal strings."""
        facts = self.facts
        named: dict[str, Decimal | None] = {
            "claimed": facts.claimed,
            "awarded_principal": facts.awarded_principal,
            "awarded_penalty": facts.awarded_penalty,
            "awarded_state_duty": facts.awarded_state_duty,
            "awarded_total": facts.awarded_total,
        }
        return {
            name: f"{value:.2f}" for name, value in named.items() if value is not None
        }


def _entity_json(entity: Entity) -> dict[str, Any]:
    return {
        "label": entity.label.value,
        "start": entity.start,
        "end": entity.end,
        "text": entity.text,
        "value": entity.value,
        "extra": dict(entity.extra),
    }


def extract_rule_entities(text: str) -> list[Entity]:
    """Run every rule extractor on ``text`` and return their entities by position."""
    joined = join_lines(text)
    found: list[Entity] = []
    for name, extractor, on_joined in RULE_EXTRACTORS:
        try:
            entities = extractor(joined if on_joined else text)
        except Exception:  # an extractor bug must not lose the document
            logger.exception("rule extractor %s failed; its entities are skipped", name)
            continue
        if on_joined:
            entities = [_rebase(e, text) for e in entities]
        found.extend(entities)
    return sorted(found, key=lambda e: (e.start, -e.end))


def _rebase(entity: Entity, text: str) -> Entity:
    """The same entity with its span text taken from the original ``text``."""
    surface = text[entity.start : entity.end]
    if surface == entity.text:
        return entity
    return Entity(
        entity.label, entity.start, entity.end, surface, entity.value, entity.extra
    )


def analyse_text(text: str, *, ner: bool = True) -> Analysis:
    """Analyse one document's normalized text.

    Args:
        text: the text as :func:`indexer.parse.parse_file` produces it.
        ner: whether to run the NER (PER/ORG/LOC); the rules always run.

    Returns:
        The kind, the entities and the case facts. Never raises: a failing stage
        is logged and its part of the result is left empty.
    """
    if not text or not text.strip():
        return Analysis()
    entities = extract_rule_entities(text)
    if ner:
        blocked = [e for e in entities if e.label in _NER_BLOCKERS]
        try:
            entities = sorted(
                [*entities, *tag_entities(text, blocked=blocked)],
                key=lambda e: (e.start, -e.end),
            )
        except Exception:
            logger.exception("NER failed; the document keeps its rule entities")
    try:
        kind = classify_kind(text)
    except Exception:
        logger.exception("kind classification failed; kind set to other")
        kind = DocumentKind.OTHER
    try:
        facts = extract_facts(join_lines(text), entities, kind)
    except Exception:
        logger.exception("case facts extraction failed; facts left empty")
        facts = CaseFacts()
    return Analysis(kind=kind, entities=tuple(entities), facts=facts)


# ---- spaCy ---------------------------------------------------------------------------

_nlp_lock = threading.Lock()
_nlp: Any = None


def get_nlp() -> Any:
    """Return the cached spaCy pipeline: blank Russian + lexdesk components.

    Components, in order: ``lexdesk_lemmas`` (``token.lemma_`` from pymorphy3,
    cached), ``lexdesk_rules`` (rule entities as ``doc.spans["legal"]``, each span's
    ``label_`` an :class:`EntityLabel` value), ``lexdesk_ner`` (PER/ORG/LOC as
    ``doc.ents``, blocked by masks, courts and addresses).
    """
    global _nlp
    if _nlp is None:
        with _nlp_lock:
            if _nlp is None:
                _nlp = _build_nlp()
    return _nlp


def _build_nlp() -> Any:
    import spacy
    from spacy.language import Language

    from nlp.ner import make_ner_component

    if not Language.has_factory("lexdesk_lemmas"):
        Language.component("lexdesk_lemmas", func=_lemmas_component)
        Language.component("lexdesk_rules", func=_rules_component)
        Language.factory("lexdesk_ner", func=make_ner_component)
    nlp = spacy.blank("ru")
    nlp.add_pipe("lexdesk_lemmas")
    nlp.add_pipe("lexdesk_rules")
    nlp.add_pipe("lexdesk_ner")
    return nlp


def _lemmas_component(doc: Any) -> Any:
    for token in doc:
        if token.is_alpha:
            token.lemma_ = lemma(token.text)
    return doc


def _rules_component(doc: Any) -> Any:
    spans = []
    for entity in extract_rule_entities(doc.text):
        span = doc.char_span(
            entity.start,
            entity.end,
            label=entity.label.value,
            alignment_mode="expand",
        )
        if span is not None:
            spans.append(span)
    doc.spans["legal"] = spans
    return doc
