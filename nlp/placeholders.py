"""Depersonalization masks in published court acts.

Courts publish acts with personal data replaced (262-ФЗ, art. 15): «ФИО1», «<***>»,
«<адрес>», «ДД.ММ.ГГГГ», «****», «...» where a name or address stood, and in some
courts plain words such as «дата» and «сумма» put in place of a date or an amount.
Marking them lets the NER skip them instead of calling «ФИО1» a person or
«<адрес>» a place, and lets search know a value was masked.
"""

from __future__ import annotations

import re

from nlp.entities import Entity, EntityLabel, drop_overlaps, make_entity

# (pattern, kind) of every mask; ``kind`` goes to ``extra["kind"]`` and to ``value``.
# Where a pattern has a group «m», only that group is the mask (the rest is context).
PLACEHOLDER_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Numbered person masks: «ФИО1», «ФИО 12», «ФИО», lower-case «фио», and the
    # initials variant «Ф.И.О.».
    (
        re.compile(r"(?<![\w])(?:ФИО|фио|Ф\.И\.О\.)(?:[ \u00a0]?\d{1,3})?(?![\w])"),
        "person",
    ),
    # Angle-bracket masks: «<***>», «<адрес>», «<данные изъяты>», «<дата>»,
    # «<ФИО>», «<номер>»; up to 40 characters, no nested brackets.
    (re.compile(r"<(?:\*{1,5}|[а-яёА-ЯЁ][а-яёА-ЯЁ .,-]{0,38})>"), "masked"),
    # Square-bracket masks: «[изъято]», «[данные изъяты]», «[адрес]».
    (
        re.compile(r"\[(?:изъято|данные изъяты|адрес|ФИО|дата)\]", re.IGNORECASE),
        "masked",
    ),
    # The date mask: «ДД.ММ.ГГГГ», «ДД.ММ.ГГ».
    (re.compile(r"(?<![А-ЯЁ])ДД\.ММ\.ГГ(?:ГГ)?(?![А-ЯЁ])"), "date"),
    # Asterisk runs standing for a name or a number: «****», «***».
    (re.compile(r"(?<!\*)\*{3,}(?!\*)"), "masked"),
    # An ellipsis or a longer run of dots standing alone where a name or address
    # was: «ул. ...,», «Истец ...... ... обратился»,
    # «ответчику ... о взыскании», «№ ...(...)». Not after a quote or a letter, so
    # a quoted elision «« ... при отсутствии» and «и т.д...» stay text.
    (re.compile(r"(?<=[\s(№])(?:\.{3,}|…)(?=[\s,;:)(]|$)"), "masked"),
    # Masked dates as words, where grammar shows a mask: «с дата по дата»,
    # «от дата», «№ 2-3538/дата» (normal text would say «от даты»).
    (
        re.compile(r"(?:\bс |\sпо |\sот |\d/)(?P<m>дата)(?![а-яё])"),
        "date",
    ),
    # Masked amounts: «в размере сумма», «в сумме сумма» (normal text: «суммы»).
    (re.compile(r"в (?:размере|сумме) (?P<m>сумма)(?![а-яё])"), "amount"),
)


# What a bracketed mask hides, by its word: «<адрес>» is an address.
_ANGLE_KINDS = {
    "адрес": "address",
    "фио": "person",
    "дата": "date",
    "сумма": "amount",
}


def extract_placeholders(text: str) -> list[Entity]:
    """Find depersonalization masks.

    Args:
        text: any text.

    Returns:
        PLACEHOLDER entities ordered by position; ``value`` and ``extra["kind"]``
        say what was masked: «person», «address», «date», «amount» or «masked» (unknown).
    """
    found = []
    for pattern, kind in PLACEHOLDER_PATTERNS:
        group = "m" if "m" in pattern.groupindex else 0
        for match in pattern.finditer(text):
            what = _ANGLE_KINDS.get(match.group(group).strip("<>[]").lower(), kind)
            start, end = match.span(group)
            found.append(
                make_entity(EntityLabel.PLACEHOLDER, text, start, end, what, kind=what)
            )
    return drop_overlaps(found)
