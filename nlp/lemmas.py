"""Words and their lemmas: the morphology behind Russian search.

The search index keeps, beside the text, a *lemma stream*: one lemma for every word
token of the text, in the same order, separated by spaces. A query word is
lemmatized the same way, so «должнику» finds «должника». Because the stream is
aligned token-for-token with :func:`iter_words`, the i-th lemma of a document is the
i-th word of its text, which is how snippets mark the matched word forms.

Lemmas come from pymorphy3 (the OpenCorpora dictionary) and are cached: legal text
repeats a small vocabulary, so after warm-up nearly every lookup is a dict hit.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

# A word is a run of letters and digits, as SQLite FTS5's unicode61 tokenizer sees it
# (underscore is a separator there, so it is excluded here too).
WORD_RE = re.compile(r"[^\W_]+")

# Tokens longer than this are not words (hashes, glued garbage) and are not analysed.
MAX_WORD_LENGTH = 40
# Parses considered for a query word's lemma variants (most probable first).
MAX_VARIANTS = 4

_lock = threading.Lock()
_analyzer: Any = None


def get_analyzer() -> Any:
    """Load pymorphy3's dictionary once per process (about 15 MB, 0.3 s)."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                import pymorphy3

                _analyzer = pymorphy3.MorphAnalyzer()
    return _analyzer


def iter_words(text: str) -> Iterator[re.Match[str]]:
    """Yield the word tokens of ``text`` as regex matches (with start/end offsets)."""
    return WORD_RE.finditer(text)


@lru_cache(maxsize=500_000)
def lemma(word: str) -> str:
    """Return the dictionary form of one word, lower-cased, «ё» written as «е».

    Words that are not Cyrillic (numbers, Latin) are only lower-cased. For an
    ambiguous form the most probable parse wins; documents are indexed by this
    lemma, and queries look for all of :func:`lemma_variants` so that the
    ambiguity never hides a document.
    """
    return lemma_variants(word)[0]


@lru_cache(maxsize=100_000)
def lemma_variants(word: str) -> tuple[str, ...]:
    """Return the distinct lemmas of all parses of a word, most probable first.

    «пеня» is most probably a form of «пенить» for pymorphy3, while «пени» in a
    document is indexed as «пеня»: a query for «пеня» must look for both.
    """
    lowered = word.lower()
    folded = lowered.replace("ё", "е")
    if len(lowered) > MAX_WORD_LENGTH or not _has_cyrillic(lowered):
        return (folded,)
    # Parse with «ё» kept: it disambiguates («отменён» is not «отменный»).
    variants: list[str] = []
    for parse in get_analyzer().parse(lowered)[:MAX_VARIANTS]:
        normal = parse.normal_form.replace("ё", "е")
        # A lemma must stay one token for the stream to stay aligned.
        if WORD_RE.fullmatch(normal) and normal not in variants:
            variants.append(normal)
    return tuple(variants) or (folded,)


def _has_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def lemma_stream(text: str) -> str:
    """Return the space-separated lemmas of every word of ``text``, in order."""
    return " ".join([lemma(match.group()) for match in WORD_RE.finditer(text)])


def warm_up() -> None:
    """Load the dictionary now rather than on the first query."""
    lemma("должник")
