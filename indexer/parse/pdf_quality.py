"""The quality gate: is a page's extracted text real Russian text or garbage?

PDF text layers lie without raising errors: a font without a Unicode map yields
control characters or ``(cid:NN)`` codes, an invisible OCR layer made by an engine
without the Russian model yields Latin look-alikes ("CyAA P CTB E H" for
"СВИДЕТЕЛЬСТВО"), and a producer that mixed up code pages yields mojibake
("Ð¸Ð·" for "из"). :func:`assess_text` scores a page's text from 0 to 1 and names
the first defect found, so that the parser keeps only text that passed and sends
the rest to a slower extractor or to OCR.

The gate runs on every page of every PDF, so it is a handful of compiled regular
expressions counted over the whole text and no per-word Python loop: it must cost
a small fraction of pdfium's own text extraction.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Verdict(enum.StrEnum):
    """What the gate concluded about a page's text."""

    GOOD = "good"  # real text: index it
    GARBLED = "garbled"  # there is text, but it is not readable: try another extractor
    SPARSE = "sparse"  # (almost) no text: a scan, a blank page or a one-line page


@dataclass(frozen=True)
class GateResult:
    """The gate's score of one page's text.

    Attributes:
        score: 0.0 (garbage or nothing) to 1.0 (every word looks real).
        verdict: what the parser should do with the text.
        reason: the defect found, in English for logs and warnings ("" when good).
    """

    score: float
    verdict: Verdict
    reason: str

    @property
    def is_good(self) -> bool:
        """Whether the text passed the gate and can be indexed as it is."""
        return self.verdict is Verdict.GOOD


# Thresholds. Measured on the fixtures of lexdesk.synth.pdf and on the real files
# r15 (garbage OCR layer) and r17 (born-digital form) of shared/corpus/real: clean
# synthetic pages score 1.00, r17 scores 0.93 and 0.95, r15 scores 0.10, the
# Type3 font without a Unicode map scores 0.00, the stripped-ToUnicode TrueType
# font is caught by the glyph rule (about 30 % control characters).

# Below this share of real words the page is garbled (r17's sparse form: 0.93).
MIN_REAL_WORD_SHARE = 0.6
# Fewer letters than this is "no usable text": a scan with at most a page number.
MIN_LETTERS = 25
# More than this share of word tokens being (cid:NN) codes: pdfminer found no map.
MAX_CID_SHARE = 0.05
# More than this share of visible characters being U+FFFD, private-use or control
# characters: the font has no Unicode map (stripped-ToUnicode fixture: ~30 %).
MAX_BAD_GLYPH_SHARE = 0.02
# More than this share of visible characters being rare ASCII symbols ("<", "&",
# "@"): a font's codes read as ASCII (Type3 fixture: ~25 %; r17: 0 %).
MAX_SYMBOL_SHARE = 0.05
# Above this share of characters that cp1251 cannot encode or that are control
# characters, the exact glyph and mojibake checks run (clean pages: 0).
ODD_CHARACTER_SHARE = 0.005
# More than this share of letters in mojibake sequences: a code-page mix-up.
MAX_MOJIBAKE_SHARE = 0.1
# On a page whose Latin letters outnumber the Cyrillic ones, at least this share of
# the Latin words must be common English words for the Latin to count as real;
# an English paragraph measured 0.35, r15's look-alike layer 0.00.
MIN_ENGLISH_FUNCTION_SHARE = 0.08
# Share of words whose every letter is doubled ("ИИссттеецц") above which the page
# is taken as over-printed fake bold that the extractor failed to merge.
MAX_DOUBLED_WORD_SHARE = 0.2

# A pdfminer glyph without a Unicode map, e.g. "(cid:12)".
_CID = re.compile(r"\(cid:\d+\)")
# U+FFFD, private-use glyphs and C0 controls other than tab/newline, e.g. "\x01\x04".
_BAD_GLYPH = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")
# UTF-8 Cyrillic read as cp1252: a lead byte Ð/Ñ and a continuation byte, e.g. "Ð¸Ð·"
# for "из", "Ñ€" for "р".
_UTF8_AS_CP1252 = re.compile(
    r"[ÐÑ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    r"\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# cp1251 Cyrillic read as cp1252 / Latin-1: runs of accented letters, e.g. "Èñòåö"
# for "Истец".
_CP1251_AS_CP1252 = re.compile(r"[\u00c0-\u00ff]{4,}")
# Common English words, e.g. "the", "of": real English prose has many of them,
# Latin look-alike garbage ("CyAA", "npEAnpvr") has none.
_ENGLISH_FUNCTION_WORD = re.compile(
    r"(?<!\w)(?:the|of|and|to|in|is|for|on|that|by|with|as|at|be|this|are|or|from"
    r"|an|it|not|shall|any|which|was|has|have|will|its|such|all|a)(?!\w)",
    re.IGNORECASE,
)
# Three Cyrillic letters each written twice in a row, e.g. "ИИССТТ" in "ИИССТТЕЕЦЦ"
# (fake bold); no Russian word has three doubled letters in a row.
_DOUBLED_RUN = re.compile(r"([А-яЁё])\1([А-яЁё])\2([А-яЁё])\3")


# ASCII symbols that court texts rarely use and that a font without a Unicode map
# spills in quantity when its codes are read as ASCII (Type3 fixture: ~25 % of the
# visible characters); "_" of form blanks, "%" and "№"-free punctuation stay out.
_RARE_SYMBOLS = b"!#$&'*+<=>?@[\\]^`{|}~"


def _build_shape_table() -> bytes:
    """Map each cp1251 byte to its character class, one byte per class.

    Classes: ``U``/``l`` Cyrillic upper/lower, ``A``/``a`` Latin upper/lower,
    ``9`` digit, space for whitespace, ``#`` an ASCII symbol that prose rarely
    uses, ``~`` a control character, ``.`` anything else.
    """
    table = bytearray(b"." * 256)
    for byte in _RARE_SYMBOLS:
        table[byte] = ord("#")
    for byte in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]:
        table[byte] = ord("~")
    for byte in b" \t\n\x0b\x0c":
        table[byte] = ord(" ")
    for byte in range(ord("0"), ord("9") + 1):
        table[byte] = ord("9")
    for byte in range(ord("A"), ord("Z") + 1):
        table[byte] = ord("A")
    for byte in range(ord("a"), ord("z") + 1):
        table[byte] = ord("a")
    for byte in [*range(0xC0, 0xE0), 0xA8]:  # cp1251 А-Я, Ё
        table[byte] = ord("U")
    for byte in [*range(0xE0, 0x100), 0xB8]:  # cp1251 а-я, ё
        table[byte] = ord("l")
    return bytes(table)


_SHAPE_TABLE = _build_shape_table()
# Every cp1251 byte that is not a Cyrillic or Latin letter.
_NON_LETTER_BYTES = bytes(
    byte for byte in range(256) if chr(_SHAPE_TABLE[byte]) not in "lUaA"
)
# In the shape, "lU" and "aA" are a capital after a small letter of the same
# script, which a well-formed word never has ("HArMe" -> "AAaAa").
# The shape folded to scripts: ``c`` Cyrillic, ``L`` Latin, ``9`` digit, space for
# anything else. In it "cL"/"Lc" is a script switch inside a word ("Cyрр" -> "LLcc").
_SCRIPT_TABLE = bytes.maketrans(b"lUaA9#.", b"ccLL9  ")
# The shape folded to letter / digit: ``x9x`` is a digit between letters
# ("O6urecrny" -> "x9xxxxxxx").
_LETTER_TABLE = bytes.maketrans(b"lUaA9#.", b"xxxx9  ")


def assess_text(text: str) -> GateResult:
    """Score one page's extracted text and say whether it can be indexed.

    Args:
        text: the raw text of one page, before normalization.

    Returns:
        The score, the verdict and the first defect found. Hard defects
        (``(cid:NN)`` codes, control or replacement glyphs, mojibake, doubled
        fake-bold letters) make the page garbled outright; otherwise the score is
        one minus the share of malformed words, and on a page where Latin letters
        outnumber Cyrillic ones the Latin counts only when it reads as English.
    """
    # Character classes from the cp1251 bytes: C-speed counting, no per-word loop.
    encoded = text.encode("cp1251", "replace")
    shape = encoded.translate(_SHAPE_TABLE)

    # Characters cp1251 cannot encode (U+FFFD, private use, Latin-1 mojibake) and
    # control characters are rare in Russian text; only then run the exact checks.
    odd = encoded.count(b"?") - text.count("?") + shape.count(b"~")
    if "(cid:" in text or odd > ODD_CHARACTER_SHARE * len(text):
        hard = _find_hard_defect(text)
        if hard is not None:
            return hard

    scripts = shape.translate(_SCRIPT_TABLE)
    cyrillic = scripts.count(b"c")
    latin = scripts.count(b"L")
    # Words are counted by their separators; pdfium writes one space between words.
    tokens = shape.count(b" ") + 1
    defects = shape.count(b"lU") + shape.translate(_LETTER_TABLE).count(b"x9x")
    if latin:
        defects += scripts.count(b"cL") + scripts.count(b"Lc") + shape.count(b"aA")
    score = max(0.0, 1.0 - defects / tokens) if tokens else 0.0
    letters = cyrillic + latin
    symbols = shape.count(b"#")
    if symbols > MAX_SYMBOL_SHARE * (len(shape) - shape.count(b" ")):
        reason = f"{symbols} stray symbols: font codes read as ASCII"
        return GateResult(0.0, Verdict.GARBLED, reason)
    if letters < MIN_LETTERS:
        reason = f"too little text ({letters} letters)"
        return GateResult(round(score, 3), Verdict.SPARSE, reason)
    if _has_doubled_letters(encoded) and _DOUBLED_RUN.search(text):
        reason = "over-printed fake-bold glyphs not merged"
        return GateResult(0.0, Verdict.GARBLED, reason)

    if latin > cyrillic and not _reads_as_english(
        text, latin_words=shape.count(b" a") + shape.count(b" A")
    ):
        score = min(score, cyrillic / (cyrillic + latin))
        reason = "Latin look-alikes where Cyrillic is expected"
    else:
        reason = "too many malformed words"
    score = round(score, 3)
    if score < MIN_REAL_WORD_SHARE:
        return GateResult(score, Verdict.GARBLED, f"{reason} ({score:.0%} real)")
    return GateResult(score, Verdict.GOOD, "")


def _has_doubled_letters(encoded: bytes) -> bool:
    """Whether the letters (cp1251 bytes) hold three doubled letters in a row.

    A cheap pre-check for :data:`_DOUBLED_RUN`: the letters are split into pairs
    at even and at odd offsets, and the pairs XOR-ed as big integers; three zero
    bytes in a row are three equal pairs ("ИИССТТ").
    """
    letters = encoded.translate(None, _NON_LETTER_BYTES)
    for start in (0, 1):
        first, second = letters[start::2], letters[start + 1 :: 2]
        size = min(len(first), len(second))
        xor = int.from_bytes(first[:size], "big") ^ int.from_bytes(second[:size], "big")
        if b"\0\0\0" in xor.to_bytes(size, "big"):
            return True
    return False


def _find_hard_defect(text: str) -> GateResult | None:
    """Return a garbled verdict for cid codes, bad glyphs or mojibake, else None."""
    if "(cid:" in text:
        cid = len(_CID.findall(text))
        if cid / max(1, len(text.split())) > MAX_CID_SHARE:
            return GateResult(
                0.0, Verdict.GARBLED, f"{cid} glyphs without Unicode (cid:NN)"
            )

    visible = len(text) - text.count(" ") - text.count("\n")
    bad = len(_BAD_GLYPH.findall(text))
    if visible and bad / visible > MAX_BAD_GLYPH_SHARE:
        share = bad / visible
        return GateResult(
            round(1.0 - share, 3),
            Verdict.GARBLED,
            f"{share:.0%} replacement, private-use or control glyphs",
        )

    # Both mix-ups leave letters of U+00C0-U+00FF, whose UTF-8 lead byte is C3.
    if b"\xc3" not in text.encode("utf-8", "surrogatepass"):
        return None
    mojibake = 2 * len(_UTF8_AS_CP1252.findall(text))
    mojibake += sum(len(run) for run in _CP1251_AS_CP1252.findall(text))
    letters = sum(1 for char in text if char.isalpha())
    if letters and mojibake / letters > MAX_MOJIBAKE_SHARE:
        return GateResult(
            0.0, Verdict.GARBLED, "mojibake (Cyrillic read in a wrong code page)"
        )
    return None


def _reads_as_english(text: str, *, latin_words: int) -> bool:
    """Whether a Latin-dominated text has the function words of real English."""
    english = len(_ENGLISH_FUNCTION_WORD.findall(text))
    return english / max(1, latin_words) >= MIN_ENGLISH_FUNCTION_SHARE
