"""Text normalization applied to every parsed file before anything is indexed.

Every parser hands its raw text to :func:`normalize_text` (flowing formats) or
:func:`normalize_pages` (paged formats). The result is what search, the NLP
extractors and a reader see, so the rules are conservative: they undo artefacts of
typesetting and extraction, never rewrite wording.

What :func:`normalize_text` does, in order:

1. line ends become ``\\n`` (CRLF, CR, Unicode line/paragraph separators, form and
   vertical feeds);
2. Unicode NFC, so that «й» typed as «и» + combining breve matches «й»;
3. soft hyphens, zero-width characters and the BOM are dropped; the non-breaking
   hyphen becomes ``-``; typographic ligatures (ﬁ, ﬂ, …) are expanded; every kind of
   non-breaking or fixed-width space becomes a plain space; control characters and
   lone surrogates are removed (tabs stay: they separate table cells);
4. letter-spaced words are closed up: «Р Е Ш Е Н И Е» → «РЕШЕНИЕ»,
   «у с т а н о в и л а» → «установила» (words in such a heading are told apart by
   wider gaps); runs of one-letter words in ordinary prose are left alone;
5. runs of spaces become one space, lines are stripped, spaces around tabs dropped;
6. a lowercase Cyrillic word hyphenated at a line end is joined
   («задолжен-\\nности» → «задолженности»), unless the hyphen is a real one
   («жилищно-коммунальных», «юридическо-правовой»): the dictionary of pymorphy3
   decides when the spelling alone cannot;
7. more than one blank line in a row becomes one blank line.

:func:`normalize_pages` additionally removes running headers and footers repeated
on most pages and bare page numbers («- 3 -», «Страница 3 из 10»).
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

# Characters that are removed outright: soft hyphen (U+00AD, a hyphenation hint),
# zero-width space/joiners, word joiner, BOM and the interlinear annotation marks.
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufff9\ufffa\ufffb"

# Spaces of every width and the non-breaking ones (Unicode category Zs except the
# plain space, plus U+180E) all become a plain space.
_SPACES = "\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
_SPACES += "\u2009\u200a\u202f\u205f\u3000"

# Typographic ligatures that PDF text layers emit; NFKC would expand them too but
# would also rewrite superscripts and the «№» sign, which legal text needs intact.
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}


def _build_table() -> dict[int, Any]:
    """Build the one-pass character map behind step 3 of :func:`normalize_text`."""
    table: dict[int, Any] = {ord(ch): None for ch in _DROPPED}
    table.update({ord(ch): " " for ch in _SPACES})
    table.update({ord(ch): text for ch, text in _LIGATURES.items()})
    table[0x2011] = "-"  # non-breaking hyphen
    for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)):
        if chr(code) not in "\t\n":
            table[code] = None
    for code in range(0xD800, 0xE000):  # lone surrogates (from surrogateescape)
        table[code] = None
    return table


_CHAR_TABLE = _build_table()

# Any character that step 3 changes: a scan for these is far cheaper than a
# translate() over the whole text, and most texts have few of them, e.g. "\u00a0".
_ODD_CHARS = re.compile(
    "["
    + re.escape(
        "".join(chr(code) for code in _CHAR_TABLE if not 0xD800 <= code < 0xE000)
    )
    + "\ud800-\udfff]"
)

# Line ends other than CR and CRLF (replaced before): Unicode LINE SEPARATOR and
# PARAGRAPH SEPARATOR, form feed (a page break in pdftotext/antiword output) and
# vertical tab (Word's manual line break in some exports), e.g. "строка\fстрока".
_LINE_END = re.compile(r"[\u2028\u2029\f\v]")

# Either of the two above, for the one scan that decides whether to run them.
_LINE_END_OR_ODD = re.compile(_ODD_CHARS.pattern[:-1] + "\u2028\u2029\f\v]")

# A run of one-letter Cyrillic "words" separated by spaces: a letter-spaced word or
# heading, e.g. "Р Е Ш Е Н И Е" or "у с т а н о в и л а" or
# "Н А Ч И С Л Е Н О   З А" (a wider gap separates words). Each letter must stand
# alone: not preceded or followed by another letter or digit.
_SPACED_RUN = re.compile(r"(?<!\w)[А-Яа-яЁё](?!\w)(?: +[А-Яа-яЁё](?!\w))+")

# A cheap hint that a letter-spaced run may be present: a space, a lone letter,
# spaces and another lone letter, e.g. " Е Ш" inside "Р Е Ш Е Н И Е" (every run
# of three or more letters contains one).
_SPACED_HINT = re.compile(r" [А-Яа-яЁё] +[А-Яа-яЁё](?!\w)")

# The gap between two words of a letter-spaced heading: two or more spaces,
# e.g. the gap in "Н А Ч И С Л Е Н О   З А".
_WORD_GAP = re.compile(r" {2,}")

# Fewest letters a letter-spaced word must have to be closed up. Ordinary Russian
# prose can chain two or three one-letter words («и в», «а и в») but never four;
# an all-caps heading word of three letters («И С К») is safe to close up.
_MIN_SPACED_LETTERS = 4
_MIN_SPACED_CAPITALS = 3

# Two or more spaces, e.g. the justification gaps in "по  делу  №  2-304/2021".
_SPACE_RUN = re.compile(r" {2,}")

# Spaces around a tab (table cell separator), e.g. "цена \t 34,20".
_SPACED_TAB = re.compile(r" *\t *")

# Spaces at the start or end of a line, e.g. "      УСТАНОВИЛ:   ", and lines of
# nothing but tabs and spaces (an empty table-less tab stop line), e.g. "\t \t".
_LINE_EDGE_SPACES = re.compile(r"^[ \t]+$|^ +| +$", re.MULTILINE)

# A lowercase Cyrillic word broken at a line end with a hyphen, e.g.
# "задолжен-\nности" (group 1 "задолжен", group 2 "ности").
_LINE_END_HYPHEN = re.compile(r"(?<![\w-])([а-яё]+)-\n([а-яё]+)(?!\w)")

# Linking vowels of Russian compound adjectives: "жилищно-", "северо-", "юридическо-".
_COMPOUND_LINKS = ("о", "е")

# Three or more line breaks, i.e. more than one blank line, e.g. "абзац\n\n\n\nабзац".
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Return ``text`` cleaned for indexing and display.

    The rules are listed in the module docstring; they only undo typesetting and
    extraction artefacts and never change wording. The result has no leading or
    trailing whitespace, ``\\n`` line ends, and at most one blank line in a row.

    Args:
        text: raw text from a parser, any line-end convention.

    Returns:
        The normalized text (may be empty).
    """
    # Each step is guarded by a cheap substring test: most texts need few of them.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # One scan tells whether steps 1 and 3 have anything to do; most texts are
    # plain Cyrillic and ASCII and skip both.
    if _LINE_END_OR_ODD.search(text):
        text = _LINE_END.sub("\n", text)
        text = _ODD_CHARS.sub(_replace_odd_char, text)
    text = unicodedata.normalize("NFC", text)
    if _SPACED_HINT.search(text):
        text = _SPACED_RUN.sub(_close_up_spaced, text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if " \t" in text or "\t " in text:
        text = _SPACED_TAB.sub("\t", text)
    if " \n" in text or "\n " in text or "\n\t" in text or text.startswith(" "):
        text = _LINE_EDGE_SPACES.sub("", text)
    if "-\n" in text:
        text = _LINE_END_HYPHEN.sub(_join_hyphenated, text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def _replace_odd_char(match: re.Match[str]) -> str:
    """Step 3 for one character found by ``_ODD_CHARS``."""
    replacement = _CHAR_TABLE.get(ord(match.group(0)))
    return replacement if isinstance(replacement, str) else ""


def _close_up_spaced(match: re.Match[str]) -> str:
    """Close up one letter-spaced run found by ``_SPACED_RUN``, or leave it as is."""
    run = match.group(0)
    words = [group.replace(" ", "") for group in _WORD_GAP.split(run)]
    if not any(_is_spaced_word(word) for word in words):
        return run
    return " ".join(words)


def _is_spaced_word(word: str) -> bool:
    """Whether closed-up letters are long enough to have been one spaced word."""
    if word.isupper():
        return len(word) >= _MIN_SPACED_CAPITALS
    return len(word) >= _MIN_SPACED_LETTERS


def _join_hyphenated(match: re.Match[str]) -> str:
    """Join a word hyphenated at a line end, keeping the hyphen of a compound."""
    head, tail = match.group(1), match.group(2)
    if _is_known_word(f"{head}-{tail}"):
        return f"{head}-{tail}"
    if _is_known_word(head + tail) or not head.endswith(_COMPOUND_LINKS):
        return head + tail
    return f"{head}-{tail}"


@lru_cache(maxsize=8192)
def _is_known_word(word: str) -> bool:
    """Whether pymorphy3's dictionary knows ``word`` (False when it is unavailable)."""
    analyzer = _morph_analyzer()
    return bool(analyzer is not None and analyzer.word_is_known(word))


@lru_cache(maxsize=1)
def _morph_analyzer() -> Any:
    """Load pymorphy3 once, on the first ambiguous hyphenation only."""
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - pymorphy3 is a declared dependency
        logger.warning("pymorphy3 missing: line-end hyphens judged by spelling only")
        return None
    return pymorphy3.MorphAnalyzer()


# --- paged text ------------------------------------------------------------------

# How many lines at the top and at the bottom of a page may be a running header or
# footer (court acts and statutes carry up to three: court, case number, page).
_EDGE_LINES = 3

# A running header must repeat on at least this share of pages, and the document
# must have at least this many pages for repetition to mean anything.
_RUNNING_SHARE = 0.6
_RUNNING_MIN_PAGES = 3

# Digits inside a header line, replaced so that "Дело № 2-304/2021, стр. 3" and
# "…, стр. 4" compare equal, e.g. "3" in "стр. 3".
_DIGITS = re.compile(r"\d+")

# A bare page number line: "3", "- 3 -", "— 12 —", "стр. 3", "Стр. 3 из 10",
# "Страница 3 из 10", "3 из 10", "3/10".
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:стр\.?|страница)\s*)?\d{1,4}(?:\s*(?:из|/)\s*\d{1,4})?"
    r"(?:\s*[-–—])?$",
    re.IGNORECASE,
)


def normalize_pages(pages: list[str]) -> list[str]:
    """Normalize each page and strip running headers, footers and page numbers.

    A line among the first or last three of a page is a running header or footer
    when the same line (digits ignored, so page numbers may differ) sits in the same
    zone on at least 60 % of the pages of a document of three pages or more. Bare
    page-number lines («3», «- 3 -», «Страница 3 из 10») are removed from the edges
    of every page.

    Args:
        pages: raw text of each page, in page order.

    Returns:
        The normalized pages, as many as given (a page may become empty).
    """
    normalized = [normalize_text(page) for page in pages]
    lines = [page.split("\n") if page else [] for page in normalized]
    top, bottom = _running_lines(lines)
    cleaned = [_strip_page_edges(page_lines, top, bottom) for page_lines in lines]
    return ["\n".join(page_lines).strip() for page_lines in cleaned]


def _edge_key(line: str) -> str:
    """Key under which header lines of different pages compare equal."""
    return _DIGITS.sub("#", line.casefold())


def _running_lines(pages: list[list[str]]) -> tuple[set[str], set[str]]:
    """Keys of lines repeated at the top and at the bottom of most pages."""
    if len(pages) < _RUNNING_MIN_PAGES:
        return set(), set()
    needed = max(2, math.ceil(_RUNNING_SHARE * len(pages)))
    top_counts: Counter[str] = Counter()
    bottom_counts: Counter[str] = Counter()
    for page_lines in pages:
        content = [line for line in page_lines if line]
        zone = _edge_zone(len(content))
        if zone:
            top_counts.update({_edge_key(line) for line in content[:zone]})
            bottom_counts.update({_edge_key(line) for line in content[-zone:]})
    top = {key for key, count in top_counts.items() if count >= needed}
    bottom = {key for key, count in bottom_counts.items() if count >= needed}
    return top, bottom


def _edge_zone(line_count: int) -> int:
    """How many lines at each edge of a page may be running ones.

    A third of the page at most, so that on a short page the top and bottom zones
    never cover the body (a body line repeated on short pages is not a header).
    """
    return min(_EDGE_LINES, line_count // 3)


def _strip_page_edges(lines: list[str], top: set[str], bottom: set[str]) -> list[str]:
    """Drop running lines and page numbers from the top and bottom of one page."""
    start, end = 0, len(lines)
    zone = max(1, _edge_zone(sum(map(bool, lines))))
    for _ in range(zone + 1):
        while start < end and not lines[start]:
            start += 1
        if start < end and _is_edge_junk(lines[start], top):
            start += 1
    for _ in range(zone + 1):
        while end > start and not lines[end - 1]:
            end -= 1
        if end > start and _is_edge_junk(lines[end - 1], bottom):
            end -= 1
    return lines[start:end]


def _is_edge_junk(line: str, running: set[str]) -> bool:
    """Whether an edge line is a running header/footer or a bare page number."""
    return _edge_key(line) in running or bool(_PAGE_NUMBER.match(line))
