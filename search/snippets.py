"""Snippets: a short passage of a hit with the matched word forms marked.

The embedded index matches words through their lemmas, so SQLite's own
``snippet()`` (which marks tokens of the column that matched) cannot mark
«должника» for the query «должнику». Instead each document stores *checkpoints*:
the character offset of every :data:`CHECKPOINT_STEP`-th word in its text and in
its lemma stream. A snippet finds the first matching lemma with a plain string
search, jumps to the nearest checkpoint and tokenizes only a window of words — a
few dozen regex steps per hit, whatever the document's length.
"""

from __future__ import annotations

import html
import itertools
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from nlp.lemmas import MAX_WORD_LENGTH, WORD_RE, lemma, lemma_variants
from search.query import And, FieldTerm, Node, Not, Or, Phrase, Range, Term

# Words between two checkpoints; 16 keeps checkpoints at ~1/20 of the text size.
CHECKPOINT_STEP = 16
# A block of up to CHECKPOINT_STEP words of a text, and of a lemma stream (lemmas
# are single-space separated); a block starts at every STEP-th word.
_TEXT_BLOCK = re.compile(
    r"[^\W_]+(?:[\W_]+[^\W_]+){0,%d}" % (CHECKPOINT_STEP - 1)  # noqa: UP031
)
_LEMMA_BLOCK = re.compile(r"[^ ]+(?: [^ ]+){0,%d}" % (CHECKPOINT_STEP - 1))  # noqa: UP031

# Words shown before the first match and in the whole snippet.
WORDS_BEFORE = 8
WORDS_IN_SNIPPET = 32

_SPACES = re.compile(r"\s+")

# Needles this short («за», «по», «с») are function words as snippet anchors;
# «суд» and «при» are not told apart by length, so three letters count as content.
SHORT_WORD = 2

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"


@dataclass(frozen=True)
class Highlight:
    """What to mark in a snippet, derived once per query from its AST.

    Attributes:
        lemmas: lemmas of the query's words (all their forms are marked).
        prefixes: lower-cased prefixes from ``word*``.
        phrases: lemma sequences of the query's phrases.
    """

    lemmas: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def is_empty(self) -> bool:
        """Whether the query has no word to mark (a pure field query)."""
        return not (self.lemmas or self.prefixes or self.phrases)


def highlight_for(node: Node) -> Highlight:
    """Collect the words to mark from a query AST, skipping excluded (NOT) parts."""
    lemmas: set[str] = set()
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []

    def visit(current: Node) -> None:
        if isinstance(current, Term):
            if current.prefix:
                prefixes.append(current.text.lower().replace("ё", "е"))
            else:
                lemmas.update(lemma_variants(current.text))
        elif isinstance(current, Phrase):
            if len(current.words) == 1 or current.slop is not None:
                for word in current.words:
                    lemmas.update(lemma_variants(word))
            else:
                phrases.append(tuple(lemma(word) for word in current.words))
        elif isinstance(current, And | Or):
            for child in current.children:
                visit(child)
        elif isinstance(current, Not | FieldTerm | Range):
            return

    visit(node)
    return Highlight(frozenset(lemmas), tuple(prefixes), tuple(phrases))


def compute_checkpoints(text: str, lemmas: str) -> bytes:
    """Return the checkpoint blob stored beside a document's text and lemma stream.

    Layout: an ``array('I')`` of pairs (text offset, lemma-stream offset) for words
    0, STEP, 2·STEP, …
    """
    # One regex match per block of STEP words, in C: its start is a checkpoint.
    text_starts = [match.start() for match in _TEXT_BLOCK.finditer(text)]
    lemma_starts = [match.start() for match in _LEMMA_BLOCK.finditer(lemmas)]
    offsets = array("I")
    for text_start, lemma_start in zip(text_starts, lemma_starts, strict=False):
        offsets.append(text_start)
        offsets.append(lemma_start)
    return offsets.tobytes()


def make_snippet(
    text: str, lemmas: str, checkpoints: bytes, highlight: Highlight
) -> str:
    """Return an HTML-escaped passage of ``text`` with matches in ``<mark>`` tags."""
    offsets = memoryview(checkpoints).cast("I")
    first = _first_match_word(lemmas, highlight) if not highlight.is_empty else 0
    start_word = max(0, first - WORDS_BEFORE)

    # Jump to the checkpoint at or before the window, then walk word by word.
    block = min(start_word // CHECKPOINT_STEP, len(offsets) // 2 - 1)
    if block < 0:
        return html.escape(_collapse(text[:240]))
    text_pos, lemma_pos = offsets[2 * block], offsets[2 * block + 1]
    skip = start_word - block * CHECKPOINT_STEP
    need = skip + WORDS_IN_SNIPPET
    words = list(itertools.islice(WORD_RE.finditer(text, text_pos), need))
    # A lemma is at most MAX_WORD_LENGTH characters: bound the slice, not the rest.
    bound = lemma_pos + need * (MAX_WORD_LENGTH + 1)
    word_lemmas = lemmas[lemma_pos:bound].split(" ", need)[:need]
    words, word_lemmas = words[skip:], word_lemmas[skip:]
    if not words:
        return html.escape(_collapse(text[:240]))

    marked = _marked_positions(words, word_lemmas, highlight)
    return _render(text, words, marked)


def _first_match_word(lemmas: str, highlight: Highlight) -> int:
    """Index of the word the snippet is built around, or 0 when none matches.

    The earliest match of a content word wins; a short function word («за», «по»)
    anchors the snippet only when nothing else matched, so that the snippet of
    «задолженность за услуги» shows «задолженность», not the first «за».
    """
    best, best_short = len(lemmas) + 1, len(lemmas) + 1
    for needle in _needles(highlight):
        position = _find_word(lemmas, needle)
        if position < 0:
            continue
        if len(needle) > SHORT_WORD:
            best = min(best, position)
        else:
            best_short = min(best_short, position)
    if best > len(lemmas):
        best = best_short
    if best > len(lemmas):
        return 0
    return lemmas.count(" ", 0, best)


def _needles(highlight: Highlight) -> Iterable[str]:
    yield from highlight.lemmas
    for phrase in highlight.phrases:
        yield " ".join(phrase)


def _find_word(haystack: str, needle: str) -> int:
    """Find ``needle`` at word boundaries of a space-separated stream; -1 if absent."""
    start = 0
    while (position := haystack.find(needle, start)) >= 0:
        end = position + len(needle)
        if (position == 0 or haystack[position - 1] == " ") and (
            end == len(haystack) or haystack[end] == " "
        ):
            return position
        start = position + 1
    return -1


def _marked_positions(
    words: list[re.Match[str]], word_lemmas: list[str], highlight: Highlight
) -> set[int]:
    lemmas = highlight.lemmas
    marked = {index for index, value in enumerate(word_lemmas) if value in lemmas}
    if highlight.prefixes:
        prefixes = highlight.prefixes
        for index, match in enumerate(words):
            if match.group().lower().replace("ё", "е").startswith(prefixes):
                marked.add(index)
    for phrase in highlight.phrases:
        size = len(phrase)
        for index, value in enumerate(word_lemmas):
            if (
                value == phrase[0]
                and tuple(word_lemmas[index : index + size]) == phrase
            ):
                marked.update(range(index, index + size))
    return {index for index in marked if index < len(words)}


def _render(text: str, words: list[re.Match[str]], marked: set[int]) -> str:
    window_start, window_end = words[0].start(), words[-1].end()
    pieces = ["…"] if window_start > 0 else []
    cursor = window_start
    for index, match in enumerate(words):
        if index not in marked:
            continue
        pieces.append(html.escape(_collapse(text[cursor : match.start()])))
        pieces.append(MARK_OPEN + html.escape(match.group()) + MARK_CLOSE)
        cursor = match.end()
    pieces.append(html.escape(_collapse(text[cursor:window_end])))
    if WORD_RE.search(text, window_end):
        pieces.append("…")
    else:
        # The window reaches the last word: keep the closing punctuation.
        pieces.append(html.escape(_collapse(text[window_end:].rstrip())))
    return "".join(pieces)


def _collapse(text: str) -> str:
    """Fold line breaks and runs of spaces to one space, keeping edge spaces."""
    return _SPACES.sub(" ", text)
