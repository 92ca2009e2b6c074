"""Stage 3 of ingestion: turn a parsed file into searchable document records.

A statute becomes one record per article (so that a citation resolves to the
article); any other file becomes one record whose kind, title and date are read
from its text, with the lemma stream the embedded index searches by.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from indexer.parsed import ParsedFile
from indexer.statutes import StatuteArticle, detect_act, split_statute
from nlp.kinds import KIND_LABELS_RU, DocumentKind
from nlp.law_refs import citation_keys, extract_law_refs
from nlp.lemmas import lemma_stream
from nlp.pipeline import analyse_text
from search.records import DocumentRecord

# Characters of a document id: 20 hex digits of SHA-256 (80 bits) cannot collide
# in any corpus a department will hold.
ID_LENGTH = 20

# A date in the heading block: «17.08.2021» or «17 августа 2021 г.»; the first one
# in a court act is the date it was made.
_MONTHS = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_DATE_RE = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\.(?P<m>\d{2})\.(?P<y>(?:19|20)\d{2})(?![\d/-])"
    r"|«?(?P<d2>\d{1,2})»?\s+(?P<month>"
    + "|".join(_MONTHS)
    + r")\s+(?P<y2>(?:19|20)\d{2})",
    re.IGNORECASE,
)
# How far into a document its own date is looked for.
DATE_WINDOW = 1500
# A Russian word of three letters or more, e.g. «Решение» (not «2-3187/2021» or «,»).
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{3,}")
# Case number in a heading: «Дело № 2-1234/2021», for the title.
_CASE_RE = re.compile(
    r"[Дд]ело\s*№\s*(?P<number>[\wА-Яа-я\-/~ ]{3,40}?\d{2,4})(?=[\s,.;)]|$)"
)


def document_id(file_sha256: str, part: str = "") -> str:
    """Return the stable id of a file's document, or of one part (an article) of it."""
    if not part:
        return file_sha256[:ID_LENGTH]
    return hashlib.sha256(f"{file_sha256}:{part}".encode()).hexdigest()[:ID_LENGTH]


def analyse(
    parsed: ParsedFile, *, source: Path, file_sha256: str
) -> list[DocumentRecord]:
    """Build the records of one parsed file (see module docstring)."""
    meta = _parse_meta(parsed)
    act = detect_act(parsed.text, name=source.name)
    if act is not None:
        articles = split_statute(parsed.text, act)
        if articles:
            return [
                _article_record(article, meta, parsed, source, file_sha256)
                for article in articles
            ]

    # A court act or any other document: kind, entities and case facts from nlp/.
    analysis = analyse_text(parsed.text)
    facts = analysis.facts
    date = _iso_date(facts.decision_date) or _document_date(parsed.text)
    return [
        _record(
            doc_id=document_id(file_sha256),
            title=_title(parsed, analysis.kind, source, case_number=facts.case_number),
            kind=analysis.kind,
            date=date,
            text=parsed.text,
            source=source,
            file_sha256=file_sha256,
            parsed=parsed,
            meta={**meta, **analysis.to_meta()},
        )
    ]


def _article_record(
    article: StatuteArticle,
    meta: dict[str, Any],
    parsed: ParsedFile,
    source: Path,
    file_sha256: str,
) -> DocumentRecord:
    """One statute article, with the provisions it refers to as its citations.

    Only the citation rules run on statutes (no NER or case facts): an article's
    references to other articles feed the citator, and a whole code is ingested
    in seconds rather than minutes.
    """
    cited: dict[str, None] = {}
    for entity in extract_law_refs(article.text, default_act=article.act):
        for key in citation_keys(entity):
            if key != article.key:
                cited.setdefault(key)
    return _record(
        doc_id=document_id(file_sha256, article.key),
        title=article.title,
        kind=DocumentKind.STATUTE_ARTICLE,
        date=None,
        text=article.text,
        source=source,
        file_sha256=file_sha256,
        parsed=parsed,
        meta={
            **meta,
            "fields": {"cites": list(cited)} if cited else {},
            "statute": {
                "key": article.key,
                "act": article.act,
                "number": article.number,
                "start": article.start,
                "end": article.end,
            },
        },
    )


def _iso_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _record(
    *,
    doc_id: str,
    title: str,
    kind: DocumentKind,
    date: dt.date | None,
    text: str,
    source: Path,
    file_sha256: str,
    parsed: ParsedFile,
    meta: dict[str, Any],
) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id,
        title=title,
        kind=kind,
        date=date,
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(title),
        source=str(source),
        file_sha256=file_sha256,
        format=parsed.format.value,
        meta=meta,
    )


def _parse_meta(parsed: ParsedFile) -> dict[str, Any]:
    return {
        "format": parsed.format.value,
        "encoding": parsed.encoding,
        "ocr_used": parsed.ocr_used,
        "pages": [
            {
                "number": page.number,
                "method": page.method.value,
                "quality": round(page.quality, 3),
            }
            for page in parsed.pages
        ],
        "warnings": list(parsed.warnings),
    }


def _title(
    parsed: ParsedFile,
    kind: DocumentKind,
    source: Path,
    *,
    case_number: str | None = None,
) -> str:
    head = parsed.text[:DATE_WINDOW]
    case = _CASE_RE.search(head)
    label = KIND_LABELS_RU[kind]
    if kind is not DocumentKind.OTHER and case_number:
        return f"{label.capitalize()} по делу № {case_number}"
    if kind is not DocumentKind.OTHER and case:
        return f"{label.capitalize()} по делу № {case.group('number').strip()}"
    # A file's own title is used when it is Russian words, not a generator's
    # placeholder («claim_letter») or a bare number.
    own = (parsed.title or "").strip()
    if _CYRILLIC_WORD.search(own):
        return own[:200]
    if kind is not DocumentKind.OTHER:
        return f"{label.capitalize()} ({source.stem})"
    first_line = next(
        (
            line.strip()
            for line in parsed.text.splitlines()
            if _CYRILLIC_WORD.search(line)
        ),
        "",
    )
    return first_line[:120] or source.stem


def _document_date(text: str) -> dt.date | None:
    for match in _DATE_RE.finditer(text[:DATE_WINDOW]):
        try:
            if match.group("d"):
                return dt.date(
                    int(match.group("y")), int(match.group("m")), int(match.group("d"))
                )
            month = _MONTHS[match.group("month").lower()]
            return dt.date(int(match.group("y2")), month, int(match.group("d2")))
        except ValueError:
            continue
    return None
