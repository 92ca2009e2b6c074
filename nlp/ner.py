"""Persons, organizations and places: the natasha/slovnet news NER, offline.

The model and its word embeddings ship inside the ``natasha`` package
(``natasha/data``), so nothing is downloaded: :func:`get_tagger` loads them once per
process (about 1 s, 30 MB). The tagger is a CNN over word embeddings with a CRF on
top. slovnet's own entry point decodes one text as one sequence, which makes the
CRF's Viterbi loop step once per token in Python; here the text is cut into short
windows at sentence ends and the windows are tagged as batches, so the loop steps
once per window position for a whole batch (about 4× the throughput on court acts)
with the same model weights.

Court texts need three corrections the news model does not know about:

* depersonalization masks («ФИО1», «<адрес>», «****») are not names, so tags on a
  mask are dropped (the caller passes the masks found by :mod:`nlp.placeholders`);
* the words that head the parts of a court act («УСТАНОВИЛ», «РЕШИЛ») look like
  organizations to a news model and are dropped;
* anything the caller has already labelled as a court or an address is dropped, so
  that «Тимирязевский районный суд г. Москвы» is one COURT, not an ORG and a LOC.

:func:`make_ner_component` wraps the same tagger as a spaCy pipeline component that
sets ``doc.ents``.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from nlp.entities import Entity, EntityLabel, drop_overlaps, make_entity

logger = logging.getLogger(__name__)

# Tokens per window: long enough to hold a sentence's context for the CNN (its
# receptive field is a few tokens), short enough that padding waste stays small.
WINDOW_TOKENS = 48
# Windows tagged in one batch.
BATCH_WINDOWS = 64
# Only this many characters of a text are tagged: a 2 MB statute names few persons,
# and tagging it whole would cost a minute; names beyond it are not found.
MAX_NER_CHARS = 300_000

# Tokens as the model was trained on them (razdel's rules, simplified): a word with
# inner hyphens «Ханты-Мансийский», a number «2021», or one punctuation mark, with
# «...» and «**» runs kept whole.
TOKEN_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+|\.{2,}|\*+|[^\w\s]")

# Tokens after which a window may end: sentence ends and line breaks are found
# separately.
_SENTENCE_END = frozenset({".", "!", "?", ";", ":"})

# Section words of court acts that a news model tags as organizations.
STOP_WORDS = frozenset(
    {
        "установил",
        "установила",
        "решил",
        "решила",
        "определил",
        "определила",
        "постановил",
        "постановила",
        "приказал",
        "р е ш и л",
        "именем российской федерации",
        "российской федерации",
        "российская федерация",
        "рф",
        "судья",
        "истец",
        "ответчик",
        "судебная коллегия",
        "дело",
        "мировой",
    }
)

# Role words the tagger takes into a person's name: «Председательствующий Ольшанцев
# П.И.», «Судья Иванова».
_ROLE_PREFIX_RE = re.compile(
    r"(?:(?:Председательствующ\w*|Судь[яи]|Мировой|Истец|Ответчик|Должник|Взыскатель"
    r"|Представитель|Секретарь|Уважаем\w*)\s+)+"
)

# A token that continues a person's name on the next line of a wrapped paragraph:
# an initial «П» or a patronymic «Ивановичу», «Борисовна».
_NAME_PART_RE = re.compile(r"[А-ЯЁ]|[А-ЯЁ][а-яё]+(?:вич|вн|ичн)[а-яё]*")

# Names of states that the news model tags as places but legal text uses as part of
# an act's or a body's name («Жилищный кодекс РСФСР», «Конституция СССР»).
_STATE_NAMES = frozenset(
    {"рсфср", "ссср", "союза сср", "союз сср", "российской федерации"}
)

# Abbreviations of acts and systems the model takes for organizations: «ГК», «ГАС».
_NOT_ORGS = frozenset(
    {"гк", "жк", "гпк", "апк", "нк", "коап", "гас", "тв", "тсж", "тсн"}
)

# A capitalized word just before a span: a surname the model left out of
# «Сеченову [Андрею Николаевичу]».
_SURNAME_BEFORE_RE = re.compile(
    r"(?<![\w.])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)[ \u00a0]+$"
)

_TYPES = {"PER": EntityLabel.PER, "ORG": EntityLabel.ORG, "LOC": EntityLabel.LOC}

_lock = threading.Lock()
_tagger: Any = None


def get_tagger() -> Any:
    """Return natasha's NewsNERTagger, loading it from the package data once."""
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                from natasha import NewsEmbedding, NewsNERTagger

                _tagger = NewsNERTagger(NewsEmbedding())
                logger.debug("loaded natasha NewsNERTagger")
    return _tagger


def _windows(tokens: Sequence[re.Match[str]], text: str) -> list[tuple[int, int]]:
    """Cut the token list into [start, end) windows at sentence ends and lines."""
    windows: list[tuple[int, int]] = []
    start = 0
    for index, token in enumerate(tokens):
        size = index + 1 - start
        at_end = False
        if index + 1 < len(tokens):
            gap = text[token.end() : tokens[index + 1].start()]
            # A line break ends a window only after a sentence end or as a blank
            # line: PDFs wrap a sentence, and a name, across lines.
            at_end = "\n\n" in gap or (
                ("\n" in gap or tokens[index + 1].group()[:1].isupper())
                and _is_sentence_end(tokens, index)
            )
        if (at_end and size >= 8) or size >= WINDOW_TOKENS:
            windows.append((start, index + 1))
            start = index + 1
    if start < len(tokens):
        windows.append((start, len(tokens)))
    return windows


# Capitalized abbreviations of acts and courts' paperwork that never start a name.
_COMMON_ABBREVIATIONS = frozenset(
    {
        "РФ",
        "ГК",
        "ЖК",
        "ГПК",
        "АПК",
        "НК",
        "КАС",
        "КоАП",
        "ФЗ",
        "ИНН",
        "ОГРН",
        "КПП",
        "УИД",
        "ПП",
        "МКД",
        "ЖКУ",
        "ЖКХ",
        "НДС",
        "ИП",
        "РЕШЕНИЕ",
        "РЕШИЛ",
        "УСТАНОВИЛ",
    }
)


@lru_cache(maxsize=100_000)
def _is_candidate(word: str) -> bool:
    """Whether a word may belong to a name, so that its window is worth tagging.

    The model is the costliest stage of the pipeline; a window of only lower-case
    words, numbers, punctuation and capitalized common words («Суд», «Согласно»,
    «Истец») holds no name in legal text and is left untagged. Capitalized words
    the dictionary knows as names, surnames, places or organizations, unknown
    capitalized words and short abbreviations («ООО», «МФЦ») are candidates.
    """
    if not word[:1].isupper() or word in _COMMON_ABBREVIATIONS:
        return False
    if word.isupper():
        return len(word) <= 6
    from nlp.lemmas import get_analyzer

    analyzer = get_analyzer()
    if not analyzer.word_is_known(word.lower()):
        return True
    return any(
        {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}
        & set(str(parse.tag).replace(" ", ",").split(","))
        for parse in analyzer.parse(word)
    )


def _is_sentence_end(tokens: Sequence[re.Match[str]], index: int) -> bool:
    """A full stop after an initial or an abbreviation («Т.», «г.», «ст.») is not."""
    mark = tokens[index].group()
    if mark not in _SENTENCE_END:
        return False
    return mark != "." or index == 0 or len(tokens[index - 1].group()) > 3


@lru_cache(maxsize=200_000)
def _encode(word: str) -> tuple[int, int]:
    """The model's word id and shape id of a word (cached: legal text repeats)."""
    from slovnet.shape import word_shape

    encoder = get_tagger().infer.encoder
    return encoder.words_vocab.encode(word.lower()), encoder.shapes_vocab.encode(
        word_shape(word)
    )


def _tag_windows(words: list[str], windows: list[tuple[int, int]]) -> list[str]:
    """Tag every word (BIO tags), running the model batch by batch."""
    infer = get_tagger().infer
    words_vocab = infer.encoder.words_vocab
    shapes_vocab = infer.encoder.shapes_vocab
    candidates = [
        w for w in windows if any(_is_candidate(x) for x in words[w[0] : w[1]])
    ]
    codes = {}
    for start, end in candidates:
        for index in range(start, end):
            codes[index] = _encode(words[index])
    tags: list[str] = ["O"] * len(words)
    candidates = [
        w for w in windows if any(_is_candidate(x) for x in words[w[0] : w[1]])
    ]
    ordered = sorted(candidates, key=lambda w: w[1] - w[0])
    for batch_start in range(0, len(ordered), BATCH_WINDOWS):
        batch = ordered[batch_start : batch_start + BATCH_WINDOWS]
        width = max(end - start for start, end in batch)
        word_batch = np.full((len(batch), width), words_vocab.pad_id, dtype=np.int64)
        shape_batch = np.full((len(batch), width), shapes_vocab.pad_id, dtype=np.int64)
        for row, (start, end) in enumerate(batch):
            for column, index in enumerate(range(start, end)):
                word_batch[row, column], shape_batch[row, column] = codes[index]
        pad_mask = word_batch == words_vocab.pad_id
        emissions = infer.model(word_batch, shape_batch, pad_mask)
        paths = infer.model.head.crf.decode(emissions, ~pad_mask)
        for (start, end), path in zip(batch, paths, strict=True):
            decoded = [infer.decoder.tags_vocab.decode(int(i)) for i in path]
            tags[start:end] = decoded[: end - start]
    return tags


def _spans(
    tokens: Sequence[re.Match[str]], tags: list[str], text: str
) -> list[tuple[str, int, int]]:
    """BIO tags → (type, start, end) character spans; a span never crosses a line."""
    spans: list[tuple[str, int, int]] = []
    current: list[Any] | None = None
    for token, tag in zip(tokens, tags, strict=True):
        kind = tag[2:] if len(tag) > 2 else ""
        same_line = current is not None and (
            "\n" not in text[current[2] : token.start()]
            or (kind == "PER" and _NAME_PART_RE.fullmatch(token.group()) is not None)
        )
        if (
            tag.startswith("I-")
            and current is not None
            and current[0] == kind
            and same_line
        ):
            current[2] = token.end()
            continue
        if current is not None:
            spans.append((current[0], current[1], current[2]))
            current = None
        if tag.startswith(("B-", "I-")):
            current = [kind, token.start(), token.end()]
    if current is not None:
        spans.append((current[0], current[1], current[2]))
    return spans


def _overlaps(start: int, end: int, blocked: Sequence[tuple[int, int]]) -> bool:
    return any(b_start < end and start < b_end for b_start, b_end in blocked)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation the tagger left at a span's edges, keep an initial's dot."""
    while end > start and text[end - 1] in ".,;:-–":
        if text[end - 1] == "." and end - start >= 2 and text[end - 2].isupper():
            break
        end -= 1
    while start < end and text[start] in ".,;:-–»":
        start += 1
    return start, end


def _with_surname(text: str, start: int, end: int) -> int:
    """Move a person's start back over a surname the tagger left out.

    Only when the span starts with a first name followed by a patronymic
    («Андрею Николаевичу»): then the capitalized word before it is the surname.
    """
    words = text[start:end].split()
    if len(words) != 2 or not _NAME_PART_RE.fullmatch(words[1]) or len(words[1]) < 3:
        return start
    before = _SURNAME_BEFORE_RE.search(text, max(0, start - 40), start)
    if before is None or _ROLE_PREFIX_RE.match(before.group(1) + " "):
        return start
    return before.start(1)


def _is_plausible(kind: str, surface: str) -> bool:
    """Drop what a news model tags in legal pages but is no name.

    State names used inside act names, act abbreviations, and single common nouns
    tagged as organizations («Вакансии», «Контакты» in court sites' menus).
    """
    lowered = " ".join(surface.lower().split())
    if not any("\u0400" <= ch <= "\u04ff" for ch in surface):
        return False  # Latin words: the model is Russian-only and guesses on them
    if kind == "LOC":
        if lowered in _STATE_NAMES:
            return False
        return " " in surface.strip() or _is_place_word(surface)
    if kind == "PER":
        return " " in surface.strip() or _is_name_word(surface)
    if kind != "ORG":
        return True
    if lowered in _NOT_ORGS:
        return False
    if " " in surface or surface.isupper() or "«" in surface:
        return True
    from nlp.lemmas import get_analyzer

    parse = get_analyzer().parse(surface)[0]
    return not (
        {"NOUN"} <= set(str(parse.tag).replace(" ", ",").split(","))
        and not (
            {"Orgn", "Abbr", "Geox", "Name", "Surn"}
            & set(str(parse.tag).replace(" ", ",").split(","))
        )
    )


def _is_place_word(word: str) -> bool:
    """Whether a lone word can be a place: «Владивосток», «Ерино», not «Вакансии»."""
    from nlp.lemmas import get_analyzer

    analyzer = get_analyzer()
    if not analyzer.word_is_known(word.lower()):
        return True
    return any("Geox" in parse.tag for parse in analyzer.parse(word))


def _is_menu_line(text: str, start: int, end: int) -> bool:
    """Whether a span is a whole line of a site menu: «Структура суда», «Категории
    дел», «Полезные ссылки» — common words, no quotes, alone on their line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    surface = text[start:end]
    if line != surface or "«" in surface or '"' in surface:
        return False
    from nlp.lemmas import get_analyzer

    first = get_analyzer().parse(surface.split()[0])[0]
    tags = set(str(first.tag).replace(" ", ",").split(","))
    return bool(tags & {"NOUN", "ADJF", "VERB", "PRTF"}) and not (
        tags & {"Orgn", "Geox", "Name", "Surn", "Abbr"}
    )


def _is_name_word(word: str) -> bool:
    """Whether a lone word can be a person's name: «Гаврилюк», not «Адрес»."""
    from nlp.lemmas import get_analyzer

    for parse in get_analyzer().parse(word):
        if {"Surn", "Name", "Patr"} & set(str(parse.tag).replace(" ", ",").split(",")):
            return True
    return False


def tag_entities(text: str, *, blocked: Iterable[Entity] = ()) -> list[Entity]:
    """Find persons, organizations and places.

    Args:
        text: any text; only the first :data:`MAX_NER_CHARS` characters are tagged.
        blocked: entities already found (masks, courts, addresses): a tagged span
            overlapping one of them is dropped.

    Returns:
        PER, ORG and LOC entities ordered by position, with empty ``value``.
    """
    head = text[:MAX_NER_CHARS]
    tokens = list(TOKEN_RE.finditer(head))
    if not tokens:
        return []
    words = [token.group() for token in tokens]
    tags = _tag_windows(words, _windows(tokens, head))
    blocked_spans = sorted((e.start, e.end) for e in blocked)
    found: list[Entity] = []
    for kind, raw_start, raw_end in _spans(tokens, tags, head):
        start, end = _trim(head, raw_start, raw_end)
        if kind == "PER":
            prefix = _ROLE_PREFIX_RE.match(head, start, end)
            start = prefix.end() if prefix else start
            start = _with_surname(head, start, end)
            if head[end - 1 : end].isupper() and head[end : end + 1] == ".":
                end += 1  # the initial's dot the tokenizer split off: «О.И.»
        surface = head[start:end]
        if end <= start or " ".join(surface.lower().split()) in STOP_WORDS:
            continue
        if surface.isupper() and len(surface) > 5:
            continue  # a heading or menu line in capitals, not a name
        if _overlaps(start, end, blocked_spans) or not _is_plausible(kind, surface):
            continue
        if kind != "PER" and _is_menu_line(head, start, end):
            continue
        found.append(make_entity(_TYPES[kind], text, start, end))
    # A surname taken back over («Белоусовой» + «Валерии Олеговны») may repeat a
    # span of its own: the longer one stays.
    return drop_overlaps(found)


def make_ner_component(nlp: Any, name: str) -> Any:
    """Build the spaCy component that sets ``doc.ents`` from :func:`tag_entities`.

    Registered as the ``lexdesk_ner`` factory by :mod:`nlp.pipeline`. Masks and
    courts found by the rules before it (``doc.spans["legal"]``) block NER spans.
    """
    from spacy.util import filter_spans

    def component(doc: Any) -> Any:
        legal = doc.spans.get("legal", [])
        blocked = [
            Entity(EntityLabel(span.label_), span.start_char, span.end_char, span.text)
            for span in legal
            if span.label_ in _BLOCKING
        ]
        spans = []
        for entity in tag_entities(doc.text, blocked=blocked):
            span = doc.char_span(
                entity.start,
                entity.end,
                label=entity.label.value,
                alignment_mode="expand",
            )
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    return component


# Labels whose spans the NER must not tag over.
_BLOCKING = frozenset(
    {
        EntityLabel.PLACEHOLDER.value,
        EntityLabel.COURT.value,
        EntityLabel.ADDRESS.value,
        EntityLabel.MAGISTRATE_SECTION.value,
    }
)
