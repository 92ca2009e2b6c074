"""Document kinds, and the classifier that reads them from a document's title.

The kind decides how a document is shown and filtered («kind:court_order»). Russian
court acts and claims documents state what they are on a line of their own in the
title block («РЕШЕНИЕ», «СУДЕБНЫЙ ПРИКАЗ», «ОПРЕДЕЛЕНИЕ об отмене судебного
приказа», «ПРЕТЕНЗИЯ»); the classifier looks for that line rather than for the word
anywhere, so a contract «утвержден решением общего собрания», a case card or a
voting sheet stays :attr:`DocumentKind.OTHER`.
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

# Title lines of the documents, checked in order on the lines of the heading block;
# the first match wins, so the more specific forms come first. A title line holds
# the title alone, perhaps with its subject («ОПРЕДЕЛЕНИЕ об отмене судебного
# приказа»), never a sentence: «Решением общего собрания …» is not a title.
_TITLE_PATTERNS: tuple[tuple[re.Pattern[str], DocumentKind], ...] = (
    # «АПЕЛЛЯЦИОННОЕ ОПРЕДЕЛЕНИЕ» (regional court, case 33-…, ГПК РФ ст. 329)
    (re.compile(r"апелляционн\w+\s+определени[ея]", re.I), DocumentKind.APPEAL_RULING),
    # «КАССАЦИОННОЕ ОПРЕДЕЛЕНИЕ» (cassation court, case 88-…, ГПК РФ ст. 390)
    (
        re.compile(r"кассационн\w+\s+определени[ея]", re.I),
        DocumentKind.CASSATION_RULING,
    ),
    # «СУДЕБНЫЙ ПРИКАЗ» (ГПК РФ ст. 127)
    (re.compile(r"судебн\w+\s+приказ$", re.I), DocumentKind.COURT_ORDER),
    # «РЕШЕНИЕ», «ЗАОЧНОЕ РЕШЕНИЕ», «РЕШЕНИЕ ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ»
    (
        re.compile(r"(?:заочн\w+\s+)?решени[ея](?:\s+именем\s.*)?$", re.I),
        DocumentKind.COURT_DECISION,
    ),
    # «ОПРЕДЕЛЕНИЕ», «ОПРЕДЕЛЕНИЕ об отмене судебного приказа»
    (re.compile(r"определени[ея](?:\s+(?:об?|о\s)\s*.*)?$", re.I), DocumentKind.RULING),
    # «ИСКОВОЕ ЗАЯВЛЕНИЕ о взыскании задолженности»
    (re.compile(r"исков\w+\s+заявлени[ея]", re.I), DocumentKind.LAWSUIT),
    # «ПРЕТЕНЗИЯ», «ДОСУДЕБНАЯ ПРЕТЕНЗИЯ»
    (
        re.compile(r"(?:досудебн\w+\s+)?претензи[яи](?:\s.*)?$", re.I),
        DocumentKind.CLAIM_LETTER,
    ),
    # «ПРЕДУПРЕЖДЕНИЕ о введении ограничения …» (ПП 354 п. 119 «а»), «УВЕДОМЛЕНИЕ
    # об ограничении режима потребления» (ПП 442)
    (
        re.compile(r"(?:предупреждени[ея]|уведомлени[ея])(?:\s.*)?$", re.I),
        DocumentKind.WARNING_NOTICE,
    ),
)

# A statute article's heading: «Статья 544. Оплата энергии», «Статья 156.1.».
_ARTICLE_RE = re.compile(r"(?m)^[ \t]*Статья\s+\d+(?:\.\d+)*\.")
# A code's or law's title: «Гражданский кодекс Российской Федерации», «Жилищный
# кодекс РСФСР», «Федеральный закон от 26.03.2003 № 35-ФЗ».
_STATUTE_TITLE_RE = re.compile(
    r"(?m)^[ \t]*(?:[А-ЯЁ][а-яё]+\s+(?:процессуальный\s+)?кодекс\s+(?:Российской"
    r"\s+Федерации|РСФСР)|Федеральный\s+закон\b)"
)

# An appeal or cassation ruling that states its instance in the bench, not the title:
# «судебная коллегия … рассмотрела … апелляционную жалобу», «кассационного суда».
_CASSATION_CONTEXT_RE = re.compile(
    r"кассационн\w+\s+суд\w*\s+общей|кассационн\w+\s+жалоб", re.I
)
_APPEAL_CONTEXT_RE = re.compile(r"апелляционн\w+\s+жалоб|судебная\s+коллегия", re.I)
# A warning is about restriction or suspension of supply (ПП 354 п. 117–119).
_RESTRICTION_RE = re.compile(r"ограничени|приостановлени", re.I)

# How far into a document its title is looked for: court acts state it in the
# title block, but pages saved from court sites put up to 6,000 characters of
# navigation before it.
HEADING_WINDOW = 8000
# Lines longer than this are sentences, not titles.
MAX_TITLE_LENGTH = 90


def classify_kind(text: str) -> DocumentKind:
    """Return the kind a document states about itself in its title.

    Args:
        text: the normalized text of the whole document (letter-spaced titles such
            as «Р Е Ш Е Н И Е» already joined by :mod:`nlp.normalize`).

    Returns:
        The kind of the first title line found in the heading block; a statute
        article when the text opens with an article heading or a code's title;
        :attr:`DocumentKind.OTHER` for anything else (case cards, contracts,
        voting sheets, reports, blank or foreign text).
    """
    head = text[:HEADING_WINDOW]
    if _ARTICLE_RE.match(head) or _STATUTE_TITLE_RE.search(head[:600]):
        return DocumentKind.STATUTE_ARTICLE
    offset = 0
    for line in head.splitlines(keepends=True):
        title = " ".join(line.split())
        kind = _title_kind(title) if len(title) <= MAX_TITLE_LENGTH else None
        if kind is not None:
            return _refine(kind, head[offset : offset + 3000])
        offset += len(line)
    return DocumentKind.OTHER


def _title_kind(title: str) -> DocumentKind | None:
    for pattern, kind in _TITLE_PATTERNS:
        if pattern.match(title):
            return kind
    return None


def _refine(kind: DocumentKind, after_title: str) -> DocumentKind:
    """Tell appeal and cassation rulings from first-instance ones by their bench."""
    if kind is DocumentKind.RULING:
        if _CASSATION_CONTEXT_RE.search(after_title):
            return DocumentKind.CASSATION_RULING
        if _APPEAL_CONTEXT_RE.search(after_title[:1500]):
            return DocumentKind.APPEAL_RULING
    if kind is DocumentKind.WARNING_NOTICE and not _RESTRICTION_RE.search(after_title):
        return DocumentKind.OTHER
    return kind
