"""Calendar dates in Russian legal text, normalized to ISO 8601.

Court acts write dates as «17.08.2021», «17.08.21», «17 августа 2021 г.» and, in the
operative part, «"17" августа 2021 года». Published acts replace some dates with the
mask «ДД.ММ.ГГГГ» (262-ФЗ depersonalization); those are returned as DATE entities
with an empty value and ``extra["depersonalized"] == "true"``, so that the text
still shows a date was there.

Dates are never read out of case numbers («2-1016/2021»), citation numbers
(«ст. 333.19»), clause numbers («п. 3.2.1») or amounts.
"""

from __future__ import annotations

import datetime as dt
import re

from nlp.entities import Entity, EntityLabel, drop_overlaps, make_entity

# Genitive month names as dates use them: «17 августа», also «мая»; → month number.
MONTHS: dict[str, int] = {
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

# Two-digit years at or below this are 20YY, above it 19YY («17.08.21» → 2021,
# «01.02.98» → 1998): the corpus spans Soviet acts to current cases.
TWO_DIGIT_YEAR_PIVOT = 49

# The year word after a date, kept in the span: « г.», «г.», « года», « год».
_YEAR_WORD = r"(?:\s?(?:г\.|года?(?![а-яё])|гг\.))?"

# A numeric date: «17.08.2021», «1.8.2021», «17.08.2021г.»; with a two-digit year
# only zero-padded, «17.08.21», since «5.1.10» is a clause number. Not preceded
# by a digit, dot, slash or hyphen and not followed by «.digit», so «п. 3.2.1.5»,
# «333.19.2021» and «2-17.08/2021» yield nothing.
NUMERIC_DATE_RE = re.compile(
    r"(?<![\d./-])(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"
    r"|(?P<d2>\d\d)\.(?P<m2>\d\d)\.(?P<y2>\d\d))(?!\d|\.\d)" + _YEAR_WORD,
    re.IGNORECASE,
)

# A date with the month in words: «17 августа 2021 г.», ««17» августа 2021 года»,
# «"17" августа 2021г.», «1 мая 2020 года».
WORD_DATE_RE = re.compile(
    r"(?<![\d])[«\"“]?(?P<d>\d{1,2})[»\"”]?\s+(?P<m>"
    + "|".join(MONTHS)
    + r")\s+(?P<y>\d{4})(?!\d)"
    + _YEAR_WORD,
    re.IGNORECASE,
)

# What precedes a clause or article number that looks like a date:
# «п. 10.12.15», «пункт 10.02.2015», «ст. 12.15.21».
_NUMBERING_BEFORE_RE = re.compile(
    r"(?:\b(?:п|пп|ч|ст|гл|разд|подп)\.|\bпункт[а-я]*|\bстать[а-я]*)\s*$", re.IGNORECASE
)

# The depersonalization mask of a date: «ДД.ММ.ГГГГ», «ДД.ММ.ГГ», with «г.»/«года».
MASKED_DATE_RE = re.compile(r"(?<![А-ЯЁ])ДД\.ММ\.ГГ(?:ГГ)?(?![А-ЯЁ])" + _YEAR_WORD)


def _iso(day: int, month: int, year: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    short = int(year)
    return 2000 + short if short <= TWO_DIGIT_YEAR_PIVOT else 1900 + short


def _is_numbering(text: str, start: int) -> bool:
    return _NUMBERING_BEFORE_RE.search(text, max(0, start - 12), start) is not None


def extract_dates(text: str) -> list[Entity]:
    """Find dates and return them with ISO values.

    Args:
        text: any text.

    Returns:
        DATE entities ordered by position: ``value`` is ``YYYY-MM-DD``; a
        depersonalized «ДД.ММ.ГГГГ» has an empty value and
        ``extra["depersonalized"] == "true"``. Impossible dates («31.02.2021») are
        not returned.
    """
    found: list[Entity] = []
    for match in NUMERIC_DATE_RE.finditer(text):
        day, month, year = (
            (match["d"], match["m"], match["y"])
            if match["d"]
            else (match["d2"], match["m2"], match["y2"])
        )
        iso = _iso(int(day), int(month), _full_year(year))
        if iso is not None and not _is_numbering(text, match.start()):
            found.append(make_entity(EntityLabel.DATE, text, *match.span(), iso))
    for match in WORD_DATE_RE.finditer(text):
        month = MONTHS[match["m"].lower()]
        iso = _iso(int(match["d"]), month, int(match["y"]))
        if iso is not None:
            found.append(make_entity(EntityLabel.DATE, text, *match.span(), iso))
    for match in MASKED_DATE_RE.finditer(text):
        found.append(
            make_entity(EntityLabel.DATE, text, *match.span(), depersonalized="true")
        )
    return drop_overlaps(found)
