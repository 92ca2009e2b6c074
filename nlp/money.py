"""Money amounts in roubles: reading them from court texts and writing them for documents.

Amounts are exact :class:`~decimal.Decimal` values in roubles with kopecks
(``Decimal("12345.67")``), never floats. The reader accepts digits with the usual
thousands separators («12 345,67 руб.», «5038303 руб. 78 коп.»), scale words
(«5 тыс. руб.», «3,3 млн руб.»), amounts in words («двенадцать тысяч рублей
67 копеек») and the legal habit of doubling an amount in words in parentheses,
which stays one entity: «1 234 567 (один миллион …) рублей 89 копеек».
"""

from __future__ import annotations

import logging
import re
from decimal import ROUND_HALF_UP, Decimal

from lexdesk.errors import UserInputError
from nlp.entities import Entity, EntityLabel, drop_overlaps, make_entity
from nlp.numwords import (
    NUMBER_WORD_PATTERN,
    Gender,
    number_to_words,
    parse_number_words,
    plural_form,
)

logger = logging.getLogger(__name__)

KOPECK = Decimal("0.01")

# Spaces that separate digit groups: plain, no-break (Word, HTML &nbsp;), narrow
# no-break and thin (typeset PDFs). Matches the gap in «12 345».
_GAP = r"[ \u00a0\u202f\u2009]"

# A rouble word after an amount: «руб.», «руб», «рублей», «рубля», «рубль», «р.», «₽».
_RUB = r"(?:руб(?:л(?:ей|ям|ями|ях|я|ь)|\.)?(?![а-яё])|р\.(?![а-яё])|₽)"

# A kopeck word: «коп.», «коп», «копеек», «копейки», «копейка», «копейку».
_KOP = r"коп(?:е(?:ек|йк[аиу])|\.)?(?![а-яё])"

# A run of number words: «двенадцать тысяч триста сорок пять», «один, миллион».
_WORDS = rf"{NUMBER_WORD_PATTERN}(?:[\s,]+{NUMBER_WORD_PATTERN})*"

# The kopeck tail of an amount, in digits or words: «67 коп.», «00 копеек»,
# «шестьдесят семь копеек».
_KOP_TAIL = rf"(?:(?P<kop>\d{{1,2}})|(?P<kopw>{_WORDS})){_GAP}*{_KOP}"

# A whole amount in words inside parentheses after the digits:
# «(двенадцать тысяч триста сорок пять рублей 67 копеек)»,
# «(один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь)».
_PAREN_WORDS = (
    rf"\(\s*(?P<pw>{_WORDS})(?:\s+{_RUB}"
    rf"(?:\s+(?:\d{{1,2}}|{_WORDS})\s+{_KOP})?)?\s*\)"
)

# An amount in digits: «12 345 руб. 67 коп.», «12345,67 рублей», «5 тыс. руб.»,
# «3,3 млн руб.», «1 234 567 (один миллион …) рублей 89 копеек»,
# «12 345 руб. 67 коп. (двенадцать тысяч … 67 копеек)». The integer part is either
# groups of three separated by a gap or a plain run of digits; it never starts inside
# a number («2021-12345 руб.» yields nothing from «21-…»).
DIGITS_AMOUNT_RE = re.compile(
    rf"(?<![\d.,/-])(?P<int>\d{{1,3}}(?:{_GAP}\d{{3}})+|\d+)(?![\d])"
    rf"(?:[,.](?P<frac>\d{{1,3}})(?!\d))?"
    rf"(?:{_GAP}*(?P<scale>тыс(?:яч[аи]?|\.)?|млн\.?|млрд\.?"
    rf"|миллиард(?:ов|а)?|миллион(?:ов|а)?)(?![а-яё]))?"
    rf"(?:{_GAP}*{_PAREN_WORDS})?"
    rf"{_GAP}*{_RUB}"
    rf"(?:{_GAP}*{_KOP_TAIL})?"
    rf"(?:{_GAP}*(?P<tail>{_PAREN_WORDS.replace('?P<pw>', '?P<tw>')}))?",
    re.IGNORECASE,
)

# An amount only in words: «двенадцать тысяч триста сорок пять рублей 67 копеек»,
# «пять рублей».
WORDS_AMOUNT_RE = re.compile(
    rf"(?P<words>{_WORDS})\s+{_RUB}(?:\s+{_KOP_TAIL})?",
    re.IGNORECASE,
)

# Where an amount in words may end: a rouble word, «руб», «₽», «р.».
_ROUBLE_HINT_RE = re.compile(r"руб|₽|р\.", re.IGNORECASE)
# How far before a rouble word an amount in words may start, and its kopeck tail
# may reach after it, in characters: the longest amount in words below a trillion
# is about 150 characters.
WORDS_WINDOW = 250

# Scale words after digits → multiplier.
_SCALE_VALUES = {"тыс": 1000, "млн": 10**6, "мил": 10**6, "млр": 10**9}


def extract_money(text: str) -> list[Entity]:
    """Find amounts of money in roubles.

    Args:
        text: any text.

    Returns:
        MONEY entities ordered by position. ``value`` is the amount in roubles with
        two decimals («12345.67»); ``extra["currency"]`` is «RUB»; an amount written
        in digits and words whose words disagree with the digits carries
        ``extra["words_mismatch"] == "true"`` (the digits win).
    """
    found: list[Entity] = []
    for match in DIGITS_AMOUNT_RE.finditer(text):
        entity = _digits_entity(text, match)
        if entity is not None:
            found.append(entity)
    for match in _iter_word_amounts(text):
        entity = _words_entity(text, match)
        if entity is not None:
            found.append(entity)
    return drop_overlaps(found)


def _iter_word_amounts(text: str) -> list[re.Match[str]]:
    """Match amounts in words only near a rouble word.

    Scanning the whole text with the number-word alternation costs more than all
    other money patterns together; an amount in words always ends with a rouble
    word, so only a window before each one is searched.
    """
    # Merge the windows around rouble words so that each character is scanned once.
    windows: list[list[int]] = []
    for hint in _ROUBLE_HINT_RE.finditer(text):
        low, high = hint.start() - WORDS_WINDOW, hint.end() + WORDS_WINDOW
        if windows and low <= windows[-1][1]:
            windows[-1][1] = high
        else:
            windows.append([max(0, low), high])
    return [
        match
        for low, high in windows
        for match in WORDS_AMOUNT_RE.finditer(text, low, min(high, len(text)))
    ]


def _kopecks(match: re.Match[str]) -> Decimal | None:
    if match.group("kop"):
        return Decimal(match.group("kop")) * KOPECK
    if match.group("kopw"):
        value = parse_number_words(match.group("kopw"))
        return None if value is None or value > 99 else Decimal(value) * KOPECK
    return Decimal(0)


def _digits_entity(text: str, match: re.Match[str]) -> Entity | None:
    integer = re.sub(r"\D", "", match.group("int"))
    frac, scale = match.group("frac"), match.group("scale")
    if frac and len(frac) == 3 and not scale:
        return None  # «12,345 руб.»: a thousands comma or a typo, not kopecks
    amount = Decimal(f"{integer}.{frac}") if frac else Decimal(integer)
    if scale:
        amount *= _SCALE_VALUES[scale.lower()[:3]]
    kopecks = _kopecks(match)
    if kopecks is None:
        return None
    amount = (amount + kopecks).quantize(KOPECK)

    extra = {"currency": "RUB"}
    words = match.group("pw") or match.group("tw")
    if words and not scale and parse_number_words(words) != int(integer):
        extra["words_mismatch"] = "true"
    return make_entity(
        EntityLabel.MONEY, text, match.start(), match.end(), str(amount), **extra
    )


def _words_entity(text: str, match: re.Match[str]) -> Entity | None:
    roubles = parse_number_words(match.group("words"))
    kopecks = _kopecks(match)
    if roubles is None or kopecks is None:
        return None
    amount = (Decimal(roubles) + kopecks).quantize(KOPECK)
    return make_entity(
        EntityLabel.MONEY, text, match.start(), match.end(), str(amount), currency="RUB"
    )


def group_digits(number: int, *, separator: str = " ") -> str:
    """Write an integer with thousands groups: 1234567 → «1 234 567»."""
    return f"{number:,}".replace(",", separator)


def format_money(amount: Decimal, *, separator: str = " ") -> str:
    """Write an amount in digits and in words, as claims and court documents do.

    Args:
        amount: non-negative amount in roubles; rounded half-up to kopecks.
        separator: thousands separator of the digits (a no-break space for
            typeset documents).

    Returns:
        «12 345 руб. 67 коп. (двенадцать тысяч триста сорок пять рублей 67 копеек)»
        for ``Decimal("12345.67")``.

    Raises:
        UserInputError: the amount is negative or not a finite number.
    """
    if not amount.is_finite() or amount < 0:
        raise UserInputError(
            f"cannot write amount {amount!s:.40}",
            user_message=f"Сумма «{amount!s:.40}» должна быть неотрицательным числом",
        )
    kopecks_total = int(amount.quantize(KOPECK, rounding=ROUND_HALF_UP) * 100)
    roubles, kopecks = divmod(kopecks_total, 100)
    rouble_word = plural_form(roubles, ("рубль", "рубля", "рублей"))
    kopeck_word = plural_form(kopecks, ("копейка", "копейки", "копеек"))
    words = number_to_words(roubles, gender=Gender.MASCULINE)
    return (
        f"{group_digits(roubles, separator=separator)} руб. {kopecks:02d} коп. "
        f"({words} {rouble_word} {kopecks:02d} {kopeck_word})"
    )
