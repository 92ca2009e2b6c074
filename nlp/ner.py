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
from typing import Any

import numpy as np

from nlp.entities import Entity, EntityLabel, make_entity

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
    }
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
            following = tokens[index + 1]
            at_end = "\n" in text[token.end() : following.start()] or (
                _is_sentence_end(tokens, index) and following.group()[:1].isupper()
            )
        if (at_end and size >= 8) or size >= WINDOW_TOKENS:
            windows.append((start, index + 1))
            start = index + 1
    if start < len(tokens):
        windows.append((start, len(tokens)))
    return windows


def _is_sentence_end(tokens: Sequence[re.Match[str]], index: int) -> bool:
    """A full stop after an initial or an abbreviation («Т.», «г.», «ст.») is not."""
    mark = tokens[index].group()
    if mark not in _SENTENCE_END:
        return False
    return mark != "." or index == 0 or len(tokens[index - 1].group()) > 3


def _tag_windows(words: list[str], windows: list[tuple[int, int]]) -> list[str]:
    """Tag every word (BIO tags), running the model batch by batch."""
    from slovnet.shape import word_shape

    infer = get_tagger().infer
    words_vocab = infer.encoder.words_vocab
    shapes_vocab = infer.encoder.shapes_vocab
    word_ids = np.array([words_vocab.encode(w.lower()) for w in words], dtype=np.int64)
    shape_ids = np.array(
        [shapes_vocab.encode(word_shape(w)) for w in words], dtype=np.int64
    )
    tags: list[str] = [""] * len(words)
    ordered = sorted(windows, key=lambda w: w[1] - w[0])
    for batch_start in range(0, len(ordered), BATCH_WINDOWS):
        batch = ordered[batch_start : batch_start + BATCH_WINDOWS]
        width = max(end - start for start, end in batch)
        word_batch = np.full((len(batch), width), words_vocab.pad_id, dtype=np.int64)
        shape_batch = np.full((len(batch), width), shapes_vocab.pad_id, dtype=np.int64)
        for row, (start, end) in enumerate(batch):
            word_batch[row, : end - start] = word_ids[start:end]
            shape_batch[row, : end - start] = shape_ids[start:end]
        pad_mask = word_batch == words_vocab.pad_id
        emissions = infer.model(word_batch, shape_batch, pad_mask)
        paths = infer.model.head.crf.decode(emissions, ~pad_mask)
        for (start, end), path in zip(batch, paths, strict=True):
            decoded = [infer.decoder.tags_vocab.decode(int(i)) for i in path]
            tags[start:end] = decoded[: end - start]
    return tags


def _spans(
    tokens: Sequence[re.Match[str]], tags: list[str]
) -> list[tuple[str, int, int]]:
    """BIO tags → (type, start, end) character spans."""
    spans: list[tuple[str, int, int]] = []
    current: list[Any] | None = None
    for token, tag in zip(tokens, tags, strict=True):
        kind = tag[2:] if len(tag) > 2 else ""
        if tag.startswith("I-") and current is not None and current[0] == kind:
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
    for kind, raw_start, raw_end in _spans(tokens, tags):
        start, end = _trim(head, raw_start, raw_end)
        surface = head[start:end]
        if end <= start or " ".join(surface.lower().split()) in STOP_WORDS:
            continue
        if surface.isupper() and len(surface) > 4 and " " not in surface:
            continue  # a heading word in capitals, not a name
        if _overlaps(start, end, blocked_spans):
            continue
        found.append(make_entity(_TYPES[kind], text, start, end))
    return found


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
