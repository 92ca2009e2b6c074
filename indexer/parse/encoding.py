"""Character encodings of Russian text files: detected, never assumed.

Russian documents still arrive in four encodings: UTF-8 (with or without a BOM),
UTF-16 (Windows "Unicode" text, with a BOM), Windows-1251 and KOI8-R, and the odd
DOS CP866 file. Declarations lie (a page says windows-1251 and is UTF-8), so the
rule is: a BOM is believed, strict UTF-8 is believed (8-bit Cyrillic text is never
valid UTF-8 by accident), and otherwise every single-byte Cyrillic code page is
tried and the decoding that reads most like Russian wins.

The scorer counts the share of characters that fall in the most common lowercase
Russian letter pairs. KOI8-R bytes decoded as Windows-1251 (and the reverse) come
out as mostly capital letters in the wrong order, so they score near zero; CP866
decoded as 1251 comes out as punctuation and box-drawing characters.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Single-byte code pages that Russian text is found in, most common first (the
# order breaks ties).
CYRILLIC_CODEPAGES = ("cp1251", "koi8-r", "cp866", "mac-cyrillic")

# The most frequent letter pairs of Russian prose (counted on legal text: court
# decisions and statutes), lowercase only — the property a wrong code page breaks.
_COMMON_BIGRAM_LIST = (
    "ст но ен то на ов ни ра во ко ро по пр ре ли ан ол ер ор ос го ал ны ел не та "
    "от ит ет ри ть ка де ва ом ла ле ти ес ск ие ин ой ог ия за да ед ат ас ии ем"
)
_COMMON_BIGRAMS = frozenset(_COMMON_BIGRAM_LIST.split())

# A lowercase Cyrillic letter pair, e.g. "ст" in "статья".
_CYRILLIC_PAIR = re.compile(r"(?=([а-яё]{2}))")

# How much of a file the scorer reads: enough for any document's first pages.
_SAMPLE_BYTES = 64 * 1024

# A decoding is accepted as Russian when this share of its characters sits in a
# common lowercase pair; real Russian text scores 0.25-0.45, wrong code pages < 0.05.
_MIN_RUSSIAN_SCORE = 0.08

# Share of high bytes that must be 0x00 or 0x04 for BOM-less UTF-16 (Latin and
# Cyrillic text); a few other scripts' characters may be mixed in.
_UTF16_HIGH_SHARE = 0.9

# A declared charset is kept when its decoding scores at least this share of the
# best candidate's score (a declaration that is right but on a short text may lose
# narrowly to a lucky wrong code page).
_DECLARED_MARGIN = 0.5


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding that was found to fit.

    Attributes:
        text: the decoded text (a BOM is not part of it).
        encoding: the Python codec name used, e.g. "utf-8", "cp1251", "koi8-r".
        confident: False when no candidate read like Russian and the encoding is a
            best guess (the caller should record a warning).
    """

    text: str
    encoding: str
    confident: bool = True


def russian_score(text: str) -> float:
    """Score how much ``text`` reads like Russian, 0.0 (not at all) to about 0.5.

    Args:
        text: decoded text, ideally a few kilobytes.

    Returns:
        The share of characters that start a common lowercase Russian letter pair.
    """
    if not text:
        return 0.0
    pairs = _CYRILLIC_PAIR.findall(text.lower() if text.isupper() else text)
    good = sum(1 for pair in pairs if pair in _COMMON_BIGRAMS)
    return good / len(text)


def sniff_bom(data: bytes) -> str | None:
    """Return the codec named by a byte-order mark at the start of ``data``, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a Russian text file's bytes, detecting the encoding.

    Order: a BOM; UTF-16 without a BOM (recognised by its high bytes); strict UTF-8;
    the ``declared`` charset if it decodes and reads as Russian nearly as well as
    the best candidate; the single-byte Cyrillic code page that scores best;
    finally charset-normalizer's guess for text that is not Russian at all.

    Args:
        data: the raw bytes.
        declared: a charset the file itself declares (an HTML meta tag, an RTF
            code page), treated as a hint only.

    Returns:
        The decoded text and the encoding used.
    """
    bom = sniff_bom(data)
    if bom is not None:
        return Decoded(data.decode(bom, errors="replace").lstrip("\ufeff"), bom)
    utf16 = _sniff_utf16(data)
    if utf16 is not None:
        return Decoded(data.decode(utf16, errors="replace"), utf16)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_single_byte(data, declared=_codec_name(declared))


def _sniff_utf16(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by its high bytes.

    In UTF-16 Russian text every other byte is the high byte of a code unit: 0x04
    for a Cyrillic letter, 0x00 for a space, digit or Latin letter. Such data must
    be checked before UTF-8, because its bytes are all ASCII and so valid UTF-8.
    """
    sample = data[: _SAMPLE_BYTES & ~1]
    if len(sample) < 4 or 0 not in sample:
        return None
    for name, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if high.count(0) + high.count(4) >= _UTF16_HIGH_SHARE * len(high):
            return name
    return None


def _decode_single_byte(data: bytes, *, declared: str | None) -> Decoded:
    """Pick the single-byte code page whose decoding reads most like Russian."""
    sample = data[:_SAMPLE_BYTES]
    scores = {
        codepage: russian_score(sample.decode(codepage, errors="replace"))
        for codepage in CYRILLIC_CODEPAGES
    }
    best = max(CYRILLIC_CODEPAGES, key=lambda codepage: scores[codepage])
    if declared is not None and declared != "utf-8":
        declared_score = _declared_score(sample, declared, scores)
        if declared_score is not None and (
            declared_score >= _DECLARED_MARGIN * scores[best]
        ):
            return Decoded(data.decode(declared, errors="replace"), declared)
    if scores[best] >= _MIN_RUSSIAN_SCORE:
        return Decoded(data.decode(best, errors="replace"), best)
    return _decode_unknown(data, fallback=declared or best)


def _declared_score(
    sample: bytes, declared: str, scores: dict[str, float]
) -> float | None:
    """Score the declared charset, or None when it cannot decode the bytes."""
    if declared in scores:
        return scores[declared]
    try:
        return russian_score(sample.decode(declared))
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_unknown(data: bytes, *, fallback: str) -> Decoded:
    """Decode text that is not Russian in any code page (charset-normalizer's guess)."""
    from charset_normalizer import from_bytes

    match = from_bytes(data[: _SAMPLE_BYTES * 4]).best()
    encoding = _codec_name(match.encoding) if match is not None else None
    if encoding is None:
        encoding = fallback
    logger.debug("no Russian reading found; using %s", encoding)
    return Decoded(data.decode(encoding, errors="replace"), encoding, confident=False)


def _codec_name(charset: str | None) -> str | None:
    """Python's canonical codec name for a declared charset, None if unknown."""
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name
    except LookupError:
        return None


# Windows code pages named by RTF \fcharset numbers (the RTF 1.9.1 specification's
# font table): 204 is Cyrillic, which is what Russian documents use.
FCHARSET_CODEPAGES = {
    0: "cp1252",
    1: None,  # "default": whatever \ansicpg says
    2: None,  # Symbol font: glyphs, not letters
    77: "mac_roman",
    128: "cp932",
    129: "cp949",
    134: "cp936",
    136: "cp950",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
    255: "cp437",
}


def codepage_codec(codepage: int) -> str | None:
    """Python codec for a Windows code page number (``\\ansicpg1251``), if known."""
    return _codec_name(f"cp{codepage}")
