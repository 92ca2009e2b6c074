"""Postal addresses in court acts, claims and notices.

An address is a chain of components separated by commas or spaces: postcode, region,
settlement, street, house, building, flat («308000, Белгородская область,
г. Белгород, ул. Щорса, д. 45, кв. 12»). A chain counts as an address when the
text introduces it («по адресу:», «адрес:», «зарегистрированного по …») or when it
has a street-level component and a house on its own. Published acts mask parts of
addresses («Москва, ул. ...»); such a chain is still an address when at least one
component keeps a real name, while a fully masked one («<адрес>», «г. ...») is left
to :mod:`nlp.placeholders`.
"""

from __future__ import annotations

import re

from nlp.entities import Entity, EntityLabel, make_entity

# A component's name: words starting with a capital or a digit, a quoted name, or a
# mask. Matches «Щорса», «Богдана Хмельницкого», «45А», «1-я Тверская-Ямская»,
# «"Капитолий"», «...».
_NAME = (
    r"(?:[«\"][^»\"\n]{1,40}[»\"]"
    r"|(?:\d{1,4}(?:-?[а-яА-Я](?![а-яё]))?(?:/\d{1,4})?|[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)"
    r"(?:[ \u00a0](?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*|\d{1,4}-?[а-я]?)){0,2}"
    r"|\.{3}|…|<адрес>|адрес)"
)

# Designators written before the name, abbreviated or in full: «г.», «ул.», «д.»,
# «кв.», «пр-т», «пос.», «мкр.», «улица», «дом», «квартира».
_PREFIX = (
    r"(?:г|гор|пос|пгт|п|с|дер|ст-ца|ул|пр-кт|пр-т|просп|пер|ш|б-р|бул|наб|пл|мкр"
    r"|мкр-н|проезд|туп|д|дом|корп|к|стр|кв|пом|оф|лит|вл|ком)\.?"
    r"|(?:город|поселок|посёлок|село|деревня|улица|проспект|переулок|шоссе|бульвар"
    r"|набережная|площадь|микрорайон|дом|корпус|строение|квартира|помещение|офис)"
)

# Designators written after the name: «Белгородская область», «Белгородская обл.»,
# «Краснодарский край», «Белгородский р-н», «Ханты-Мансийский АО».
_SUFFIX = r"(?:область|обл\.|край|район|р-н|АО|округ)"

# One component: postcode «308000»; designator + name «ул. Щорса», «д.45»; name +
# designator «Белгородская область»; a federal city by name «Москва».
COMPONENT_RE = re.compile(
    r"(?P<post>\d{6})(?!\d)"
    rf"|(?P<pre>{_PREFIX})(?:[ \u00a0]|[ \u00a0]?\n)?(?P<pname>{_NAME})"
    rf"|(?P<sname>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:[ \u00a0][А-ЯЁ][а-яё]+)?)"
    rf"[ \u00a0]{_SUFFIX}"
    r"|(?P<city>Москва|Санкт-Петербург|Севастополь)(?![а-яё])"
)

# Between two components: «, » (a line may wrap after the comma), a plain space;
# «; » is not one (it ends the address).
_SEPARATOR_RE = re.compile(r"[ \u00a0]*,[ \u00a0]*\n?[ \u00a0]*|[ \u00a0]+")

# What introduces an address: «по адресу:», «адрес:», «адрес регистрации:»,
# «проживающего по», «зарегистрированной по адресу», «местонахождение:».
TRIGGER_RE = re.compile(
    r"(?i:по[ \u00a0]+адресу|адрес(?:[ \u00a0]+регистрации|[ \u00a0]+места[ \u00a0]+"
    r"жительства)?[ \u00a0]*:|местонахождени[ея][ \u00a0]*:|проживающ\w+[ \u00a0]+по"
    r"|зарегистрированн\w+[ \u00a0]+по)[ \u00a0]*:?[ \u00a0]*"
)

# Street-level and house designators: an address needs both when nothing introduces
# it.
_STREET_PREFIXES = frozenset(
    [
        "ул",
        "ул.",
        "улица",
        "пр-т",
        "пр-кт",
        "просп",
        "просп.",
        "проспект",
        "пер",
        "пер.",
        "переулок",
        "ш",
        "ш.",
        "шоссе",
        "б-р",
        "бульвар",
        "наб",
        "наб.",
        "набережная",
        "пл",
        "пл.",
        "площадь",
        "мкр",
        "мкр.",
        "мкр-н",
        "микрорайон",
        "проезд",
        "туп",
        "туп.",
    ]
)
_HOUSE_PREFIXES = frozenset(["д", "д.", "дом"])
_MASKS = frozenset({"...", "…", "<адрес>", "адрес"})

# Single letters that are designators only with a dot: «с Москвы» is not «село».
_DOT_REQUIRED = frozenset({"г", "п", "с", "д", "к", "ш"})


# Components an address can have: postcode, region, district, settlement, street,
# house, building, flat and a few spares. Reading stops there, so that a list of
# towns («г. Москва, г. Курск, …») costs linear time, not quadratic.
MAX_COMPONENTS = 12


def _components(text: str, start: int) -> list[re.Match[str]]:
    """Read components from ``start`` while they follow one another."""
    found: list[re.Match[str]] = []
    position = start
    while len(found) < MAX_COMPONENTS:
        match = COMPONENT_RE.match(text, position)
        if match is None or (
            match["pre"] in _DOT_REQUIRED and not text.startswith(".", match.end("pre"))
        ):
            break
        found.append(match)
        separator = _SEPARATOR_RE.match(text, match.end())
        if separator is None:
            break
        position = separator.end()
    return found


def _is_address(components: list[re.Match[str]], *, introduced: bool) -> bool:
    names = [m["pname"] or m["sname"] or m["city"] or m["post"] for m in components]
    if all(name in _MASKS for name in names):
        return False
    if introduced:
        return True
    prefixes = {(m["pre"] or "").lower() for m in components}
    return bool(prefixes & _STREET_PREFIXES) and bool(prefixes & _HOUSE_PREFIXES)


def _entity(text: str, components: list[re.Match[str]]) -> Entity:
    start, end = components[0].start(), components[-1].end()
    postcode = next((m["post"] for m in components if m["post"]), "")
    value = " ".join(text[start:end].split())
    return make_entity(EntityLabel.ADDRESS, text, start, end, value, postcode=postcode)


# Where an address may start without an introduction: a postcode or a settlement or
# street designator after a boundary.
_START_RE = re.compile(
    r"(?<![\w.])(?:\d{6}(?!\d)|(?:г|пос|с|ул|пр-т|пер|мкр)\.|улица|проспект)"
)


def extract_addresses(text: str) -> list[Entity]:
    """Find postal addresses.

    Args:
        text: any text.

    Returns:
        ADDRESS entities ordered by position: the span runs from the first
        component to the last, ``value`` is the span with single spaces and
        ``extra["postcode"]`` the six-digit postcode («» when absent).
    """
    found: list[Entity] = []
    covered_until = -1
    starts = sorted(
        [(m.end(), True) for m in TRIGGER_RE.finditer(text)]
        + [(m.start(), False) for m in _START_RE.finditer(text)]
    )
    for start, introduced in starts:
        if start < covered_until:
            continue
        components = _components(text, start)
        if components and _is_address(components, introduced=introduced):
            entity = _entity(text, components)
            found.append(entity)
            covered_until = entity.end
    return found


# The place where an act or a letter was made, at the end of its date line or on a
# line of its own: «17 августа 2021 года⇥⇥г. Москва», «г. Старый Оскол». Only the
# city is the place (LOC); «г.» is its designator.
PLACE_RE = re.compile(
    r"(?m)(?:^|\t|\d{4}[ \u00a0]*(?:года?|г\.)?[ \u00a0\t]+)г\.[ \u00a0]?"
    r"(?P<city>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*(?:[ \u00a0][А-ЯЁ][а-яё]+)?)[ \t]*$"
)


def extract_places(text: str) -> list[Entity]:
    """Find the place line of a document («г. Белгород» after the date).

    Args:
        text: any text.

    Returns:
        LOC entities for the city names, ordered by position; ``value`` is the name.
    """
    return [
        make_entity(EntityLabel.LOC, text, *m.span("city"), m["city"])
        for m in PLACE_RE.finditer(text)
    ]
