"""Identifiers of debtors and organizations: personal accounts, INN and OGRN.

A number is taken only after its label («ИНН», «ОГРН», «л/с») so that phone numbers,
case numbers and sums never pass for identifiers. INN and OGRN carry check digits
(Order of the Federal Tax Service on INN; Rules of the Unified State Register of
Legal Entities on OGRN); numbers that fail the check are typos or masks and are
not returned.
"""

from __future__ import annotations

import logging
import re

from nlp.entities import Entity, EntityLabel, make_entity

logger = logging.getLogger(__name__)

# A personal (billing) account: «л/с № 123456789», «лицевой счет 3100123456»,
# «лицевого счёта №31-001-234», «ЛС: 7700123456». The number group is 5–20 digits
# with optional hyphens; the value keeps the digits only.
ACCOUNT_RE = re.compile(
    r"(?<![\w/])(?:л/сч?|лс|лицев(?:ой|ого|ому|ым|ом)\s+сч[её]т(?:а|у|ом|е)?)"
    r"\.?[ \u00a0]*[:№]?[ \u00a0]*(?:№[ \u00a0]*)?(?P<num>\d(?:-?\d){4,19})(?![\d-])",
    re.IGNORECASE,
)

# An INN after its label: «ИНН 7701234567», «ИНН: 500100732259», «ИНН/КПП
# 7701234567/770101001» (the INN half).
INN_RE = re.compile(
    r"(?<![\w])ИНН(?:[ \u00a0]*/[ \u00a0]*КПП)?[ \u00a0]*[:№]?[ \u00a0]*"
    r"(?P<num>\d{12}|\d{10})(?!\d)"
)

# An OGRN after its label: «ОГРН 1027700132195», «ОГРНИП: 304500116000157», or
# spelled out: «основным государственным регистрационным номером 1085074010812».
OGRN_RE = re.compile(
    r"(?<![\w])(?:ОГРН(?:ИП)?|основн[а-я]*\s+государственн[а-я]*\s+регистрационн[а-я]*"
    r"\s+номер[а-я]*)[ \u00a0]*[:№]?[ \u00a0]*(?P<num>\d{15}|\d{13})(?!\d)"
)

# Check-digit weights of the INN (FNS Order of 29.06.2012 N ММВ-7-6/435@, annex).
_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(number: str) -> bool:
    """Say whether ``number`` is a checksum-valid INN (10 digits legal, 12 personal)."""
    if not number.isdigit():
        return False
    if len(number) == 10:
        return _check_digit(number, _INN10_WEIGHTS) == int(number[9])
    if len(number) == 12:
        return _check_digit(number, _INN12_WEIGHTS_11) == int(number[10]) and (
            _check_digit(number, _INN12_WEIGHTS_12) == int(number[11])
        )
    return False


def is_valid_ogrn(number: str) -> bool:
    """Say whether ``number`` is a checksum-valid OGRN (13 digits) or OGRNIP (15).

    The last digit is the remainder of the leading digits divided by 11 (OGRN) or
    13 (OGRNIP), taken modulo 10.
    """
    if not number.isdigit() or len(number) not in (13, 15):
        return False
    divisor = 11 if len(number) == 13 else 13
    return int(number[:-1]) % divisor % 10 == int(number[-1])


def extract_identifiers(text: str) -> list[Entity]:
    """Find personal accounts, INNs and OGRNs.

    Args:
        text: any text.

    Returns:
        ACCOUNT, INN and OGRN entities ordered by position; the span covers the
        label and the number («ИНН 7701234567»), ``value`` is the digits. OGRN
        entities carry ``extra["kind"]`` «ogrn» or «ogrnip».
    """
    found: list[Entity] = []
    for match in ACCOUNT_RE.finditer(text):
        digits = match["num"].replace("-", "")
        found.append(make_entity(EntityLabel.ACCOUNT, text, *match.span(), digits))
    rejected = 0
    for match in INN_RE.finditer(text):
        if is_valid_inn(match["num"]):
            found.append(
                make_entity(EntityLabel.INN, text, *match.span(), match["num"])
            )
        else:
            rejected += 1
    for match in OGRN_RE.finditer(text):
        number = match["num"]
        if is_valid_ogrn(number):
            kind = "ogrn" if len(number) == 13 else "ogrnip"
            found.append(
                make_entity(EntityLabel.OGRN, text, *match.span(), number, kind=kind)
            )
        else:
            rejected += 1
    if rejected:
        logger.debug("rejected %d INN/OGRN numbers failing the checksum", rejected)
    return sorted(found, key=lambda e: e.start)


def extract_accounts(text: str) -> list[Entity]:
    """Find personal account numbers only (see :func:`extract_identifiers`)."""
    return [e for e in extract_identifiers(text) if e.label is EntityLabel.ACCOUNT]
