"""Courts, judges and magistrates' sections named in court acts.

Three rule-based extractors over the normalized text of a document:

* COURT — a court by its proper name in any grammatical case: «Тимирязевский районный
  суд г. Москвы», «Московского городского суда», «Второго кассационного суда общей
  юрисдикции», «Арбитражный суд Белгородской области», «Верховного Суда РФ». The
  value is the name in the nominative («Тимирязевский районный суд города Москвы»);
  ``extra`` carries the court level (:class:`CourtLevel`) and the region in the
  nominative («Москва», «Белгородская область») when the name states it. Generic
  mentions without a proper name («районный суд», «суд первой инстанции») are not
  courts.
* JUDGE — a judge's name after the words that introduce it: «председательствующего
  судьи Ерохиной Т.Н.», «Судья Т.Н. Ерохина», «судей Петрова А.А., Сидоровой Б.Б.».
  The value is the surname in the nominative with the initials («Ерохина Т.Н.»).
  Depersonalization masks («судьи ФИО8», «судьи фио») are never judges.
* MAGISTRATE_SECTION — «судебного участка № 5 Свердловского судебного района
  г. Белгорода»: magistrates sit by numbered sections (Federal Law of 17.12.1998
  № 188-ФЗ «О мировых судьях»), so the section number is the value and the district
  phrase goes to ``extra["district"]``.
"""

from __future__ import annotations

import enum
import re

from nlp.entities import Entity, EntityLabel, drop_overlaps, make_entity
from nlp.lemmas import lemma


class CourtLevel(enum.StrEnum):
    """Where a court stands in the Russian court system (FKZ «О судебной системе»)."""

    SUPREME = "supreme"  # Верховный Суд РФ (and the former Высший Арбитражный Суд)
    CASSATION = "cassation"  # кассационный суд общей юрисдикции (nine circuits)
    APPEAL = "appeal"  # апелляционный суд общей юрисдикции (five circuits)
    REGIONAL = "regional"  # областной, краевой, городской суд федерального города
    DISTRICT = "district"  # районный, городской, межрайонный суд
    MAGISTRATE = "magistrate"  # мировой судья судебного участка
    ARBITRATION = "arbitration"  # арбитражный суд субъекта РФ
    ARBITRATION_APPEAL = "arbitration_appeal"  # арбитражный апелляционный суд
    ARBITRATION_CIRCUIT = "arbitration_circuit"  # арбитражный суд округа (cassation)
    MILITARY = "military"  # гарнизонный, окружной военный суд


# ---- shared pieces ----------------------------------------------------------------

# The word «суд» in any case, not glued to a lower-case continuation: «суд», «суда»,
# «судом»; «судВладимирский» on court sites that glue list items still ends at «суд».
# A Latin «C» for the Cyrillic «С» («Верховный Cуд») occurs on court sites.
_SUD = r"[СсC]уд(?:а|у|ом|е|ы|ов|ам|ами|ах)?(?![а-яё])"

# A capitalized adjective naming a court by its district: «Тимирязевский»,
# «Коптевского», «Санкт-Петербургского», «Кировским».
_NAME_ADJ = (
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
    r"(?:ий|ой|ый|ого|его|ому|ему|им|ым|ом|ем|ая|ую|ей)(?![а-яё])"
)

# The court type adjective, any case: «районный», «районного», «городской»,
# «областным», «краевого», «межрайонный», «гарнизонного».
_TYPE_ADJ = (
    r"(?P<type>районн|межрайонн|городск|областн|краев|окружн|гарнизонн)"
    r"(?:ый|ой|ого|ому|ым|ом|ий|ая|ую)(?![а-яё])"
)

# A region after a court name, genitive: «г. Москвы», «города Москвы», «г.Белгорода»,
# «Белгородской области», «Краснодарского края», «Республики Татарстан»,
# «Ханты-Мансийского автономного округа - Югры», «Московского округа».
_LOCALITY = (
    r"(?P<loc>(?:г\.\s?|города\s)[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)*"
    r"|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:ой|ого)\s(?:автономн\w+\s)?"
    r"(?:области|края|округа)(?:\s?[-–]\s?[А-ЯЁ][а-яё]+)?"
    r"|(?:Республики|Донецкой Народной Республики|Луганской Народной Республики)"
    r"(?:\s[А-ЯЁ][а-яё]+(?:\s[А-ЯЁ][а-яё]+)?)?"
    r"|Российской Федерации|РФ)"
)

# Ordinals that number circuit courts: «Второй», «второго», «Девятнадцатому»,
# «Двадцать первый». Case-insensitive on purpose: headers write them upper-case.
_ORDINAL = (
    r"(?i:(?:двадцать\s)?(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят"
    r"|десят|одиннадцат|двенадцат|тринадцат|четырнадцат|пятнадцат|шестнадцат"
    r"|семнадцат|восемнадцат|девятнадцат|двадцат)(?:ий|ый|ой|ого|его|ому|ему|ым|им"
    r"|ом|ем)(?![а-яё]))"
)

# ---- court patterns ---------------------------------------------------------------

# A district, city, regional or military court by name: «Тимирязевский районный суд
# г. Москвы», «Коптевского районного суда», «Московский городской суд»,
# «Белгородский областной суд», «235 гарнизонного военного суда» (numbered).
NAMED_COURT_RE = re.compile(
    rf"(?P<name>{_NAME_ADJ}|\d{{1,3}})\s{_TYPE_ADJ}(?:\s(?:военн\w+))?\s{_SUD}"
    rf"(?:\s{_LOCALITY})?"
)

# Circuit courts of general jurisdiction: «Второй кассационный суд общей
# юрисдикции», «Первого апелляционного суда общей юрисдикции».
CIRCUIT_COURT_RE = re.compile(
    rf"(?P<ord>{_ORDINAL})\s(?P<type>кассационн|апелляционн)\w*\s{_SUD}"
    r"\sобщей\sюрисдикции"
)

# Supreme courts: «Верховный Суд Российской Федерации», «Верховного суда РФ»,
# «Конституционного Суда Российской Федерации»,
# «Верховный суд Республики Татарстан», «Высшего Арбитражного суда РФ».
SUPREME_COURT_RE = re.compile(
    rf"(?P<head>Верховн\w+|Высш\w+\sАрбитражн\w+|Конституционн\w+)\s{_SUD}\s{_LOCALITY}"
)

# Arbitration courts: «Арбитражный суд Белгородской области», «Арбитражного суда
# города Москвы», «Арбитражный суд Московского округа» (a circuit), «Девятый
# арбитражный апелляционный суд».
ARBITRATION_COURT_RE = re.compile(
    rf"(?P<ord>{_ORDINAL})\s[Аа]рбитражн\w+\sапелляционн\w+\s{_SUD}"
    rf"|Арбитражн\w+\s{_SUD}\s{_LOCALITY}"
)

# Federal cities whose «городской суд» is a regional court, and the adjective → city.
FEDERAL_CITY_COURTS = {
    "московский": "Москва",
    "санкт-петербургский": "Санкт-Петербург",
    "севастопольский": "Севастополь",
}

# Court type stem → (nominative adjective ending, level).
_TYPES: dict[str, tuple[str, CourtLevel]] = {
    "районн": ("районный", CourtLevel.DISTRICT),
    "межрайонн": ("межрайонный", CourtLevel.DISTRICT),
    "городск": ("городской", CourtLevel.DISTRICT),
    "областн": ("областной", CourtLevel.REGIONAL),
    "краев": ("краевой", CourtLevel.REGIONAL),
    "окружн": ("окружной", CourtLevel.REGIONAL),
    "гарнизонн": ("гарнизонный", CourtLevel.MILITARY),
}

# Nominative ordinal stems (masculine) for the circuit courts' names.
_ORDINAL_NOMINATIVE = {
    "перв": "Первый",
    "втор": "Второй",
    "трет": "Третий",
    "четв": "Четвёртый",
    "пят": "Пятый",
    "шест": "Шестой",
    "седьм": "Седьмой",
    "восьм": "Восьмой",
    "девят": "Девятый",
    "десят": "Десятый",
    "одиннадцат": "Одиннадцатый",
    "двенадцат": "Двенадцатый",
    "тринадцат": "Тринадцатый",
    "четырнадцат": "Четырнадцатый",
    "пятнадцат": "Пятнадцатый",
    "шестнадцат": "Шестнадцатый",
    "семнадцат": "Семнадцатый",
    "восемнадцат": "Восемнадцатый",
    "девятнадцат": "Девятнадцатый",
    "двадцат": "Двадцатый",
}


def _capitalize_words(phrase: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in phrase.split("-"))


def _adjective_nominative(word: str, *, feminine: bool = False) -> str:
    """«Тимирязевского» → «Тимирязевский»; with ``feminine`` «Белгородской» →
    «Белгородская»."""
    base = lemma(word)
    if feminine:
        base = re.sub(r"(?:ий|ый|ой)$", "ая", base)
    return _capitalize_words(base)


def _ordinal_nominative(word: str) -> str:
    lowered = word.lower().replace("ё", "е")
    prefix = "Двадцать " if lowered.startswith("двадцать ") else ""
    stem_word = lowered.removeprefix("двадцать ")
    for stem in sorted(_ORDINAL_NOMINATIVE, key=len, reverse=True):
        if stem_word.startswith(stem):
            name = _ORDINAL_NOMINATIVE[stem]
            return prefix + (name.lower() if prefix else name)
    return _capitalize_words(stem_word)


def region_nominative(locality: str) -> str:
    """Return the region a genitive locality phrase names, in the nominative.

    Args:
        locality: the phrase after a court's name: «г. Москвы», «Белгородской
            области», «Краснодарского края», «Республики Татарстан», «РФ».

    Returns:
        «Москва», «Белгородская область», «Краснодарский край», «Республика
        Татарстан», «Российская Федерация».
    """
    phrase = " ".join(locality.split())
    if phrase in {"РФ", "Российской Федерации"}:
        return "Российская Федерация"
    city = re.fullmatch(r"(?:г\.\s?|города\s)(?P<city>\S+)", phrase)
    if city:
        return _capitalize_words(lemma(city["city"]))
    if phrase.startswith("Республики"):
        return "Республика" + phrase.removeprefix("Республики")
    if "Народной Республики" in phrase:
        return _adjective_nominative(phrase.split()[0], feminine=True) + (
            " Народная Республика"
        )
    words = phrase.split()
    head = {"области": "область", "края": "край", "округа": "округ"}
    if (words and words[-1] in head) or (len(words) > 1 and words[1] in head):
        noun_at = next(i for i, w in enumerate(words) if w in head)
        noun = head[words[noun_at]]
        feminine = noun == "область"
        adjectives = [
            _adjective_nominative(w, feminine=feminine) for w in words[:noun_at]
        ]
        adjectives = [a if i == 0 else a.lower() for i, a in enumerate(adjectives)]
        return " ".join([*adjectives, noun, *words[noun_at + 1 :]])
    return phrase


def _locality_name(locality: str) -> str:
    """The locality as it stands in a court's official name: «г.» spelled out."""
    phrase = " ".join(locality.split())
    return re.sub(r"^г\.\s?", "города ", phrase)


def _named_court(text: str, match: re.Match[str]) -> Entity:
    name, type_stem, locality = match["name"], match["type"], match["loc"]
    type_word, level = _TYPES[type_stem]
    adjective = name if name.isdigit() else _adjective_nominative(name)
    region = region_nominative(locality) if locality else ""
    if type_stem == "городск" and adjective.lower() in FEDERAL_CITY_COURTS:
        level = CourtLevel.REGIONAL
        region = FEDERAL_CITY_COURTS[adjective.lower()]
    elif level is CourtLevel.REGIONAL and not region and type_stem == "областн":
        region = _adjective_nominative(name, feminine=True) + " область"
    elif level is CourtLevel.REGIONAL and not region and type_stem == "краев":
        region = adjective + " край"
    military = " военный" if "военн" in match.group() else ""
    value = f"{adjective} {type_word}{military} суд"
    if locality:
        value += " " + _locality_name(locality)
    return make_entity(
        EntityLabel.COURT, text, *match.span(), value, level=level.value, region=region
    )


def _circuit_court(text: str, match: re.Match[str]) -> Entity:
    kind = match["type"]
    level = CourtLevel.CASSATION if kind == "кассационн" else CourtLevel.APPEAL
    adjective = "кассационный" if level is CourtLevel.CASSATION else "апелляционный"
    value = f"{_ordinal_nominative(match['ord'])} {adjective} суд общей юрисдикции"
    return make_entity(
        EntityLabel.COURT, text, *match.span(), value, level=level.value, region=""
    )


def _supreme_court(text: str, match: re.Match[str]) -> Entity:
    locality = match["loc"] or ""
    region = region_nominative(locality)
    if match.group().startswith("Конституц"):
        value = "Конституционный Суд Российской Федерации"
        region = "Российская Федерация"
    elif match.group().startswith("Высш"):
        value = "Высший Арбитражный Суд Российской Федерации"
        region = "Российская Федерация"
    elif region == "Российская Федерация":
        value = "Верховный Суд Российской Федерации"
    else:
        value = f"Верховный суд {_locality_name(locality)}"
    return make_entity(
        EntityLabel.COURT,
        text,
        *match.span(),
        value,
        level=CourtLevel.SUPREME.value
        if region == "Российская Федерация"
        else CourtLevel.REGIONAL.value,
        region=region,
    )


def _arbitration_court(text: str, match: re.Match[str]) -> Entity:
    if match["ord"]:
        value = f"{_ordinal_nominative(match['ord'])} арбитражный апелляционный суд"
        return make_entity(
            EntityLabel.COURT,
            text,
            *match.span(),
            value,
            level=CourtLevel.ARBITRATION_APPEAL.value,
            region="",
        )
    locality = match["loc"] or ""
    circuit = locality.endswith("округа") and "автономн" not in locality
    level = CourtLevel.ARBITRATION_CIRCUIT if circuit else CourtLevel.ARBITRATION
    return make_entity(
        EntityLabel.COURT,
        text,
        *match.span(),
        f"Арбитражный суд {_locality_name(locality)}",
        level=level.value,
        region="" if circuit else region_nominative(locality),
    )


def extract_courts(text: str) -> list[Entity]:
    """Find courts named by their proper names.

    Args:
        text: any text.

    Returns:
        COURT entities ordered by position; ``value`` is the court's name in the
        nominative, ``extra["level"]`` a :class:`CourtLevel` value and
        ``extra["region"]`` the region in the nominative («» when the name has none).
    """
    found = _courts_in(text)
    for line in _UPPER_LINE_RE.finditer(text):
        cased = _title_case(line.group())
        padded = " " * line.start() + cased
        for entity in _courts_in(padded):
            found.append(
                Entity(
                    entity.label,
                    entity.start,
                    entity.end,
                    text[entity.start : entity.end],
                    entity.value,
                    entity.extra,
                )
            )
    return drop_overlaps(found)


def _courts_in(text: str) -> list[Entity]:
    found = [_named_court(text, m) for m in NAMED_COURT_RE.finditer(text)]
    found += [_circuit_court(text, m) for m in CIRCUIT_COURT_RE.finditer(text)]
    found += [_supreme_court(text, m) for m in SUPREME_COURT_RE.finditer(text)]
    found += [_arbitration_court(text, m) for m in ARBITRATION_COURT_RE.finditer(text)]
    return found


# A heading line in capitals that names a court: «АРБИТРАЖНЫЙ СУД БЕЛГОРОДСКОЙ
# ОБЛАСТИ», «ТИМИРЯЗЕВСКИЙ РАЙОННЫЙ СУД ГОРОДА МОСКВЫ».
_UPPER_LINE_RE = re.compile(r"(?m)^[ \t]*(?=[^\n]*СУД)[А-ЯЁ0-9][А-ЯЁ0-9 .,\-–]{6,120}$")

# Words of a court's name that stay lower-case inside it.
_LOWER_WORDS = re.compile(
    r"(?:суд|районн|межрайонн|городск|областн|краев|окружн|област|кра|округ|общ"
    r"|юрисдикц|арбитражн|апелляционн|кассационн|город|г\.|автономн)",
)


def _title_case(line: str) -> str:
    """«АРБИТРАЖНЫЙ СУД БЕЛГОРОДСКОЙ ОБЛАСТИ» → «Арбитражный суд Белгородской
    области»: the case court names are written in, same length as the line."""
    words = re.split(r"(\s+)", line.lower())
    out = []
    first = True
    for word in words:
        if word.strip() and (first or not _LOWER_WORDS.match(word)):
            word = word[:1].upper() + word[1:]
        if word.strip():
            first = False
        out.append(word)
    return "".join(out)


# ---- magistrates' sections --------------------------------------------------------

# A magistrate's section with its district: «судебного участка № 5 Свердловского
# судебного района г. Белгорода», «судебный участок №123 района Люблино г. Москвы»,
# «судебного участка № 2 Октябрьского района», «судебного участка № 7 г. Курска».
# The district phrase must end on «района», «округа», «области», «края» or a city,
# so a judge's name after it («… г. Белгорода Петрова А.А.») stays outside.
_CAP = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)*"
_GAP = r"(?:[ \u00a0]+|[ \u00a0]*\n[ \u00a0]*)"
_CITY = (
    rf"(?:г\.\s?|города\s){_CAP}"
    rf"(?:[ \u00a0]{_CAP}(?![а-яё])(?![ \u00a0\n]+[А-ЯЁ]\.))?"
)
MAGISTRATE_SECTION_RE = re.compile(
    r"(?i:судебн\w+\s+участ(?:ок|ка|ку|ком|ке))\s*(?:№|N)\s*(?P<num>\d{1,4})"
    rf"(?P<district>(?:{_GAP}(?:{_CAP}|судебного|муниципального|и|г\.|города))*?"
    rf"{_GAP}(?:района|округа|области|края|р-на)"
    rf"(?:{_GAP}{_CAP}(?={_GAP}{_CITY}))?(?:{_GAP}{_CITY})?"
    rf"|{_GAP}{_CITY})?"
)

# «мировой судья» / «мирового судьи» just before a section: the judge's name follows
# the section, «мировой судья судебного участка № 5 … Петрова А.А.».
_MAGISTRATE_BEFORE_RE = re.compile(
    r"(?i:миров\w+)\s+(?P<word>суд(?:ья|ьи|ьей|ье|ьёй))\s+$"
)


def extract_magistrate_sections(text: str) -> list[Entity]:
    """Find magistrates' sections.

    Args:
        text: any text.

    Returns:
        MAGISTRATE_SECTION entities ordered by position: ``value`` is the section
        number («5»), ``extra["district"]`` the district phrase as written
        («Свердловского судебного района г. Белгорода»), empty when absent.
    """
    return [
        make_entity(
            EntityLabel.MAGISTRATE_SECTION,
            text,
            *match.span(),
            str(int(match["num"])),
            district=" ".join((match["district"] or "").split()),
        )
        for match in MAGISTRATE_SECTION_RE.finditer(text)
    ]


# ---- judges -------------------------------------------------------------------------

# A surname: «Ерохиной», «Некряч», «Салтыкова-Щедрина».
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
# Initials: «Т.Н.», «Т. Н.», «Я.Е.».
_INITIALS = r"[А-ЯЁ]\.[ \u00a0]?[А-ЯЁ]\.?"
# One judge's name: «Ерохиной Т.Н.», «Т.Н. Ерохина», or a surname with masked
# initials «Ефремова ...».
_JUDGE_NAME = (
    rf"(?:(?P<s1>{_SURNAME})[ \u00a0\n]+(?P<i1>{_INITIALS})"
    rf"|(?P<i2>{_INITIALS})[ \u00a0]?(?P<s2>{_SURNAME})"
    rf"|(?P<s3>{_SURNAME})(?=[ \u00a0]+(?:\.{{3,}}|…)))"
)
_JUDGE_NAME_RE = re.compile(_JUDGE_NAME)

# What introduces a judge's name, with the grammatical case the name takes:
# «председательствующего судьи» / «судьи» (genitive), «Судья:» / «судья»
# (nominative), «судьей» (instrumental), «судье» (dative), «председательствующего»
# alone in a collegium's heading, «судей»/«Судьи» before a list (genitive/nominative).
JUDGE_TRIGGER_RE = re.compile(
    r"(?P<trigger>(?:председательствующ(?:его|ий)[ \u00a0]+)?"
    r"(?:[Сс]удь(?:и|я|ей|е|ёй)|[Сс]удей)"
    r"|(?i:председательствующ(?:его|ий)))"
    r"(?:[ \u00a0]*[:\-–][ \u00a0]*|[ \u00a0\t]+(?:подпись[ \u00a0\t]+)?|\t+)"
)

# Trigger word → the case the judge's name is in.
_TRIGGER_CASES = {
    "судьи": "gent",
    "судей": "gent",
    "судья": "nomn",
    "судьей": "ablt",
    "судьёй": "ablt",
    "судье": "datv",
    "председательствующего": "gent",
    "председательствующий": "nomn",
}

# Surname endings → nominative, per grammatical case, for the common Russian
# surname types (-ов/-ев/-ин, -ский/-цкий); other surnames stay as written.
_SURNAME_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "gent": (
        ("ской", "ская"),
        ("цкой", "цкая"),
        ("ского", "ский"),
        ("цкого", "цкий"),
        ("овой", "ова"),
        ("евой", "ева"),
        ("ёвой", "ёва"),
        ("иной", "ина"),
        ("ыной", "ына"),
        ("ова", "ов"),
        ("ева", "ев"),
        ("ёва", "ёв"),
        ("ина", "ин"),
        ("ына", "ын"),
    ),
    "datv": (
        ("ской", "ская"),
        ("скому", "ский"),
        ("овой", "ова"),
        ("евой", "ева"),
        ("иной", "ина"),
        ("ову", "ов"),
        ("еву", "ев"),
        ("ину", "ин"),
    ),
    "ablt": (
        ("ской", "ская"),
        ("ским", "ский"),
        ("овой", "ова"),
        ("евой", "ева"),
        ("иной", "ина"),
        ("овым", "ов"),
        ("евым", "ев"),
        ("иным", "ин"),
    ),
    "nomn": (),
}


def surname_nominative(surname: str, case: str) -> str:
    """Put a Russian surname in the nominative, given the case it is written in.

    Args:
        surname: the surname as written: «Ерохиной».
        case: «nomn», «gent», «datv» or «ablt».

    Returns:
        «Ерохина» for («Ерохиной», «gent»), «Ефремов» for («Ефремова», «gent»);
        surnames of other types («Некряч», «Сидоренко») unchanged.
    """
    for ending, nominative in _SURNAME_ENDINGS.get(case, ()):
        if surname.endswith(ending) and len(surname) > len(ending) + 1:
            return surname[: -len(ending)] + nominative
    return surname


def _initials(raw: str) -> str:
    return raw.replace(" ", "").replace("\u00a0", "") + (
        "" if raw.endswith(".") else "."
    )


def _judge(
    text: str, match: re.Match[str], case: str, *, role: str = "judge"
) -> Entity:
    surname = match["s1"] or match["s2"] or match["s3"]
    initials = match["i1"] or match["i2"] or ""
    value = surname_nominative(surname, case)
    if initials:
        value += " " + _initials(initials)
    return make_entity(EntityLabel.JUDGE, text, *match.span(), value, role=role)


# Words that look like surnames after «судьи» but are not: «судьи Российской
# Федерации», «Судья Иванова И.И.» is fine, «судьи Верховного Суда» is not.
_NOT_SURNAMES = frozenset(
    {"Российской", "Верховного", "Арбитражного", "Московского", "Судебной"}
)

# A list continues after one name: «, », « и ».
_LIST_SEP_RE = re.compile(r"[ \u00a0]*(?:,|и)[ \u00a0]*")


def extract_judges(text: str) -> list[Entity]:
    """Find judges' names after the words that introduce them.

    Args:
        text: any text.

    Returns:
        JUDGE entities ordered by position: the span is the name only, ``value`` is
        the surname in the nominative and the initials («Ерохина Т.Н.»).
    """
    found: list[Entity] = []
    for trigger in JUDGE_TRIGGER_RE.finditer(text):
        words = trigger["trigger"].lower().split()
        case = _TRIGGER_CASES.get(words[-1], "nomn")
        position = trigger.end()
        while True:
            match = _JUDGE_NAME_RE.match(text, position)
            if match is None:
                break
            surname = match["s1"] or match["s2"] or match["s3"]
            if surname in _NOT_SURNAMES:
                break
            role = "presiding" if "председат" in words[0] else "judge"
            found.append(_judge(text, match, case, role=role))
            separator = _LIST_SEP_RE.match(text, match.end())
            if separator is None or words[-1] not in {"судей", "судьи"}:
                break
            position = separator.end()
    found += _magistrate_judges(text)
    return drop_overlaps(found)


# Between a magistrate's section and the judge's name: a space, a comma.
_AFTER_SECTION_RE = re.compile(r"[ \u00a0]*,?[ \u00a0]*")


def _magistrate_judges(text: str) -> list[Entity]:
    """Judges named after their section: «мировой судья судебного участка № 5 …
    Петрова А.А.»."""
    found = []
    for section in MAGISTRATE_SECTION_RE.finditer(text):
        before = _MAGISTRATE_BEFORE_RE.search(
            text, max(0, section.start() - 30), section.start()
        )
        if before is None:
            continue
        gap = _AFTER_SECTION_RE.match(text, section.end())
        match = _JUDGE_NAME_RE.match(text, gap.end() if gap else section.end())
        if match is not None:
            word = before["word"].lower()
            case = _TRIGGER_CASES.get(word, "nomn")
            found.append(_judge(text, match, case, role="presiding"))
    return found
