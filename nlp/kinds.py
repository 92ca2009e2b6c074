"""Document kinds, and a first classifier from the document's heading words.

The kind decides how a document is shown and filtered («kind:court_order»). A fuller
classifier with case facts comes with the legal NLP; this one reads the title block,
where Russian court acts state what they are («РЕШЕНИЕ», «СУДЕБНЫЙ ПРИКАЗ», …).
"""

from __future__ import annotations

import enum
import re


class DocumentKind(enum.StrEnum):
    """What a document is. Values are the stable names used in filters and JSON."""

    COURT_DECISION = "court_decision"
    COURT_ORDER = "court_order"
    RULING = "ruling"
    APPEAL_RULING = "appeal_ruling"
    CASSATION_RULING = "cassation_ruling"
    STATUTE_ARTICLE = "statute_article"
    CLAIM_LETTER = "claim_letter"
    LAWSUIT = "lawsuit"
    WARNING_NOTICE = "warning_notice"
    OTHER = "other"


# Russian labels for the UI and CLI.
KIND_LABELS_RU: dict[DocumentKind, str] = {
    DocumentKind.COURT_DECISION: "решение суда",
    DocumentKind.COURT_ORDER: "судебный приказ",
    DocumentKind.RULING: "определение",
    DocumentKind.APPEAL_RULING: "апелляционное определение",
    DocumentKind.CASSATION_RULING: "кассационное определение",
    DocumentKind.STATUTE_ARTICLE: "статья закона",
    DocumentKind.CLAIM_LETTER: "претензия",
    DocumentKind.LAWSUIT: "исковое заявление",
    DocumentKind.WARNING_NOTICE: "предупреждение",
    DocumentKind.OTHER: "прочее",
}

# Heading patterns, checked in order on the first lines of a document; the first
# match wins, so the more specific forms come first.
_KIND_PATTERNS: tuple[tuple[re.Pattern[str], DocumentKind], ...] = (
    # «АПЕЛЛЯЦИОННОЕ ОПРЕДЕЛЕНИЕ» (regional court, case 33-…)
    (re.compile(r"апелляционн\w+\s+определени", re.I), DocumentKind.APPEAL_RULING),
    # «КАССАЦИОННОЕ ОПРЕДЕЛЕНИЕ» / «ОПРЕДЕЛЕНИЕ … кассационного суда»
    (
        re.compile(r"кассационн\w+\s+определени|кассационн\w+\s+суд", re.I),
        DocumentKind.CASSATION_RULING,
    ),
    # «СУДЕБНЫЙ ПРИКАЗ» (ГПК РФ гл. 11)
    (re.compile(r"судебн\w+\s+приказ\b(?!\w)", re.I), DocumentKind.COURT_ORDER),
    # «РЕШЕНИЕ», «ЗАОЧНОЕ РЕШЕНИЕ» — with «Именем Российской Федерации»
    (re.compile(r"\bрешени[ея]\b", re.I), DocumentKind.COURT_DECISION),
    # «ОПРЕДЕЛЕНИЕ об отмене судебного приказа»
    (re.compile(r"\bопределени[ея]\b", re.I), DocumentKind.RULING),
    # «ИСКОВОЕ ЗАЯВЛЕНИЕ о взыскании задолженности»
    (re.compile(r"исков\w+\s+заявлени", re.I), DocumentKind.LAWSUIT),
    # «ПРЕТЕНЗИЯ» (досудебная)
    (re.compile(r"\bпретензи[яи]\b", re.I), DocumentKind.CLAIM_LETTER),
    # «ПРЕДУПРЕЖДЕНИЕ (УВЕДОМЛЕНИЕ) об ограничении … коммунальной услуги» (ПП 354 п. 119)
    (
        re.compile(r"\bпредупреждени[ея]\b|уведомлени\w+\s+об\s+ограничени", re.I),
        DocumentKind.WARNING_NOTICE,
    ),
)

# How far into a document its kind is stated: court acts put it in the title
# block, after the court's name and before «установил».
HEADING_WINDOW = 1500


def classify_kind(text: str) -> DocumentKind:
    """Return the kind a document states about itself in its heading block."""
    head = text[:HEADING_WINDOW]
    for pattern, kind in _KIND_PATTERNS:
        if pattern.search(head):
            return kind
    return DocumentKind.OTHER
