"""Court case numbers: general courts, magistrates, arbitration courts, bailiffs.

Each number is returned with its raw text and a normalized key: Cyrillic letters,
four-digit year, no leading zeros in the index or the serial number
(«02-0214/22» → «2-214/2022», «A40-254628/22» → «А40-254628/2022»), so that the
same case found in a card, a decision and a scan joins on one key. The case kind
(:class:`CaseKind`) comes from the register index before the hyphen (Instruction on
court records management in district courts: index 2 civil, 2а administrative,
13 post-judgment materials, 33 appeal, 88 cassation, М materials before acceptance)
or from the arbitration prefix (А, АП, Ф).
"""

from __future__ import annotations

import enum
import re

from nlp.entities import Entity, EntityLabel, drop_overlaps, make_entity


class CaseKind(enum.StrEnum):
    """What a case number identifies."""

    GENERAL = (
        "general"  # general court, civil first instance (index 2); magistrates too
    )
    ADMINISTRATIVE = "administrative"  # КАС РФ case (index 2а)
    MATERIAL = "material"  # claim material before acceptance (М-)
    POST_JUDGMENT = "post_judgment"  # material after judgment (13-)
    APPEAL = "appeal"  # regional court appeal (33-, 33а-)
    CASSATION = "cassation"  # cassation court of general jurisdiction (88-, 8г-)
    CRIMINAL = "criminal"  # criminal case (1-)
    OFFENCE = "offence"  # administrative offence under КоАП (5-), e.g. meter tampering
    ARBITRATION = "arbitration"  # arbitration court first instance (А40-…)
    ARBITRATION_APPEAL = "arbitration_appeal"  # arbitration appeal court (05АП-…)
    ARBITRATION_CASSATION = "arbitration_cassation"  # arbitration circuit court (Ф05-…)
    UID = "uid"  # unique case identifier (УИД) that follows a case across instances
    ENFORCEMENT = "enforcement"  # enforcement proceedings of the bailiffs (-ИП, -СД)


# Register index of a general court number → kind. Indices outside this table
# («ЭЗ-198/2022», an expert report) are not case numbers.
INDEX_KINDS: dict[str, CaseKind] = {
    "2": CaseKind.GENERAL,
    "2а": CaseKind.ADMINISTRATIVE,
    "13": CaseKind.POST_JUDGMENT,
    "33": CaseKind.APPEAL,
    "33а": CaseKind.APPEAL,
    "88": CaseKind.CASSATION,
    "88а": CaseKind.CASSATION,
    "8г": CaseKind.CASSATION,
    "8а": CaseKind.CASSATION,
    "1": CaseKind.CRIMINAL,
    "5": CaseKind.OFFENCE,
}

# Two-digit years at or below this are 20YY, above it 19YY («2-1234/98» → 1998).
TWO_DIGIT_YEAR_PIVOT = 49
# Case years outside this range are not case numbers («2-15/1300» is not a case).
YEARS = range(1990, 2100)

# Latin look-alikes that scans and careless typing put into Cyrillic numbers.
_TO_CYRILLIC = str.maketrans("AaMPFГ", "АаМПФг")

# Not inside a longer token: no letter, digit, slash, dot or hyphen just before.
_START = r"(?<![\w/.\-])"
# The year at the end: four or two digits, not followed by a digit or a slash.
_YEAR = r"(?P<year>\d{4}|\d{2})(?![\d/])"

# General court or magistrate number: «2-1016/2021», «02-1016/21», «2а-77/2020»,
# «33-32495/2022», «88-14715/2026», «8Г-1234/2021», «2- 1117/2014» (a line-wrap
# space), and magistrates' forms with the section before the year: «2-1234/5/2021»,
# «2-1234/125-2021».
GENERAL_RE = re.compile(
    _START
    + r"(?P<idx>\d{1,3}[аАгГaA]?)-\s?(?P<num>\d{1,6})"
    + r"/(?:(?P<sec>\d{1,3})[/-](?=\d{4}(?!\d)))?"
    + _YEAR
)

# Claim material before acceptance: «М-567/2021», «M-197/18» (Latin M).
MATERIAL_RE = re.compile(_START + r"[МM]-\s?(?P<num>\d{1,6})/" + _YEAR)

# A case number and its material joined by a tilde, as case cards show them:
# «2-331/2018 ~ М-197/2018».
_TILDE_RE = re.compile(r"\s*~\s*")

# Arbitration court first instance: «А40-254628/2022», «A40-254628/22» (Latin A in
# scans), «А08-1234/2021».
ARBITRATION_RE = re.compile(
    _START + r"[АA]\s?(?P<court>\d{2})-\s?(?P<num>\d{1,7})/" + _YEAR
)

# Arbitration appeal court: «05АП-1687/2021», «09AP-12345/21».
ARBITRATION_APPEAL_RE = re.compile(
    _START + r"(?P<court>\d{2})[АA][ПP]-\s?(?P<num>\d{1,6})/" + _YEAR
)

# Arbitration circuit (cassation) court: «Ф05-17737/21», «F05-17737/2021».
ARBITRATION_CASSATION_RE = re.compile(
    _START + r"[ФF](?P<court>\d{2})-\s?(?P<num>\d{1,6})/" + _YEAR
)

# Unique case identifier (УИД): «73RS0003-01-2023-004017-47», magistrates
# «77MS0123-01-2021-001234-56»: region, RS/MS, court code, instance, year, serial,
# check digits.
UID_RE = re.compile(
    r"(?<![\w])(?P<region>\d{2})(?P<type>[RМM][SЅ])(?P<court>\d{4})-(?P<inst>\d{2})"
    r"-(?P<year>\d{4})-(?P<num>\d{6})-(?P<chk>\d{2})(?!\d)",
    re.IGNORECASE,
)

# Enforcement proceedings of the bailiffs: «12345/21/31001-ИП», consolidated
# «1234/22/77001-СД». The official number has a two-digit year; it is kept as is.
ENFORCEMENT_RE = re.compile(
    r"(?<![\w/])(?P<num>\d{1,7})/(?P<year>\d{2})/(?P<dept>\d{5})-(?P<type>ИП|СД)(?!\w)"
)


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    short = int(year)
    return 2000 + short if short <= TWO_DIGIT_YEAR_PIVOT else 1900 + short


def _general(text: str, match: re.Match[str]) -> Entity | None:
    index = match["idx"].translate(_TO_CYRILLIC).lower().lstrip("0")
    kind = INDEX_KINDS.get(index)
    year = _full_year(match["year"])
    if kind is None or year not in YEARS:
        return None
    key = f"{index}-{int(match['num'])}/{year}"
    extra = {"kind": kind.value}
    if match["sec"]:
        extra["section"] = str(int(match["sec"]))
    start, end = match.span()
    return Entity(EntityLabel.CASE_NUMBER, start, end, text[start:end], key, extra)


def _prefixed(
    text: str, match: re.Match[str], kind: CaseKind, template: str
) -> Entity | None:
    year = _full_year(match["year"])
    if year not in YEARS:
        return None
    key = template.format(
        court=match.groupdict().get("court", ""), num=int(match["num"]), year=year
    )
    return make_entity(
        EntityLabel.CASE_NUMBER, text, *match.span(), key, kind=kind.value
    )


def _uid(text: str, match: re.Match[str]) -> Entity:
    kind = match["type"].upper().translate(str.maketrans("МЅ", "MS"))
    key = (
        f"{match['region']}{kind}{match['court']}-{match['inst']}-{match['year']}"
        f"-{match['num']}-{match['chk']}"
    )
    return make_entity(
        EntityLabel.CASE_NUMBER, text, *match.span(), key, kind=CaseKind.UID.value
    )


def _join_materials(text: str, entities: list[Entity]) -> list[Entity]:
    """Merge «2-331/2018 ~ М-197/2018» into one entity keyed by both numbers."""
    joined: list[Entity] = []
    for entity in entities:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and _TILDE_RE.fullmatch(text, previous.end, entity.start)
            and {previous.extra["kind"], entity.extra["kind"]}
            >= {CaseKind.MATERIAL.value}
            and previous.extra["kind"] != entity.extra["kind"]
        ):
            case, material = (
                (entity, previous)
                if previous.extra["kind"] == CaseKind.MATERIAL.value
                else (previous, entity)
            )
            joined[-1] = make_entity(
                EntityLabel.CASE_NUMBER,
                text,
                previous.start,
                entity.end,
                f"{case.value} ~ {material.value}",
                kind=case.extra["kind"],
                case=case.value,
                material=material.value,
            )
        else:
            joined.append(entity)
    return joined


def extract_case_numbers(text: str) -> list[Entity]:
    """Find court case numbers.

    Args:
        text: any text.

    Returns:
        CASE_NUMBER entities ordered by position. ``value`` is the normalized key;
        ``extra["kind"]`` is a :class:`CaseKind` value; magistrates' numbers with a
        section carry ``extra["section"]``; a joined «case ~ material» carries
        ``extra["case"]`` and ``extra["material"]``.
    """
    found: list[Entity | None] = []
    found += [_general(text, m) for m in GENERAL_RE.finditer(text)]
    for pattern, kind, template in (
        (MATERIAL_RE, CaseKind.MATERIAL, "М-{num}/{year}"),
        (ARBITRATION_RE, CaseKind.ARBITRATION, "А{court}-{num}/{year}"),
        (ARBITRATION_APPEAL_RE, CaseKind.ARBITRATION_APPEAL, "{court}АП-{num}/{year}"),
        (
            ARBITRATION_CASSATION_RE,
            CaseKind.ARBITRATION_CASSATION,
            "Ф{court}-{num}/{year}",
        ),
    ):
        found += [_prefixed(text, m, kind, template) for m in pattern.finditer(text)]
    found += [_uid(text, m) for m in UID_RE.finditer(text)]
    found += [
        make_entity(
            EntityLabel.CASE_NUMBER,
            text,
            *m.span(),
            m.group().replace(" ", ""),
            kind=CaseKind.ENFORCEMENT.value,
        )
        for m in ENFORCEMENT_RE.finditer(text)
    ]
    entities = drop_overlaps(e for e in found if e is not None)
    return _join_materials(text, entities)
