"""Write the synthetic court documents of ``corpus_samples/`` and their ground truth.

Run ``python -m lexdesk.synth.corpus corpus_samples`` to regenerate them. Every
party, address, account, INN, case number and УИД is invented; court names are real
public bodies, judges' and staff names are invented. The texts are lexdesk's own
wording, laid out the way court acts and claims documents of an electricity
supplier are laid out (header, «установил:», reasoning with statute citations,
«решил:», amounts in digits and words).

What is written, per document: the file in one of the supported formats
(:class:`Layout`), a row of ``MANIFEST.tsv`` and, for every document, a line of
``facts.jsonl`` with the facts the text states (case number, court, judge, parties,
amounts, outcome, cited statute keys). A later stage uses the facts as its gold
set, so every fact is built from the same values the text is rendered from, and
:func:`build_documents` checks that each stated fact appears in the text.

The module stays whole (it is longer than the house limit) because the case
tables, the Russian wording and the format writers are one generator that is only
ever run as a whole; splitting it would scatter one document's wording across files.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import io
import json
import logging
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from nlp.money import format_money as money_words

if TYPE_CHECKING:
    from datetime import datetime

    from PIL import Image, ImageFont

logger = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SEED = 20240611  # any fixed value: the corpus must regenerate identically
KOP = Decimal("0.01")
ZERO = Decimal("0.00")

# Fictitious one-rate household tariffs, RUB per kWh, by year (not real rates).
TARIFFS = {
    2014: Decimal("3.71"),
    2015: Decimal("3.88"),
    2016: Decimal("4.05"),
    2017: Decimal("4.18"),
    2018: Decimal("4.32"),
    2019: Decimal("4.48"),
    2020: Decimal("4.65"),
    2021: Decimal("4.84"),
    2022: Decimal("5.02"),
    2023: Decimal("5.47"),
    2024: Decimal("5.91"),
    2025: Decimal("6.74"),
}

# НК РФ ст. 333.19 п. 1 пп. 1 was rewritten by 259-ФЗ; the new scale applies to
# claims filed from 08.09.2024.
DUTY_REFORM = date(2024, 9, 8)


class Kind(enum.StrEnum):
    """The kinds of document the generator writes."""

    DECISION = "decision"
    DEFAULT_DECISION = "default_decision"
    COURT_ORDER = "court_order"
    RULING = "ruling"
    APPEAL_RULING = "appeal_ruling"
    CLAIM_LETTER = "claim_letter"
    LAWSUIT = "lawsuit"
    WARNING_NOTICE = "warning_notice"
    WRIT = "writ_of_execution"
    ENFORCEMENT = "enforcement_resolution"


class Outcome(enum.StrEnum):
    """How a court act disposed of the claim (``upheld``: appeal dismissed)."""

    GRANTED_FULL = "granted_full"
    GRANTED_PART = "granted_part"
    DENIED = "denied"
    ORDER_ISSUED = "order_issued"
    ORDER_CANCELLED = "order_cancelled"
    RETURNED = "returned"
    UPHELD = "upheld"


class Layout(enum.StrEnum):
    """File format and layout variant of one generated document."""

    PDF = "pdf"
    PDF_SCAN = "pdf-scan"
    PDF_TWO_COLUMN = "pdf-two-column"
    PDF_PAGED = "pdf-running-headers"
    DOCX = "docx"
    DOC = "doc"
    RTF_UNICODE = "rtf-unicode"
    RTF_CP1251 = "rtf-cp1251"
    HTML = "html"
    HTML_CP1251 = "html-cp1251"
    TEXT_UTF8 = "text-utf8"
    TEXT_CP1251 = "text-cp1251"
    TEXT_KOI8R = "text-koi8r"


EXTENSIONS = {
    Layout.PDF: ".pdf",
    Layout.PDF_SCAN: ".pdf",
    Layout.PDF_TWO_COLUMN: ".pdf",
    Layout.PDF_PAGED: ".pdf",
    Layout.DOCX: ".docx",
    Layout.DOC: ".doc",
    Layout.RTF_UNICODE: ".rtf",
    Layout.RTF_CP1251: ".rtf",
    Layout.HTML: ".html",
    Layout.HTML_CP1251: ".html",
    Layout.TEXT_UTF8: ".txt",
    Layout.TEXT_CP1251: ".txt",
    Layout.TEXT_KOI8R: ".txt",
}

# What each layout shows a parser, for the manifest.
LAYOUT_NOTES = {
    Layout.PDF: "PDF with a text layer (DejaVu Serif)",
    Layout.PDF_SCAN: "scanned PDF: page images at 200 dpi with speckle noise, no text layer",
    Layout.PDF_TWO_COLUMN: "two-column PDF text layer",
    Layout.PDF_PAGED: "PDF over 3+ pages with running header, footer and page numbers",
    Layout.DOCX: "DOCX (python-docx)",
    Layout.DOC: "Word 97 .doc converted from DOCX by LibreOffice",
    Layout.RTF_UNICODE: "RTF with \\uNNNN escapes (\\uc1)",
    Layout.RTF_CP1251: "RTF with \\'xx cp1251 escapes (\\ansicpg1251)",
    Layout.HTML: "sudrf-like HTML page with navigation boilerplate, UTF-8",
    Layout.HTML_CP1251: "sudrf-like HTML page with navigation boilerplate, windows-1251",
    Layout.TEXT_UTF8: "plain text, UTF-8",
    Layout.TEXT_CP1251: "plain text, cp1251",
    Layout.TEXT_KOI8R: "plain text, KOI8-R («» and № replaced, as KOI8-R lacks them)",
}

MANIFEST_COLUMNS = ("file", "format", "kind", "case_number", "demonstrates", "source")

# The official statute texts kept beside the generated documents (not generated).
STATUTE_ROWS = (
    (
        "statutes/gk_rf_539-548_energosnabzhenie.txt",
        "text",
        "statute",
        "",
        "ГК РФ ч. 2, § 6 гл. 30, ст. 539–548 (energy supply); splitter sample",
        "official text: http://pravo.gov.ru/proxy/ips/?docbody=&nd=102039276 "
        "(edition: amendments up to 24.07.2023 № 339-ФЗ; via shared corpus r01)",
    ),
    (
        "statutes/zhk_rf_153-157_plata.txt",
        "text",
        "statute",
        "",
        "ЖК РФ ст. 153–157.3 incl. dotted 156.1, 157.1–157.3; splitter sample",
        "official text: http://pravo.gov.ru/proxy/ips/?docbody=&nd=102090645 "
        "(edition: amendments up to 04.08.2023 № 433-ФЗ; via shared corpus r02)",
    ),
)


# --- money -------------------------------------------------------------------


def _group(number: int) -> str:
    """Digits grouped by three with spaces: 12345 → «12 345»."""
    return f"{number:,}".replace(",", " ")


def money(amount: Decimal) -> str:
    """«12 345 руб. 67 коп.»"""
    rubles, kopecks = divmod(int(amount.quantize(KOP) * 100), 100)
    return f"{_group(rubles)} руб. {kopecks:02d} коп."


def money_plain(amount: Decimal) -> str:
    """«12 345,67» for tables."""
    rubles, kopecks = divmod(int(amount.quantize(KOP) * 100), 100)
    return f"{_group(rubles)},{kopecks:02d}"


def duty_general(claim: Decimal, filed: date) -> Decimal:
    """State duty for a property claim in a court of general jurisdiction.

    НК РФ ст. 333.19 п. 1 пп. 1 — before and after its 259-ФЗ wording
    (shared/domain/legal-facts.md).
    """
    bands: tuple[tuple[Decimal, Decimal, Decimal, Decimal], ...]
    if filed >= DUTY_REFORM:
        bands = (
            (Decimal(100_000), Decimal(0), Decimal(0), Decimal(4_000)),
            (Decimal(300_000), Decimal(100_000), Decimal("0.03"), Decimal(4_000)),
            (Decimal(500_000), Decimal(300_000), Decimal("0.025"), Decimal(10_000)),
            (Decimal(1_000_000), Decimal(500_000), Decimal("0.02"), Decimal(15_000)),
            (Decimal(3_000_000), Decimal(1_000_000), Decimal("0.01"), Decimal(25_000)),
        )
    else:
        if claim <= 20_000:
            return max(Decimal(400), claim * Decimal("0.04")).quantize(
                KOP, ROUND_HALF_UP
            )
        bands = (
            (Decimal(100_000), Decimal(20_000), Decimal("0.03"), Decimal(800)),
            (Decimal(200_000), Decimal(100_000), Decimal("0.02"), Decimal(3_200)),
            (Decimal(1_000_000), Decimal(200_000), Decimal("0.01"), Decimal(5_200)),
        )
    for upper, base, rate, fixed in bands:
        if claim <= upper:
            return (fixed + (claim - base) * rate).quantize(KOP, ROUND_HALF_UP)
    raise ValueError(f"claim {claim} is beyond the generator's duty bands")


def duty_order(claim: Decimal, filed: date) -> Decimal:
    """Duty for an application for a court order: half the claim duty (НК 333.19)."""
    return (duty_general(claim, filed) / 2).quantize(KOP, ROUND_HALF_UP)


def duty_arbitration(claim: Decimal) -> Decimal:
    """Duty in an arbitration court before 08.09.2024 (НК РФ ст. 333.21 п. 1 пп. 1)."""
    if claim <= 100_000:
        return max(Decimal(2_000), claim * Decimal("0.04")).quantize(KOP, ROUND_HALF_UP)
    bands = (
        (Decimal(200_000), Decimal(100_000), Decimal("0.03"), Decimal(4_000)),
        (Decimal(1_000_000), Decimal(200_000), Decimal("0.02"), Decimal(7_000)),
        (Decimal(2_000_000), Decimal(1_000_000), Decimal("0.01"), Decimal(23_000)),
    )
    for upper, base, rate, fixed in bands:
        if claim <= upper:
            return (fixed + (claim - base) * rate).quantize(KOP, ROUND_HALF_UP)
    raise ValueError(f"claim {claim} is beyond the generator's duty bands")


# --- dates ---------------------------------------------------------------------

_MONTHS_GEN = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_MONTHS_NOM = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def long_date(day: date) -> str:
    """«14 мая 2021 года»"""
    return f"{day.day:02d} {_MONTHS_GEN[day.month - 1]} {day.year} года"


def short_date(day: date) -> str:
    """«14.05.2021»"""
    return day.strftime("%d.%m.%Y")


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


# --- people and organisations -------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A fictitious person with the case forms the texts need.

    Attributes:
        forms: (nominative, genitive, dative) of surname, name and patronymic.
        female: grammatical gender.
    """

    surname: tuple[str, str, str]
    name: tuple[str, str, str]
    patronymic: tuple[str, str, str]
    female: bool

    def full(self, case: int = 0) -> str:
        """«Лапин Олег Викторович» in case 0/1/2 (nom/gen/dat)."""
        return f"{self.surname[case]} {self.name[case]} {self.patronymic[case]}"

    def short(self, case: int = 0) -> str:
        """«Лапин О.В.»"""
        return f"{self.surname[case]} {self.name[0][0]}.{self.patronymic[0][0]}."


_MALE_NAMES = (
    ("Олег", "Олега", "Олегу"),
    ("Сергей", "Сергея", "Сергею"),
    ("Андрей", "Андрея", "Андрею"),
    ("Виктор", "Виктора", "Виктору"),
    ("Павел", "Павла", "Павлу"),
    ("Игорь", "Игоря", "Игорю"),
    ("Николай", "Николая", "Николаю"),
    ("Роман", "Романа", "Роману"),
    ("Глеб", "Глеба", "Глебу"),
    ("Евгений", "Евгения", "Евгению"),
)
_FEMALE_NAMES = (
    ("Ольга", "Ольги", "Ольге"),
    ("Наталья", "Натальи", "Наталье"),
    ("Елена", "Елены", "Елене"),
    ("Татьяна", "Татьяны", "Татьяне"),
    ("Марина", "Марины", "Марине"),
    ("Светлана", "Светланы", "Светлане"),
    ("Ирина", "Ирины", "Ирине"),
    ("Валентина", "Валентины", "Валентине"),
    ("Дарья", "Дарьи", "Дарье"),
    ("Людмила", "Людмилы", "Людмиле"),
)
_PATRONYMIC_STEMS = (
    "Викторов",
    "Сергеев",
    "Андреев",
    "Петров",
    "Николаев",
    "Иванов",
    "Олегов",
    "Геннадьев",
    "Борисов",
    "Юрьев",
)
# Surname stems ending in -ов/-ев/-ин, which decline regularly; combinations are
# invented and the stems are chosen to be uncommon.
_SURNAME_STEMS = (
    "Лапин",
    "Корнеев",
    "Сухарев",
    "Полянин",
    "Заречнев",
    "Ветлов",
    "Гуляев",
    "Рябинин",
    "Листратов",
    "Ковылин",
    "Черемисин",
    "Сизов",
    "Травников",
    "Ольшанцев",
    "Бузулуков",
    "Прилепин",
    "Мохов",
    "Столбов",
    "Жаворонков",
    "Ёлкин",
    "Калинников",
    "Сеченов",
    "Дубравин",
    "Верескин",
    "Ракитин",
    "Шалфеев",
    "Клеверов",
    "Осокин",
    "Тальников",
    "Ивняков",
    "Камышев",
    "Снегирёв",
    "Щеглов",
    "Чибисов",
    "Пустошкин",
    "Лебедянцев",
    "Зимогоров",
)


def make_person(
    rng: random.Random, used: set[str], *, female: bool | None = None
) -> Person:
    """Draw a fictitious person whose full name was not drawn before."""
    while True:
        is_female = rng.random() < 0.5 if female is None else female
        stem = rng.choice(_SURNAME_STEMS)
        pstem = rng.choice(_PATRONYMIC_STEMS)
        if is_female:
            surname = (stem + "а", stem + "ой", stem + "ой")
            name = rng.choice(_FEMALE_NAMES)
            patronymic = (pstem + "на", pstem + "ны", pstem + "не")
        else:
            surname = (stem, stem + "а", stem + "у")
            name = rng.choice(_MALE_NAMES)
            patronymic = (pstem + "ич", pstem + "ича", pstem + "ичу")
        person = Person(surname, name, patronymic, is_female)
        if person.short() not in used:
            used.add(person.short())
            return person


def make_inn(rng: random.Random, *, length: int = 10) -> str:
    """A checksum-valid INN with the non-existent tax office prefix «00».

    Check digits per the Federal Tax Service algorithm, so that validators accept
    it while no real taxpayer can hold it.
    """
    if length == 10:
        digits = [0, 0] + [rng.randrange(10) for _ in range(7)]
        weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
        digits.append(
            sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
        )
        return "".join(map(str, digits))
    digits = [0, 0] + [rng.randrange(10) for _ in range(8)]
    w11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    digits.append(sum(d * w for d, w in zip(digits, w11, strict=True)) % 11 % 10)
    w12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    digits.append(sum(d * w for d, w in zip(digits, w12, strict=True)) % 11 % 10)
    return "".join(map(str, digits))


SUPPLIER = "АО «Светлоградэнергосбыт»"
SUPPLIER_FULL = "акционерное общество «Светлоградэнергосбыт»"
SUPPLIER_GEN = "акционерного общества «Светлоградэнергосбыт»"
SUPPLIER_ADDRESS = "308000, г. Белгород, ул. Новосветлая, д. 101"
SUPPLIER_INN = "0012345674"  # checksum-valid, fictitious prefix «00»
SUPPLIER_OGRN = "1003100000017"  # fictitious

_STREETS = (
    "ул. Ясеневая Роща",
    "пер. Лучистый",
    "ул. Солнечная Поляна",
    "ул. Заводская Слобода",
    "ул. Тихий Берег",
    "пр-т Сиреневый",
    "ул. Луговая Сторона",
    "пер. Вешний",
)


# --- courts --------------------------------------------------------------------


@dataclass(frozen=True)
class Court:
    """A real court or bailiffs' office; ``uid_code`` is an invented УИД prefix."""

    name: str
    name_gen: str
    city: str
    uid_code: str = ""
    section: str = ""
    appeal_to: str = ""


COURTS = {
    "oktyabrsky": Court(
        "Октябрьский районный суд г. Белгорода",
        "Октябрьского районного суда г. Белгорода",
        "г. Белгород",
        "31RS0016",
        appeal_to="Белгородский областной суд",
    ),
    "sverdlovsky": Court(
        "Свердловский районный суд г. Белгорода",
        "Свердловского районного суда г. Белгорода",
        "г. Белгород",
        "31RS0022",
        appeal_to="Белгородский областной суд",
    ),
    "starooskolsky": Court(
        "Старооскольский городской суд Белгородской области",
        "Старооскольского городского суда Белгородской области",
        "г. Старый Оскол",
        "31RS0020",
        appeal_to="Белгородский областной суд",
    ),
    "belgorodsky": Court(
        "Белгородский районный суд Белгородской области",
        "Белгородского районного суда Белгородской области",
        "г. Белгород",
        "31RS0002",
        appeal_to="Белгородский областной суд",
    ),
    "gubkinsky": Court(
        "Губкинский городской суд Белгородской области",
        "Губкинского городского суда Белгородской области",
        "г. Губкин",
        "31RS0007",
        appeal_to="Белгородский областной суд",
    ),
    "valuysky": Court(
        "Валуйский районный суд Белгородской области",
        "Валуйского районного суда Белгородской области",
        "г. Валуйки",
        "31RS0004",
        appeal_to="Белгородский областной суд",
    ),
    "oblsud": Court(
        "Белгородский областной суд",
        "Белгородского областного суда",
        "г. Белгород",
        "31OS0000",
    ),
    "arbitrazh": Court(
        "Арбитражный суд Белгородской области",
        "Арбитражного суда Белгородской области",
        "г. Белгород",
    ),
    "ms3_zapad": Court(
        "Судебный участок № 3 Западного округа г. Белгорода",
        "судебного участка № 3 Западного округа г. Белгорода",
        "г. Белгород",
        section="3",
    ),
    "ms1_vostok": Court(
        "Судебный участок № 1 Восточного округа г. Белгорода",
        "судебного участка № 1 Восточного округа г. Белгорода",
        "г. Белгород",
        section="1",
    ),
    "ms5_oskol": Court(
        "Судебный участок № 5 г. Старый Оскол Белгородской области",
        "судебного участка № 5 г. Старый Оскол Белгородской области",
        "г. Старый Оскол",
        section="5",
    ),
    "ms2_gubkin": Court(
        "Судебный участок № 2 г. Губкин Белгородской области",
        "судебного участка № 2 г. Губкин Белгородской области",
        "г. Губкин",
        section="2",
    ),
    "ms1_valuyki": Court(
        "Судебный участок № 1 г. Валуйки Белгородской области",
        "судебного участка № 1 г. Валуйки Белгородской области",
        "г. Валуйки",
        section="1",
    ),
}


# --- the document being built -------------------------------------------------


class Align(enum.StrEnum):
    """Paragraph alignment hint for the writers."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class Para:
    """One paragraph; ``bold`` marks titles."""

    text: str
    align: Align = Align.JUSTIFY
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A table (first row is the header)."""

    rows: tuple[tuple[str, ...], ...]


Block = Para | Table


@dataclass
class Builder:
    """Accumulates the blocks of a document and the statute keys it cites."""

    blocks: list[Block] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def p(
        self, text: str, *keys: str, align: Align = Align.JUSTIFY, bold: bool = False
    ) -> None:
        """Add a paragraph citing ``keys`` (canonical keys, in text order)."""
        # An amount ending a sentence keeps the abbreviation's dot only: «67 коп.»
        self.blocks.append(Para(text.replace("коп..", "коп."), align, bold))
        for key in keys:
            if key not in self.keys:
                self.keys.append(key)

    def title(self, text: str) -> None:
        """Add a centred bold title line."""
        self.p(text, align=Align.CENTER, bold=True)

    def table(self, rows: Iterable[Iterable[str]]) -> None:
        """Add a table."""
        self.blocks.append(Table(tuple(tuple(row) for row in rows)))

    def text(self) -> str:
        """The plain text of the document, paragraphs separated by newlines."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Para):
                lines.append(block.text)
            else:
                lines.extend("\t".join(row) for row in block.rows)
        return "\n".join(lines) + "\n"


def _range_keys(act: str, first: int, last: int) -> list[str]:
    """Keys of every article in a cited range («ст. 194–199 ГПК РФ»)."""
    return [f"{act}:{n}" for n in range(first, last + 1)]


# --- case data ----------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    """One line of a debt calculation."""

    year: int
    month: int
    kwh: int
    charged: Decimal
    paid: Decimal

    @property
    def debt(self) -> Decimal:
        """What stayed unpaid for this month."""
        return self.charged - self.paid

    @property
    def label(self) -> str:
        """«март 2021»"""
        return f"{_MONTHS_NOM[self.month - 1]} {self.year}"


@dataclass(frozen=True)
class Spec:
    """What one document is: its kind, outcome, court, format and variant."""

    slug: str
    kind: Kind
    layout: Layout
    court: str
    day: date
    outcome: Outcome | None = None
    variant: str = ""
    uid: bool = False
    months: int = 12
    link: str = ""  # slug of the document this one follows from (same case)


@dataclass
class Case:
    """The facts behind one document; rendered into the text and facts.jsonl."""

    spec: Spec
    case_number: str
    uid: str
    judge: Person | None
    secretary: Person | None
    debtor: Person | None
    company: str
    company_gen: str
    address: str
    account: str
    inn: str
    months: list[Month]
    principal: Decimal
    penalty: Decimal
    duty_paid: Decimal
    awarded_principal: Decimal | None = None
    awarded_penalty: Decimal | None = None
    awarded_duty: Decimal | None = None
    reduced_333: bool = False

    @property
    def court(self) -> Court:
        """The court (or office) the document comes from or is addressed to."""
        return COURTS[self.spec.court]

    @property
    def claimed(self) -> Decimal:
        """Principal plus penalty as claimed."""
        return self.principal + self.penalty

    @property
    def awarded_total(self) -> Decimal | None:
        """Sum of the awarded amounts, if anything was awarded."""
        if self.awarded_principal is None:
            return None
        return (
            self.awarded_principal
            + (self.awarded_penalty or ZERO)
            + (self.awarded_duty or ZERO)
        )

    @property
    def period(self) -> str:
        """«с 01.03.2021 по 31.08.2021»"""
        first, last = self.months[0], self.months[-1]
        start = date(first.year, first.month, 1)
        return (
            f"с {short_date(start)} по {short_date(_month_end(last.year, last.month))}"
        )

    @property
    def debtor_name(self) -> str:
        """The debtor as named in the facts (person or company)."""
        return self.debtor.full() if self.debtor else self.company


SPECS: tuple[Spec, ...] = (
    Spec("d01", Kind.DECISION, Layout.PDF, "oktyabrsky", date(2021, 5, 14),
         Outcome.GRANTED_FULL, "appeared", uid=True),
    Spec("d02", Kind.DECISION, Layout.DOCX, "sverdlovsky", date(2022, 3, 22),
         Outcome.GRANTED_PART, "penalty333", uid=True, months=18),
    Spec("d03", Kind.DECISION, Layout.RTF_UNICODE, "starooskolsky", date(2020, 2, 11),
         Outcome.DENIED, "limitation", months=10),
    Spec("d04", Kind.DEFAULT_DECISION, Layout.PDF_PAGED, "oktyabrsky", date(2023, 6, 8),
         Outcome.GRANTED_FULL, uid=True, months=30),
    Spec("d05", Kind.DEFAULT_DECISION, Layout.DOC, "gubkinsky", date(2022, 11, 2),
         Outcome.GRANTED_PART, "penalty333", months=14),
    Spec("d06", Kind.DECISION, Layout.HTML, "belgorodsky", date(2024, 4, 17),
         Outcome.GRANTED_PART, "limitation_part", uid=True, months=40),
    Spec("d07", Kind.DECISION, Layout.TEXT_CP1251, "valuysky", date(2019, 9, 5),
         Outcome.GRANTED_FULL, "appeared", months=9),
    Spec("d08", Kind.DEFAULT_DECISION, Layout.PDF_TWO_COLUMN, "sverdlovsky",
         date(2025, 2, 19), Outcome.GRANTED_FULL, months=11),
    Spec("d09", Kind.DECISION, Layout.DOC, "oktyabrsky", date(2024, 11, 26),
         Outcome.DENIED, "paid", months=6),
    Spec("d10", Kind.DECISION, Layout.RTF_CP1251, "starooskolsky", date(2023, 9, 14),
         Outcome.GRANTED_PART, "penalty333", uid=True, months=20),
    Spec("d11", Kind.DECISION, Layout.HTML_CP1251, "gubkinsky", date(2025, 6, 3),
         Outcome.GRANTED_FULL, "appeared", months=8),
    Spec("o01", Kind.COURT_ORDER, Layout.PDF, "ms3_zapad", date(2023, 3, 9),
         Outcome.ORDER_ISSUED, months=7),
    Spec("o02", Kind.COURT_ORDER, Layout.PDF_SCAN, "ms1_vostok", date(2022, 1, 18),
         Outcome.ORDER_ISSUED, months=10),
    Spec("o03", Kind.COURT_ORDER, Layout.RTF_CP1251, "ms5_oskol", date(2021, 4, 6),
         Outcome.ORDER_ISSUED, months=8),
    Spec("o04", Kind.COURT_ORDER, Layout.TEXT_KOI8R, "ms2_gubkin", date(2020, 7, 21),
         Outcome.ORDER_ISSUED, months=6),
    Spec("o05", Kind.COURT_ORDER, Layout.DOCX, "ms3_zapad", date(2024, 10, 15),
         Outcome.ORDER_ISSUED, months=9),
    Spec("o06", Kind.COURT_ORDER, Layout.PDF, "ms1_valuyki", date(2025, 3, 12),
         Outcome.ORDER_ISSUED, months=5),
    Spec("r01", Kind.RULING, Layout.PDF, "ms1_vostok", date(2022, 2, 10),
         Outcome.ORDER_CANCELLED, link="o02"),
    Spec("r02", Kind.RULING, Layout.DOCX, "ms5_oskol", date(2021, 5, 4),
         Outcome.ORDER_CANCELLED, link="o03"),
    Spec("r03", Kind.RULING, Layout.HTML, "ms3_zapad", date(2023, 8, 29),
         Outcome.RETURNED, "order_application", months=5),
    Spec("r04", Kind.RULING, Layout.TEXT_UTF8, "oktyabrsky", date(2020, 10, 2),
         Outcome.RETURNED, "lawsuit", months=6),
    Spec("a01", Kind.APPEAL_RULING, Layout.PDF_PAGED, "oblsud", date(2022, 7, 12),
         Outcome.UPHELD, link="d02"),
    Spec("a02", Kind.APPEAL_RULING, Layout.DOCX, "oblsud", date(2024, 1, 23),
         Outcome.UPHELD, link="d10"),
    Spec("b01", Kind.DECISION, Layout.PDF_PAGED, "arbitrazh", date(2023, 10, 30),
         Outcome.GRANTED_FULL, "arbitration", months=6),
    Spec("c01", Kind.CLAIM_LETTER, Layout.DOCX, "", date(2021, 2, 15), months=9),
    Spec("c02", Kind.CLAIM_LETTER, Layout.TEXT_CP1251, "arbitrazh", date(2023, 6, 5),
         variant="arbitration", link="b01"),
    Spec("l01", Kind.LAWSUIT, Layout.DOCX, "oktyabrsky", date(2022, 4, 20), link="o02"),
    Spec("l02", Kind.LAWSUIT, Layout.DOC, "valuysky", date(2019, 3, 28), months=15),
    Spec("l03", Kind.LAWSUIT, Layout.RTF_UNICODE, "sverdlovsky", date(2024, 12, 9),
         months=16),
    Spec("w01", Kind.WARNING_NOTICE, Layout.PDF, "", date(2023, 11, 1), months=4),
    Spec("w02", Kind.WARNING_NOTICE, Layout.PDF_SCAN, "", date(2024, 2, 12), months=5),
    Spec("w03", Kind.WARNING_NOTICE, Layout.TEXT_KOI8R, "", date(2021, 10, 4), months=3),
    Spec("e01", Kind.WRIT, Layout.PDF, "oktyabrsky", date(2021, 7, 1), link="d01"),
    Spec("e02", Kind.ENFORCEMENT, Layout.DOCX, "ms3_zapad", date(2023, 5, 16), link="o01"),
)  # fmt: skip


def _make_months(rng: random.Random, count: int, last: date) -> list[Month]:
    """A run of billing months ending the month before ``last``, with part payments."""
    months: list[Month] = []
    year, month = last.year, last.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        kwh = rng.randrange(110, 360)
        charged = (TARIFFS[year] * kwh).quantize(KOP)
        paid = ZERO
        if rng.random() < 0.25:
            paid = (charged * Decimal(rng.choice((30, 40, 50))) / 100).quantize(
                Decimal(1)
            )
        months.append(Month(year, month, kwh, charged, paid))
    return list(reversed(months))


def _number(rng: random.Random, prefix: str, year: int) -> str:
    return f"{prefix}{rng.randrange(120, 4800)}/{year}"


def _uid(rng: random.Random, court: Court, year: int) -> str:
    return f"{court.uid_code}-01-{year}-{rng.randrange(0, 999999):06d}-{rng.randrange(10, 99)}"


class CaseFactory:
    """Draws the facts of every :data:`SPECS` entry from one seeded generator."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()
        self.cases: dict[str, Case] = {}

    def build(self) -> list[Case]:
        """All cases in :data:`SPECS` order."""
        for spec in SPECS:
            self.cases[spec.slug] = self._case(spec)
        return [self.cases[spec.slug] for spec in SPECS]

    def _case(self, spec: Spec) -> Case:
        if spec.link:
            return self._follow(spec, self.cases[spec.link])
        rng = self.rng
        court = COURTS.get(spec.court)
        is_entity = spec.variant == "arbitration"
        debtor = None if is_entity else make_person(rng, self.used)
        last = spec.day - timedelta(days=rng.randrange(70, 200))
        if spec.variant == "limitation":
            last = spec.day - timedelta(days=365 * 4)
        months = _make_months(rng, spec.months, last)
        if is_entity:
            # A bakery's monthly consumption is two orders above a flat's.
            months = [
                dataclasses.replace(
                    m,
                    kwh=m.kwh * 137,
                    charged=(TARIFFS[m.year] * m.kwh * 137).quantize(KOP),
                )
                for m in months
            ]
        principal = sum((m.debt for m in months), ZERO)
        penalty = (principal * Decimal(rng.randrange(60, 240)) / 1000).quantize(KOP)
        case = Case(
            spec=spec,
            case_number=self._case_number(spec),
            uid=_uid(rng, court, spec.day.year) if spec.uid and court else "",
            judge=make_person(rng, self.used) if _is_court_act(spec.kind) else None,
            secretary=make_person(rng, self.used, female=True)
            if _is_court_act(spec.kind)
            else None,
            debtor=debtor,
            company="ООО «Белогорский хлебный двор»" if is_entity else "",
            company_gen="общества с ограниченной ответственностью «Белогорский хлебный двор»"
            if is_entity
            else "",
            address=f"{court.city if court else 'г. Белгород'}, {rng.choice(_STREETS)}, "
            f"д. {rng.randrange(1, 120)}"
            + ("" if is_entity else f", кв. {rng.randrange(1, 200)}"),
            account=f"31{rng.randrange(10**9, 10**10)}",
            inn=make_inn(rng, length=10 if is_entity else 12),
            months=months,
            principal=principal,
            penalty=penalty,
            duty_paid=ZERO,
        )
        self._decide(case)
        return case

    def _case_number(self, spec: Spec) -> str:
        year = spec.day.year
        if spec.court == "arbitrazh":
            return f"А08-{self.rng.randrange(1200, 9999)}/{year}"
        if spec.kind in {Kind.CLAIM_LETTER, Kind.WARNING_NOTICE, Kind.LAWSUIT}:
            return ""
        if spec.kind is Kind.APPEAL_RULING:
            return _number(self.rng, "33-", year)
        return _number(self.rng, "2-", year)

    def _decide(self, case: Case) -> None:
        """Fill duty and awarded amounts for the spec's outcome."""
        spec, rng = case.spec, self.rng
        filed = spec.day - timedelta(days=rng.randrange(40, 90))
        if spec.variant == "arbitration":
            case.duty_paid = duty_arbitration(case.claimed)
        elif spec.kind is Kind.COURT_ORDER or spec.variant == "order_application":
            case.duty_paid = duty_order(case.claimed, filed)
        else:
            case.duty_paid = duty_general(case.claimed, filed)
        outcome = spec.outcome
        if outcome in {Outcome.GRANTED_FULL, Outcome.ORDER_ISSUED}:
            case.awarded_principal, case.awarded_penalty = case.principal, case.penalty
            case.awarded_duty = case.duty_paid
        elif outcome is Outcome.GRANTED_PART and spec.variant == "penalty333":
            case.awarded_principal = case.principal
            share = Decimal(rng.choice((25, 30, 40, 50))) / 100
            case.awarded_penalty = (case.penalty * share).quantize(Decimal(100))
            case.awarded_duty = (
                case.duty_paid
            )  # reduction under ст. 333 ГК is not partial loss
            case.reduced_333 = True
        elif outcome is Outcome.GRANTED_PART:
            cut = len(case.months) - 30  # months beyond three years before filing
            kept = sum((m.debt for m in case.months[cut:]), ZERO)
            case.awarded_principal = kept
            case.awarded_penalty = (case.penalty * kept / case.principal).quantize(KOP)
            share = (kept + case.awarded_penalty) / case.claimed
            case.awarded_duty = (case.duty_paid * share).quantize(KOP, ROUND_HALF_UP)

    def _follow(self, spec: Spec, base: Case) -> Case:
        """A document of the same case (ruling on an order, appeal, writ, lawsuit)."""
        rng = self.rng
        kind = spec.kind
        number = base.case_number
        if kind is Kind.APPEAL_RULING:
            number = _number(rng, "33-", spec.day.year)
        elif kind in {Kind.LAWSUIT, Kind.CLAIM_LETTER}:
            number = ""
        judge = base.judge  # the same judge signs the ruling on an order and the writ
        if kind in {Kind.APPEAL_RULING, Kind.ENFORCEMENT}:
            judge = make_person(rng, self.used)  # the presiding judge, or the bailiff
        elif kind in {Kind.LAWSUIT, Kind.CLAIM_LETTER}:
            judge = None
        case = dataclasses.replace(
            base,
            spec=spec,
            case_number=number,
            judge=judge,
            secretary=make_person(rng, self.used, female=True),
        )
        if kind in {Kind.RULING, Kind.LAWSUIT, Kind.CLAIM_LETTER}:
            case.awarded_principal = case.awarded_penalty = case.awarded_duty = None
            case.reduced_333 = False
        if kind is Kind.LAWSUIT:
            case.duty_paid = duty_general(case.claimed, spec.day)
        return case


def _is_court_act(kind: Kind) -> bool:
    """Whether a document of this kind is issued and signed by a court."""
    return kind in {
        Kind.DECISION,
        Kind.DEFAULT_DECISION,
        Kind.COURT_ORDER,
        Kind.RULING,
        Kind.APPEAL_RULING,
        Kind.WRIT,
    }


# --- wording --------------------------------------------------------------------


def _calc_table(case: Case) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        ("Период", "Объем, кВт·ч", "Тариф, руб./кВт·ч", "Начислено, руб.", "Оплачено, руб.",
         "Задолженность, руб."),
    ]  # fmt: skip
    for m in case.months:
        rows.append(
            (
                m.label,
                str(m.kwh),
                money_plain(TARIFFS[m.year]),
                money_plain(m.charged),
                money_plain(m.paid),
                money_plain(m.debt),
            )
        )
    charged = sum((m.charged for m in case.months), ZERO)
    paid = sum((m.paid for m in case.months), ZERO)
    rows.append(("Итого", "", "", money_plain(charged), money_plain(paid),
                 money_plain(case.principal)))  # fmt: skip
    return rows


def _debtor_line(case: Case, case_form: int) -> str:
    return case.debtor.full(case_form) if case.debtor else case.company


def _header(b: Builder, case: Case) -> None:
    if case.case_number:
        b.p(f"Дело № {case.case_number}", align=Align.RIGHT)
    if case.uid:
        b.p(f"УИД {case.uid}", align=Align.RIGHT)


def _signature(b: Builder, role: str, person: Person) -> None:
    b.p(
        f"{role}                                        {person.short()}",
        align=Align.LEFT,
    )


def write_decision(case: Case) -> Builder:
    """A first-instance decision of a court of general jurisdiction."""
    b = Builder()
    spec, court = case.spec, case.court
    assert case.debtor
    assert case.judge
    assert case.secretary
    debtor = case.debtor
    default = spec.kind is Kind.DEFAULT_DECISION
    _header(b, case)
    b.title("ЗАОЧНОЕ РЕШЕНИЕ" if default else "РЕШЕНИЕ")
    b.title("Именем Российской Федерации")
    b.p(
        f"{long_date(spec.day)}                                   {court.city}",
        align=Align.LEFT,
    )
    b.p(
        f"{court.name} в составе председательствующего судьи {case.judge.short(1)}, "
        f"при секретаре судебного заседания {case.secretary.short(1)}, рассмотрев в "
        f"открытом судебном заседании гражданское дело по иску {SUPPLIER_GEN} к "
        f"{debtor.full(2)} о взыскании задолженности за потребленную электрическую "
        "энергию и пени,"
    )
    b.p("установил:", align=Align.CENTER, bold=True)
    b.p(
        f"{SUPPLIER} обратилось в суд с иском к {debtor.short(2)}, просит взыскать "
        f"задолженность по оплате электрической энергии за период {case.period} в размере "
        f"{money(case.principal)}, пени в размере {money(case.penalty)} и расходы по "
        f"уплате государственной пошлины в размере {money(case.duty_paid)}."
    )
    b.p(
        f"Требования мотивированы тем, что ответчик {debtor.full()} является "
        f"собственником жилого помещения по адресу: {case.address}, на имя ответчика "
        f"открыт лицевой счет № {case.account}. Истец поставлял в помещение "
        "электрическую энергию, объем потребления определялся по показаниям "
        "индивидуального прибора учета, однако плата вносилась не полностью и не в срок."
    )
    if default:
        b.p(
            f"Ответчик {debtor.short()} в судебное заседание не явился, о времени и месте "
            "его проведения извещался заказной почтой по адресу регистрации, конверт "
            "возвращен за истечением срока хранения. С учетом согласия истца дело "
            "рассмотрено в порядке заочного производства.",
            *_range_keys("gpk_rf", 233, 235),
        )
    elif spec.variant in {"limitation", "paid"}:
        b.p(
            f"Ответчик {debtor.short()} иск не признал, представил письменные возражения."
        )
    else:
        b.p(
            f"Ответчик {debtor.short()} в судебном заседании факт потребления энергии не "
            "отрицал, пояснил, что задолженность возникла из-за временных финансовых "
            "трудностей."
        )
    b.p("Представитель истца просил рассмотреть дело в свое отсутствие.")
    b.p(
        "Суд, исследовав письменные доказательства, приходит к следующему.",
    )
    b.p(
        "В силу пункта 1 статьи 539 ГК РФ энергоснабжающая организация по договору "
        "энергоснабжения подает абоненту энергию через присоединенную сеть, а абонент "
        "оплачивает принятую энергию. Договор с гражданином, использующим энергию для "
        "бытовых нужд, считается заключенным с момента первого фактического "
        "подключения к присоединенной сети (пункт 1 статьи 540 ГК РФ).",
        "gk_rf:539",
        "gk_rf:540",
    )
    b.p(
        "Согласно статье 544 ГК РФ оплата производится за фактически принятое абонентом "
        "количество энергии по данным ее учета.",
        "gk_rf:544",
    )
    b.p(
        "Статьей 153 ЖК РФ на собственника помещения возложена обязанность своевременно "
        "и полностью вносить плату за коммунальные услуги, в состав которой в силу "
        "части 4 статьи 154 ЖК РФ входит плата за электрическую энергию. Плата вносится "
        "ежемесячно до десятого числа месяца, следующего за истекшим (часть 1 статьи "
        "155 ЖК РФ).",
        "zhk_rf:153",
        "zhk_rf:154.4",
        "zhk_rf:155.1",
    )
    b.p(
        "Обязательства должны исполняться надлежащим образом, односторонний отказ от их "
        "исполнения не допускается (статьи 309, 310 ГК РФ).",
        "gk_rf:309",
        "gk_rf:310",
    )
    if spec.variant == "limitation":
        _limitation_denied(b, case)
    elif spec.variant == "paid":
        _paid_denied(b, case)
    else:
        _granted_reasoning(b, case)
    default_articles = _range_keys("gpk_rf", 233, 237) if default else []
    b.p(
        "Руководствуясь статьями 194–199"
        + (", 233–237" if default else "")
        + " ГПК РФ, суд",
        *_range_keys("gpk_rf", 194, 199),
        *default_articles,
    )
    b.p("решил:", align=Align.CENTER, bold=True)
    _operative(b, case)
    if default:
        b.p(
            "Ответчик вправе подать в суд, принявший заочное решение, заявление об его "
            "отмене в течение семи дней со дня вручения ему копии решения."
        )
    b.p(
        f"Решение может быть обжаловано в {court.appeal_to} через {court.name} в "
        "течение месяца со дня принятия решения суда в окончательной форме."
    )
    made = spec.day + timedelta(days=7)
    b.p(f"Мотивированное решение изготовлено {long_date(made)}.")
    _signature(b, "Судья", case.judge)
    return b


def _granted_reasoning(b: Builder, case: Case) -> None:
    b.p(
        f"Из представленного истцом расчета следует, что за период {case.period} "
        f"ответчику начислено и не оплачено {money(case.principal)}. Расчет составлен "
        "по показаниям прибора учета и тарифам, установленным для населения, проверен "
        "судом и признан правильным. Доказательств оплаты долга ответчик не представил "
        "(статья 56 ГПК РФ).",
        "gpk_rf:56",
    )
    if case.spec.variant == "limitation_part":
        cut = len(case.months) - 30
        first_kept = case.months[cut]
        b.p(
            "Ответчиком заявлено о пропуске срока исковой давности. Срок исковой давности "
            "составляет три года (статья 196 ГК РФ) и исчисляется отдельно по каждому "
            "ежемесячному платежу (пункт 2 статьи 200 ГК РФ); истечение срока является "
            "основанием к отказу в иске в этой части (пункт 2 статьи 199 ГК РФ).",
            "gk_rf:196",
            "gk_rf:200.2",
            "gk_rf:199.2",
        )
        b.p(
            f"С учетом даты обращения в суд требования за период до {first_kept.label} "
            f"удовлетворению не подлежат. За оставшийся период задолженность составляет "
            f"{money(case.awarded_principal or ZERO)}, пени, пересчитанные судом "
            f"пропорционально, — {money(case.awarded_penalty or ZERO)}."
        )
    b.p(
        "Лица, несвоевременно и не полностью внесшие плату за коммунальные услуги, "
        "обязаны уплатить пени в размере, установленном частью 14 статьи 155 ЖК РФ. "
        f"Истец начислил пени в размере {money(case.penalty)}.",
        "zhk_rf:155.14",
    )
    if case.reduced_333:
        asked = (
            "Ответчик не является предпринимателем, поэтому вопрос о соразмерности "
            "неустойки суд вправе обсудить и по своей инициативе."
            if case.spec.kind is Kind.DEFAULT_DECISION
            else "Ответчик просил уменьшить неустойку."
        )
        b.p(
            f"{asked} Согласно пункту 1 статьи 333 ГК РФ суд "
            "вправе уменьшить неустойку, если она явно несоразмерна последствиям "
            "нарушения обязательства. Учитывая размер основного долга, период просрочки "
            "и имущественное положение ответчика, суд снижает пени до "
            f"{money(case.awarded_penalty or ZERO)}.",
            "gk_rf:333.1",
        )
        b.p(
            "Уменьшение неустойки по статье 333 ГК РФ не влечет пропорционального "
            "уменьшения судебных расходов истца по уплате государственной пошлины.",
            "gk_rf:333",
        )
    b.p(
        "Стороне, в пользу которой состоялось решение, суд присуждает возместить с "
        "другой стороны понесенные судебные расходы (часть 1 статьи 98 ГПК РФ). Истцом "
        "уплачена государственная пошлина в размере, определенном статьей 333.19 НК РФ, "
        f"— {money(case.duty_paid)}; возмещению подлежит {money(case.awarded_duty or ZERO)}.",
        "gpk_rf:98.1",
        "nk_rf:333.19",
    )


def _limitation_denied(b: Builder, case: Case) -> None:
    b.p(
        f"Истцом заявлена задолженность за период {case.period}. Ответчик заявил о "
        "пропуске срока исковой давности, который составляет три года (статья 196 ГК "
        "РФ) и течет отдельно по каждому ежемесячному платежу.",
        "gk_rf:196",
    )
    b.p(
        "Последний из заявленных платежей подлежал внесению более чем за три года до "
        "обращения истца к мировому судье с заявлением о вынесении судебного приказа; "
        "о восстановлении срока истец не просил. Истечение срока исковой давности, о "
        "применении которой заявлено стороной в споре, является основанием к вынесению "
        "решения об отказе в иске (пункт 2 статьи 199 ГК РФ).",
        "gk_rf:199.2",
    )
    b.p(
        "Поскольку в удовлетворении иска отказано, расходы истца по уплате "
        "государственной пошлины возмещению не подлежат (статья 98 ГПК РФ).",
        "gpk_rf:98",
    )


def _paid_denied(b: Builder, case: Case) -> None:
    b.p(
        f"Ответчик представил платежные документы, из которых следует, что задолженность "
        f"за период {case.period} в размере {money(case.principal)} и начисленные пени "
        "погашены им до подачи иска. Истец этого не опроверг (статья 56 ГПК РФ).",
        "gpk_rf:56",
    )
    b.p(
        "Поскольку обязательство прекращено надлежащим исполнением (пункт 1 статьи 408 "
        "ГК РФ), оснований для удовлетворения иска нет, судебные расходы истцу не "
        "возмещаются (статья 98 ГПК РФ).",
        "gk_rf:408.1",
        "gpk_rf:98",
    )


def _operative(b: Builder, case: Case) -> None:
    """The operative part («решил:») of a decision."""
    assert case.debtor
    if case.spec.outcome is Outcome.DENIED:
        b.p(
            f"В удовлетворении иска {SUPPLIER_GEN} к {case.debtor.full(2)} о взыскании "
            f"задолженности за электрическую энергию в размере {money(case.principal)} и "
            f"пени в размере {money(case.penalty)} отказать."
        )
        return
    whole = case.spec.outcome is Outcome.GRANTED_FULL
    b.p(f"Иск {SUPPLIER_GEN} удовлетворить" + ("." if whole else " частично."))
    b.p(
        f"Взыскать с {case.debtor.full(1)} (ИНН {case.inn}) в пользу {SUPPLIER_GEN} "
        f"(ИНН {SUPPLIER_INN}) задолженность по оплате электрической энергии в размере "
        f"{money(case.awarded_principal or ZERO)}, пени в размере "
        f"{money(case.awarded_penalty or ZERO)}, расходы по уплате государственной "
        f"пошлины в размере {money(case.awarded_duty or ZERO)}, а всего "
        f"{money_words(case.awarded_total or ZERO)}."
    )
    if not whole:
        b.p("В удовлетворении остальной части иска отказать.")


def write_arbitration(case: Case) -> Builder:
    """A decision of the Arbitration Court of Belgorod Region against a company."""
    b = Builder()
    spec, court = case.spec, case.court
    assert case.judge
    assert case.secretary
    b.p(court.name.upper(), align=Align.CENTER, bold=True)
    b.title("Именем Российской Федерации")
    b.title("Р Е Ш Е Н И Е")
    b.p(
        f"{court.city}                                                 Дело № {case.case_number}"
    )
    b.p(f"{long_date(spec.day)}", align=Align.LEFT)
    b.p(
        f"Резолютивная часть решения объявлена {long_date(spec.day - timedelta(days=7))}."
    )
    b.p(
        f"{court.name} в составе судьи {case.judge.short(1)}, при ведении протокола "
        f"судебного заседания секретарем {case.secretary.short(2)}, рассмотрев в открытом "
        f"судебном заседании дело по иску {SUPPLIER_GEN} (ИНН {SUPPLIER_INN}, ОГРН "
        f"{SUPPLIER_OGRN}) к {_dative_company(case)} (ИНН {case.inn}) о взыскании "
        f"{money(case.claimed)},"
    )
    b.p("установил:", align=Align.CENTER, bold=True)
    b.p(
        f"{SUPPLIER} (далее — истец), гарантирующий поставщик, обратилось в "
        f"арбитражный суд с иском к {case.company} "
        f"о взыскании задолженности за электрическую энергию, поставленную за период "
        f"{case.period}, в размере {money(case.principal)} и законной неустойки в размере "
        f"{money(case.penalty)}."
    )
    b.p(
        "Между сторонами заключен договор энергоснабжения, по которому истец продает "
        "ответчику электрическую энергию, а ответчик оплачивает ее до 18-го числа "
        "месяца, следующего за расчетным, как это предусмотрено пунктом 82 Основных "
        "положений функционирования розничных рынков электрической энергии, утвержденных "
        "постановлением Правительства РФ от 04.05.2012 № 442.",
        "pp_442:82",
    )
    b.p(
        "Претензия истца об оплате долга оставлена ответчиком без ответа; досудебный "
        "порядок, установленный частью 5 статьи 4 АПК РФ, соблюден.",
        "apk_rf:4.5",
    )
    b.p(
        "По правилам статей 309, 310, 539 и 544 ГК РФ абонент оплачивает фактически "
        "принятую энергию. Объем поставки подтвержден актами приема-передачи и "
        "ведомостями показаний приборов учета; ответчик объем и стоимость не оспорил, "
        "что в силу части 3.1 статьи 70 АПК РФ освобождает истца от дальнейшего "
        "доказывания этих обстоятельств.",
        "gk_rf:309",
        "gk_rf:310",
        "gk_rf:539",
        "gk_rf:544",
        "apk_rf:70.3.1",
    )
    b.p(
        "Неустойка начислена истцом по абзацу восьмому пункта 2 статьи 37 Федерального "
        "закона от 26.03.2003 № 35-ФЗ «Об электроэнергетике»; расчет проверен и признан "
        "верным. Ходатайство о снижении неустойки ответчик не заявлял.",
        "fz_35:37.2",
    )
    b.p(
        "Расходы по уплате государственной пошлины в размере, определенном статьей "
        "333.21 НК РФ, относятся на ответчика (статья 110 АПК РФ).",
        "nk_rf:333.21",
        "apk_rf:110",
    )
    b.p(
        "Руководствуясь статьями 110, 167–170, 176 АПК РФ, суд",
        "apk_rf:110",
        *_range_keys("apk_rf", 167, 170),
        "apk_rf:176",
    )
    b.p("решил:", align=Align.CENTER, bold=True)
    b.p("Исковые требования удовлетворить.")
    b.p(
        f"Взыскать с {case.company_gen} (ИНН {case.inn}) в пользу {SUPPLIER_GEN} "
        f"(ИНН {SUPPLIER_INN}) задолженность в размере {money(case.awarded_principal or ZERO)}, "
        f"неустойку в размере {money(case.awarded_penalty or ZERO)}, а также расходы по "
        f"уплате государственной пошлины в размере {money(case.awarded_duty or ZERO)}, "
        f"всего {money_words(case.awarded_total or ZERO)}."
    )
    b.p(
        "Решение может быть обжаловано в Девятнадцатый арбитражный апелляционный суд в "
        "течение месяца со дня его принятия."
    )
    _signature(b, "Судья", case.judge)
    return b


def _dative_company(case: Case) -> str:
    """«обществу с ограниченной ответственностью …» from the genitive form."""
    return case.company_gen.replace("общества", "обществу", 1)


def write_court_order(case: Case) -> Builder:
    """A magistrate's court order (судебный приказ)."""
    b = Builder()
    spec, court = case.spec, case.court
    assert case.debtor
    assert case.judge
    b.p(court.name, align=Align.CENTER)
    b.p(f"Дело № {case.case_number}", align=Align.RIGHT)
    b.title("СУДЕБНЫЙ ПРИКАЗ")
    b.p(
        f"{long_date(spec.day)}                                   {court.city}",
        align=Align.LEFT,
    )
    b.p(
        f"Мировой судья {court.name_gen} {case.judge.short()}, рассмотрев заявление "
        f"{SUPPLIER_GEN} о вынесении судебного приказа о взыскании задолженности за "
        "электрическую энергию, руководствуясь статьями 121–130 ГПК РФ,",
        *_range_keys("gpk_rf", 121, 130),
    )
    b.p("п р и к а з а л:", align=Align.CENTER, bold=True)
    birth = date(
        spec.day.year - 30 - len(case.account) % 25, 1 + len(case.address) % 12, 9
    )
    b.p(
        f"Взыскать с должника {case.debtor.full(1)}, {short_date(birth)} года рождения, "
        f"зарегистрированного по адресу: {case.address}, ИНН {case.inn}, в пользу "
        f"взыскателя {SUPPLIER_GEN} (ИНН {SUPPLIER_INN}, ОГРН {SUPPLIER_OGRN}, адрес: "
        f"{SUPPLIER_ADDRESS}) задолженность по оплате электрической энергии по лицевому "
        f"счету № {case.account} за период {case.period} в размере "
        f"{money(case.principal)}, пени по части 14 статьи 155 ЖК РФ в размере "
        f"{money(case.penalty)}, расходы по уплате государственной пошлины в размере "
        f"{money(case.duty_paid)}, а всего {money_words(case.awarded_total or ZERO)}.",
        "zhk_rf:155.14",
    )
    b.p(
        "Должник вправе в течение десяти дней со дня получения копии судебного приказа "
        "представить возражения относительно его исполнения (статья 128 ГПК РФ). При "
        "поступлении возражений судебный приказ отменяется (статья 129 ГПК РФ).",
        "gpk_rf:128",
        "gpk_rf:129",
    )
    b.p(f"Взыскатель: {SUPPLIER}, ИНН {SUPPLIER_INN}")
    b.p(f"Должник: {case.debtor.full()}, ИНН {case.inn}")
    _signature(b, "Мировой судья", case.judge)
    return b


def write_ruling(case: Case) -> Builder:
    """A ruling cancelling a court order or returning an application."""
    b = Builder()
    spec, court = case.spec, case.court
    assert case.debtor
    assert case.judge
    b.p(court.name, align=Align.CENTER)
    b.p(f"Дело № {case.case_number}", align=Align.RIGHT)
    if spec.outcome is Outcome.ORDER_CANCELLED:
        b.title("ОПРЕДЕЛЕНИЕ")
        b.p("об отмене судебного приказа", align=Align.CENTER)
        b.p(f"{long_date(spec.day)}                                   {court.city}")
        b.p(
            f"Мировой судья {court.name_gen} {case.judge.short()}, рассмотрев возражения "
            f"{case.debtor.full(1)} относительно исполнения судебного приказа по делу "
            f"№ {case.case_number} о взыскании в пользу {SUPPLIER_GEN} задолженности за "
            f"электрическую энергию в размере {money(case.principal)} и пени в размере "
            f"{money(case.penalty)},"
        )
        b.p("установил:", align=Align.CENTER, bold=True)
        b.p(
            "Копия судебного приказа получена должником "
            "по почте; возражения поданы в течение десяти дней со дня ее получения. "
            "Должник не согласен с размером задолженности.",
        )
        b.p(
            "Согласно статье 129 ГПК РФ при поступлении в установленный срок возражений "
            "должника относительно исполнения судебного приказа судья отменяет "
            "судебный приказ. Заявленное требование может быть предъявлено взыскателем "
            "в порядке искового производства.",
            "gpk_rf:129",
        )
        b.p(
            "Руководствуясь статьями 128, 129 ГПК РФ, мировой судья",
            "gpk_rf:128",
            "gpk_rf:129",
        )
        b.p("определил:", align=Align.CENTER, bold=True)
        b.p(f"Судебный приказ по делу № {case.case_number} отменить.")
        b.p(
            "Разъяснить взыскателю, что требование может быть предъявлено в порядке "
            "искового производства. Определение обжалованию не подлежит."
        )
        b.p(f"Взыскатель: {SUPPLIER}. Должник: {case.debtor.full()}")
        _signature(b, "Мировой судья", case.judge)
        return b
    b.title("ОПРЕДЕЛЕНИЕ")
    if spec.variant == "order_application":
        b.p("о возвращении заявления о вынесении судебного приказа", align=Align.CENTER)
        b.p(f"{long_date(spec.day)}                                   {court.city}")
        b.p(
            f"Мировой судья {court.name_gen} {case.judge.short()}, рассмотрев заявление "
            f"{SUPPLIER_GEN} о вынесении судебного приказа о взыскании с "
            f"{case.debtor.full(1)} задолженности за электрическую энергию в размере "
            f"{money(case.principal)} и пени в размере {money(case.penalty)},"
        )
        b.p("установил:", align=Align.CENTER, bold=True)
        b.p(
            "К заявлению не приложены документы, подтверждающие заявленное требование: "
            "расчет задолженности по лицевому счету и сведения о принадлежности "
            "помещения должнику. В таком случае заявление возвращается (пункт 1 части 1 "
            "статьи 125 ГПК РФ); возвращение не препятствует повторному обращению после "
            "устранения недостатка (часть 2 статьи 125 ГПК РФ).",
            "gpk_rf:125.1.1",
            "gpk_rf:125.2",
        )
        b.p("Руководствуясь статьей 125 ГПК РФ, мировой судья", "gpk_rf:125")
        b.p("определил:", align=Align.CENTER, bold=True)
        b.p(
            f"Заявление {SUPPLIER_GEN} о вынесении судебного приказа о взыскании с "
            f"{case.debtor.full(1)} задолженности возвратить взыскателю."
        )
        b.p(f"Взыскатель: {SUPPLIER}. Должник: {case.debtor.full()}")
        _signature(b, "Мировой судья", case.judge)
        return b
    b.p("о возвращении искового заявления", align=Align.CENTER)
    b.p(f"{long_date(spec.day)}                                   {court.city}")
    b.p(
        f"Судья {court.name_gen} {case.judge.short()}, изучив исковое заявление "
        f"{SUPPLIER_GEN} к {case.debtor.full(2)} о взыскании задолженности за "
        f"электрическую энергию в размере {money(case.principal)} и пени в размере "
        f"{money(case.penalty)},"
    )
    b.p("установил:", align=Align.CENTER, bold=True)
    b.p(
        "Требование о взыскании платы за коммунальные услуги на сумму до пятисот тысяч "
        "рублей рассматривается в порядке приказного производства (статья 122 ГПК РФ). "
        "Сведений об обращении истца с заявлением о вынесении судебного приказа и об "
        "отмене такого приказа к иску не приложено, поэтому исковое заявление подлежит "
        "возвращению (пункт 1.1 части 1 статьи 135 ГПК РФ).",
        "gpk_rf:122",
        "gpk_rf:135.1.1.1",
    )
    b.p("Руководствуясь статьей 135 ГПК РФ, судья", "gpk_rf:135")
    b.p("определил:", align=Align.CENTER, bold=True)
    b.p(
        f"Исковое заявление {SUPPLIER_GEN} к {case.debtor.full(2)} о взыскании "
        "задолженности возвратить истцу. Разъяснить право обратиться к мировому судье с "
        "заявлением о вынесении судебного приказа."
    )
    b.p(f"Истец: {SUPPLIER}. Ответчик: {case.debtor.full()}")
    _signature(b, "Судья", case.judge)
    return b


def write_appeal(case: Case, first: Case) -> Builder:
    """An appeal ruling of the regional court upholding a decision."""
    b = Builder()
    spec, court = case.spec, case.court
    assert case.debtor
    assert case.judge
    assert case.secretary
    assert first.judge
    rng = random.Random(case.case_number)
    judges = [case.judge, *(make_person(rng, set()) for _ in range(2))]
    b.p(court.name, align=Align.CENTER)
    b.p(f"Дело № {case.case_number}", align=Align.RIGHT)
    if case.uid:
        b.p(f"УИД {case.uid}", align=Align.RIGHT)
    b.p(f"Судья {first.judge.short()}", align=Align.LEFT)
    b.title("АПЕЛЛЯЦИОННОЕ ОПРЕДЕЛЕНИЕ")
    b.p(f"{long_date(spec.day)}                                   {court.city}")
    b.p(
        f"Судебная коллегия по гражданским делам {court.name_gen} в составе "
        f"председательствующего {judges[0].short(1)}, судей {judges[1].short(1)}, "
        f"{judges[2].short(1)}, при секретаре {case.secretary.short(1)}, рассмотрела в "
        f"открытом судебном заседании гражданское дело по иску {SUPPLIER_GEN} к "
        f"{case.debtor.full(2)} о взыскании задолженности за электрическую энергию и "
        f"пени по апелляционной жалобе {case.debtor.short(1)} на решение "
        f"{first.court.name_gen} от {short_date(first.spec.day)} (дело "
        f"№ {first.case_number}).",
    )
    b.p("установила:", align=Align.CENTER, bold=True)
    b.p(
        f"Решением суда первой инстанции иск удовлетворен частично: с ответчика взыскана "
        f"задолженность в размере {money(first.awarded_principal or ZERO)}, пени, "
        f"уменьшенные на основании статьи 333 ГК РФ, в размере "
        f"{money(first.awarded_penalty or ZERO)}, расходы по уплате государственной "
        f"пошлины в размере {money(first.awarded_duty or ZERO)}, а всего "
        f"{money(first.awarded_total or ZERO)}.",
        "gk_rf:333",
    )
    b.p(
        "В апелляционной жалобе ответчик просит решение отменить, ссылаясь на то, что "
        "показания прибора учета сняты истцом без его участия, а пени следовало снизить "
        "в большей мере."
    )
    b.p(
        "Проверив материалы дела в пределах доводов жалобы (часть 1 статьи 327.1 ГПК "
        "РФ), судебная коллегия оснований для отмены решения не находит.",
        "gpk_rf:327.1.1",
    )
    b.p(
        "Суд первой инстанции правильно применил статьи 539, 544 ГК РФ и статьи 153, "
        "155 ЖК РФ: оплате подлежит энергия, фактически принятая по данным учета. "
        "Доказательств неисправности прибора учета или иного объема потребления "
        "ответчик не представил.",
        "gk_rf:539",
        "gk_rf:544",
        "zhk_rf:153",
        "zhk_rf:155",
    )
    b.p(
        "Размер пени, определенный по части 14 статьи 155 ЖК РФ и уменьшенный судом, "
        "соответствует последствиям нарушения обязательства; оснований для большего "
        "снижения коллегия не усматривает.",
        "zhk_rf:155.14",
    )
    b.p(
        "Руководствуясь статьями 328, 329 ГПК РФ, судебная коллегия",
        "gpk_rf:328",
        "gpk_rf:329",
    )
    b.p("определила:", align=Align.CENTER, bold=True)
    b.p(
        f"Решение {first.court.name_gen} от {short_date(first.spec.day)} по делу по иску "
        f"{SUPPLIER_GEN} к {case.debtor.full(2)} о взыскании задолженности за "
        "электрическую энергию и пени оставить без изменения, апелляционную жалобу — "
        "без удовлетворения."
    )
    b.p(
        "Апелляционное определение может быть обжаловано в кассационном порядке в "
        "Первый кассационный суд общей юрисдикции в течение трех месяцев."
    )
    b.p(f"Истец: {SUPPLIER}. Ответчик: {case.debtor.full()}")
    _signature(b, "Председательствующий", judges[0])
    _signature(b, "Судьи", judges[1])
    return b


def write_claim_letter(case: Case) -> Builder:
    """A pre-trial claim (претензия) from the supplier."""
    b = Builder()
    spec = case.spec
    b.p(SUPPLIER, align=Align.LEFT, bold=True)
    b.p(f"{SUPPLIER_ADDRESS}, ИНН {SUPPLIER_INN}", align=Align.LEFT)
    b.p(f"Исх. № {case.account[-4:]}-ПР от {short_date(spec.day)}", align=Align.LEFT)
    b.p(f"Кому: {case.debtor_name}", align=Align.RIGHT)
    b.p(f"Адрес: {case.address}", align=Align.RIGHT)
    b.title("ПРЕТЕНЗИЯ")
    b.p("об оплате задолженности за электрическую энергию", align=Align.CENTER)
    if case.debtor:
        b.p(
            f"{SUPPLIER} поставляет электрическую энергию в жилое помещение по адресу: "
            f"{case.address} (лицевой счет № {case.account}). По правилам статей 539 и "
            "544 ГК РФ, статей 153 и 155 ЖК РФ оплата потребленной энергии вносится "
            "ежемесячно до десятого числа следующего месяца.",
            "gk_rf:539",
            "gk_rf:544",
            "zhk_rf:153",
            "zhk_rf:155",
        )
    else:
        b.p(
            f"По договору энергоснабжения {SUPPLIER} поставляет {case.company} "
            "электрическую энергию. Оплата производится до 18-го числа месяца, "
            "следующего за расчетным (пункт 82 Основных положений, утвержденных "
            "постановлением Правительства РФ от 04.05.2012 № 442).",
            "pp_442:82",
        )
    b.p(
        f"За период {case.period} за Вами числится задолженность в размере "
        f"{money_words(case.principal)}, на которую начислены пени в размере "
        f"{money(case.penalty)}. Расчет приведен ниже."
    )
    b.table(_calc_table(case))
    if case.debtor:
        b.p(
            "Просим погасить задолженность в течение 10 календарных дней со дня получения "
            "претензии. В противном случае мы обратимся к мировому судье с заявлением о "
            "вынесении судебного приказа (статья 122 ГПК РФ), а подача электрической "
            "энергии может быть ограничена в порядке, установленном пунктами 117–119 "
            "Правил предоставления коммунальных услуг, утвержденных постановлением "
            "Правительства РФ от 06.05.2011 № 354.",
            "gpk_rf:122",
            *_range_keys("pp_354", 117, 119),
        )
    else:
        b.p(
            "Просим оплатить задолженность и неустойку в течение 30 календарных дней со "
            "дня направления претензии (часть 5 статьи 4 АПК РФ). В противном случае "
            f"спор будет передан на рассмотрение в {case.court.name}.",
            "apk_rf:4.5",
        )
    b.p("Начальник отдела по работе с дебиторской задолженностью    ____________")
    return b


def write_lawsuit(case: Case) -> Builder:
    """A lawsuit (исковое заявление) to a district court."""
    b = Builder()
    court = case.court
    assert case.debtor
    b.p(f"В {court.name}", align=Align.RIGHT)
    b.p(
        f"Истец: {SUPPLIER}, ИНН {SUPPLIER_INN}, ОГРН {SUPPLIER_OGRN}, адрес: "
        f"{SUPPLIER_ADDRESS}",
        align=Align.RIGHT,
    )
    b.p(f"Ответчик: {case.debtor.full()}, адрес: {case.address}", align=Align.RIGHT)
    b.p(f"Цена иска: {money(case.claimed)}", align=Align.RIGHT)
    b.p(f"Государственная пошлина: {money(case.duty_paid)}", align=Align.RIGHT)
    b.title("ИСКОВОЕ ЗАЯВЛЕНИЕ")
    b.p("о взыскании задолженности за электрическую энергию и пени", align=Align.CENTER)
    b.p(
        f"Истец поставляет электрическую энергию в помещение ответчика по адресу: "
        f"{case.address}, лицевой счет № {case.account}. Договор энергоснабжения с "
        "гражданином считается заключенным с момента первого фактического подключения "
        "(статья 540 ГК РФ); ответчик обязан оплачивать энергию по показаниям прибора "
        "учета (статья 544 ГК РФ, статьи 153, 154, 155 ЖК РФ).",
        "gk_rf:540",
        "gk_rf:544",
        "zhk_rf:153",
        "zhk_rf:154",
        "zhk_rf:155",
    )
    b.p(
        f"За период {case.period} ответчик оплату вносил не полностью, задолженность "
        f"составляет {money(case.principal)}. Расчет задолженности:"
    )
    b.table(_calc_table(case))
    b.p(
        f"На задолженность начислены пени по части 14 статьи 155 ЖК РФ в размере "
        f"{money(case.penalty)}.",
        "zhk_rf:155.14",
    )
    if case.spec.link:
        b.p(
            "Судебный приказ о взыскании этой задолженности отменен мировым судьей по "
            "возражениям должника, поэтому истец обращается в порядке искового "
            "производства (статья 129 ГПК РФ). Истец просит зачесть государственную "
            "пошлину, уплаченную при подаче заявления о вынесении судебного приказа.",
            "gpk_rf:129",
        )
    b.p(
        "На основании изложенного, руководствуясь статьями 131, 132 ГПК РФ,",
        "gpk_rf:131",
        "gpk_rf:132",
    )
    b.p("ПРОШУ:", align=Align.CENTER, bold=True)
    b.p(
        f"1. Взыскать с {case.debtor.full(1)} в пользу {SUPPLIER_GEN} задолженность за "
        f"электрическую энергию в размере {money_words(case.principal)} и пени в размере "
        f"{money(case.penalty)}."
    )
    b.p(
        f"2. Взыскать с ответчика расходы по уплате государственной пошлины в размере "
        f"{money(case.duty_paid)} (статья 98 ГПК РФ).",
        "gpk_rf:98",
    )
    b.p(
        "Приложения: расчет задолженности; выписка из ЕГРН; платежное поручение об "
        "уплате государственной пошлины; доверенность представителя."
    )
    b.p(f"Представитель по доверенности    ____________    {short_date(case.spec.day)}")
    return b


def write_warning(case: Case) -> Builder:
    """A Decree 354 warning of restriction of the electricity supply."""
    b = Builder()
    spec = case.spec
    assert case.debtor
    b.p(SUPPLIER, align=Align.LEFT, bold=True)
    b.p(f"{SUPPLIER_ADDRESS}", align=Align.LEFT)
    b.p(f"Потребителю: {case.debtor.full()}", align=Align.RIGHT)
    b.p(f"Адрес: {case.address}", align=Align.RIGHT)
    b.p(f"Лицевой счет № {case.account}", align=Align.RIGHT)
    b.title("ПРЕДУПРЕЖДЕНИЕ")
    b.p(
        "о введении ограничения (приостановления) предоставления коммунальной услуги по "
        "электроснабжению",
        align=Align.CENTER,
    )
    b.p(f"{short_date(spec.day)}", align=Align.LEFT)
    b.p(
        f"По состоянию на {short_date(spec.day)} за Вами числится задолженность по оплате "
        f"коммунальной услуги по электроснабжению за период {case.period} в размере "
        f"{money_words(case.principal)}. Задолженность превышает сумму двух месячных "
        "размеров платы, исчисленных по нормативу потребления, что признается неполной "
        "оплатой коммунальной услуги (пункт 118 Правил предоставления коммунальных "
        "услуг, утвержденных постановлением Правительства РФ от 06.05.2011 № 354).",
        "pp_354:118",
    )
    b.p(
        "На основании пунктов 117 и 119 указанных Правил предупреждаем: если "
        "задолженность не будет погашена в течение 20 дней со дня доставки настоящего "
        "предупреждения, предоставление коммунальной услуги по электроснабжению будет "
        "сначала ограничено, а затем приостановлено, а при отсутствии технической "
        "возможности ограничения — приостановлено без предварительного ограничения.",
        "pp_354:117",
        "pp_354:119",
    )
    b.p(
        "Предоставление услуги возобновляется после полного погашения задолженности или "
        "заключения соглашения о ее погашении (пункт 120 Правил). Расходы на введение "
        "ограничения, приостановление и возобновление предоставления услуги подлежат "
        "возмещению потребителем (пункт 121(1) Правил).",
        "pp_354:120",
        "pp_354:121(1)",
    )
    b.p(
        "Оплатить задолженность можно в личном кабинете, в офисах обслуживания и "
        "отделениях почтовой связи. Справки по телефону контакт-центра."
    )
    b.p("Начальник отделения по работе с потребителями    ____________")
    return b


def write_writ(case: Case, decision: Case) -> Builder:
    """A writ of execution (исполнительный лист) on a decision."""
    b = Builder()
    spec, court = case.spec, case.court
    assert case.debtor
    assert case.judge
    decided = decision.spec.day
    b.p(court.name, align=Align.CENTER)
    b.title("ИСПОЛНИТЕЛЬНЫЙ ЛИСТ")
    b.p(f"Серия ФС № 0{case.account[-8:]}", align=Align.CENTER)
    b.p(f"Дело № {case.case_number}")
    if case.uid:
        b.p(f"УИД {case.uid}")
    b.p(f"Дата принятия судебного акта: {short_date(decided)}")
    in_force = spec.day - timedelta(days=10)
    b.p(f"Дата вступления судебного акта в законную силу: {short_date(in_force)}")
    b.p(
        f"Резолютивная часть: взыскать с {case.debtor.full(1)} в пользу {SUPPLIER_GEN} "
        f"задолженность по оплате электрической энергии в размере "
        f"{money(case.awarded_principal or ZERO)}, пени в размере "
        f"{money(case.awarded_penalty or ZERO)}, расходы по уплате государственной "
        f"пошлины в размере {money(case.awarded_duty or ZERO)}, а всего "
        f"{money_words(case.awarded_total or ZERO)}."
    )
    b.p(f"Должник: {case.debtor.full()}, адрес: {case.address}")
    b.p(f"Взыскатель: {SUPPLIER}, ИНН {SUPPLIER_INN}, адрес: {SUPPLIER_ADDRESS}")
    b.p(f"Исполнительный лист выдан {short_date(spec.day)}")
    _signature(b, "Судья", case.judge)
    return b


def write_enforcement(case: Case, order: Case) -> Builder:
    """A bailiff's resolution opening enforcement proceedings on a court order."""
    b = Builder()
    spec = case.spec
    assert case.debtor
    assert case.judge
    proceedings = f"{int(case.account[-5:]) + 10000}/{spec.day.year % 100}/31020-ИП"
    b.p("УФССП России по Белгородской области", align=Align.CENTER)
    b.p("Отделение судебных приставов по г. Белгороду", align=Align.CENTER)
    b.title("ПОСТАНОВЛЕНИЕ")
    b.p("о возбуждении исполнительного производства", align=Align.CENTER)
    b.p(f"{short_date(spec.day)}                                   г. Белгород")
    b.p(
        f"Судебный пристав-исполнитель {case.judge.short()}, рассмотрев исполнительный "
        f"документ — судебный приказ по делу № {case.case_number} от "
        f"{short_date(order.spec.day)}, выданный органом: {order.court.name}, предмет "
        f"исполнения: задолженность за электрическую энергию, пени и расходы по уплате "
        f"государственной пошлины, всего {money(case.awarded_total or ZERO)}, в отношении "
        f"должника {case.debtor.full(1)} в пользу взыскателя {SUPPLIER_GEN}, "
        "руководствуясь статьями 6, 14, 30 Федерального закона от 02.10.2007 № 229-ФЗ "
        "«Об исполнительном производстве»,",
        "fz_229:6",
        "fz_229:14",
        "fz_229:30",
    )
    b.p("ПОСТАНОВИЛ:", align=Align.CENTER, bold=True)
    b.p(f"1. Возбудить исполнительное производство № {proceedings}.")
    b.p(
        "2. Установить должнику срок для добровольного исполнения требований — пять "
        "дней со дня получения настоящего постановления (часть 12 статьи 30 "
        "Федерального закона № 229-ФЗ).",
        "fz_229:30.12",
    )
    b.p(f"Должник: {case.debtor.full()}, адрес: {case.address}")
    b.p(f"Взыскатель: {SUPPLIER}, адрес: {SUPPLIER_ADDRESS}")
    _signature(b, "Судебный пристав-исполнитель", case.judge)
    return b


# --- the document record -------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One generated document: its file name, blocks, plain text and facts."""

    file: str
    layout: Layout
    blocks: tuple[Block, ...]
    text: str
    facts: dict[str, object]
    demonstrates: str


def _dec(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount.quantize(KOP))


_KOI8_SAFE = str.maketrans(
    {"«": '"', "»": '"', "№": "N", "—": "-", "–": "-", "…": "..."}
)


def _facts(
    case: Case, keys: list[str], file: str, fold: Callable[[str], str]
) -> dict[str, object]:
    spec = case.spec
    court = case.court if spec.court else None
    is_court_act = _is_court_act(spec.kind)
    states_claim = spec.kind not in {Kind.WRIT, Kind.ENFORCEMENT, Kind.APPEAL_RULING}
    penalty_stated = states_claim and spec.kind is not Kind.WARNING_NOTICE
    awarded = spec.kind in {
        Kind.DECISION,
        Kind.DEFAULT_DECISION,
        Kind.COURT_ORDER,
        Kind.APPEAL_RULING,
        Kind.WRIT,
    }
    judge = (
        case.judge.short() if case.judge and spec.kind is not Kind.ENFORCEMENT else None
    )
    return {
        "file": file,
        "kind": str(spec.kind),
        "case_number": case.case_number or None,
        "uid": case.uid or None,
        "court": fold(court.name)
        if court and (is_court_act or spec.kind is Kind.LAWSUIT)
        else None,
        "judge": judge if is_court_act else None,
        "magistrate_section": court.section or None if court and is_court_act else None,
        "decision_date": spec.day.isoformat(),
        "plaintiff": fold(SUPPLIER),
        "defendants": [fold(case.debtor_name)],
        "claimed": _dec(case.claimed if penalty_stated else case.principal)
        if states_claim
        else None,
        "claimed_principal": _dec(case.principal) if states_claim else None,
        "claimed_penalty": _dec(case.penalty) if penalty_stated else None,
        "awarded_principal": _dec(case.awarded_principal) if awarded else None,
        "awarded_penalty": _dec(case.awarded_penalty) if awarded else None,
        "awarded_state_duty": _dec(case.awarded_duty) if awarded else None,
        "awarded_total": _dec(case.awarded_total)
        if awarded or spec.kind is Kind.ENFORCEMENT
        else None,
        "penalty_reduced_333": case.reduced_333 if awarded else None,
        "outcome": str(spec.outcome) if spec.outcome else None,
        "cited": keys,
    }


def build_documents(seed: int = SEED) -> list[Document]:
    """Build every document in memory (texts, blocks and facts), without writing.

    Raises:
        AssertionError: a stated fact is missing from the document text (a bug in
            the generator's wording).
    """
    cases = CaseFactory(seed).build()
    by_slug = {case.spec.slug: case for case in cases}
    documents: list[Document] = []
    for case in cases:
        builder = _write(case, by_slug)
        fold = (
            (lambda s: s.translate(_KOI8_SAFE))
            if case.spec.layout is Layout.TEXT_KOI8R
            else str
        )
        blocks = tuple(_fold_block(block, fold) for block in builder.blocks)
        text = fold(builder.text())
        name = _file_name(case)
        facts = _facts(case, builder.keys, name, fold)
        _check_facts(facts, text)
        documents.append(
            Document(name, case.spec.layout, blocks, text, facts, _demonstrates(case))
        )
    return documents


def _fold_block(block: Block, fold: Callable[[str], str]) -> Block:
    if isinstance(block, Para):
        return dataclasses.replace(block, text=fold(block.text))
    return Table(tuple(tuple(fold(cell) for cell in row) for row in block.rows))


def _write(case: Case, by_slug: dict[str, Case]) -> Builder:
    kind = case.spec.kind
    if kind in {Kind.DECISION, Kind.DEFAULT_DECISION}:
        if case.spec.variant == "arbitration":
            return write_arbitration(case)
        return write_decision(case)
    if kind is Kind.COURT_ORDER:
        return write_court_order(case)
    if kind is Kind.RULING:
        return write_ruling(case)
    if kind is Kind.APPEAL_RULING:
        return write_appeal(case, by_slug[case.spec.link])
    if kind is Kind.CLAIM_LETTER:
        return write_claim_letter(case)
    if kind is Kind.LAWSUIT:
        return write_lawsuit(case)
    if kind is Kind.WARNING_NOTICE:
        return write_warning(case)
    if kind is Kind.WRIT:
        return write_writ(case, by_slug[case.spec.link])
    return write_enforcement(case, by_slug[case.spec.link])


def _file_name(case: Case) -> str:
    spec = case.spec
    number = (
        case.case_number.replace("/", "-") if case.case_number else spec.day.isoformat()
    )
    return f"documents/{spec.slug}_{spec.kind}_{number}{EXTENSIONS[spec.layout]}"


def _demonstrates(case: Case) -> str:
    spec = case.spec
    parts = [f"{spec.kind}", str(spec.outcome) if spec.outcome else "", spec.variant]
    note = LAYOUT_NOTES[spec.layout]
    if spec.layout is Layout.PDF_SCAN:
        note += f"; OCR check phrase: «{_ocr_phrase(case)}»"
    if case.uid:
        parts.append("УИД")
    if spec.link:
        parts.append(f"same case as {spec.link}")
    return "; ".join(p for p in [*parts, note] if p)


def _ocr_phrase(case: Case) -> str:
    return "СУДЕБНЫЙ ПРИКАЗ" if case.spec.kind is Kind.COURT_ORDER else "ПРЕДУПРЕЖДЕНИЕ"


def _check_facts(facts: dict[str, object], text: str) -> None:
    """Every stated fact must be in the text, in the form the text states it."""
    flat = " ".join(text.split())
    for key in ("case_number", "uid", "court", "judge", "plaintiff"):
        value = facts[key]
        assert value is None or str(value) in flat, (facts["file"], key, value)
    for name in facts["defendants"]:  # type: ignore[attr-defined]
        assert name in flat, (facts["file"], name)
    amounts = (
        "claimed_principal",
        "claimed_penalty",
        "awarded_principal",
        "awarded_penalty",
        "awarded_state_duty",
        "awarded_total",
    )
    for key in amounts:
        value = facts[key]
        if value is not None:
            assert money(Decimal(str(value))) in flat, (facts["file"], key, value)


# --- writers ---------------------------------------------------------------------


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in (
        ("Serif", "DejaVuSerif.ttf"),
        ("Serif-Bold", "DejaVuSerif-Bold.ttf"),
    ):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))


def _flowables(blocks: Iterable[Block], *, size: float) -> list[object]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer
    from reportlab.platypus import Table as PdfTable

    aligns = {
        Align.LEFT: TA_LEFT,
        Align.CENTER: TA_CENTER,
        Align.RIGHT: TA_RIGHT,
        Align.JUSTIFY: TA_JUSTIFY,
    }
    out: list[object] = []
    for block in blocks:
        if isinstance(block, Table):
            cell = ParagraphStyle(
                "cell", fontName="Serif", fontSize=size - 3, leading=size
            )
            rows = [[Paragraph(escape(c), cell) for c in row] for row in block.rows]
            table = PdfTable(rows, repeatRows=1)
            table.setStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black)])
            out += [table, Spacer(1, 6)]
            continue
        style = ParagraphStyle(
            "p",
            fontName="Serif-Bold" if block.bold else "Serif",
            fontSize=size,
            leading=size * 1.35,
            alignment=aligns[block.align],
            firstLineIndent=18 if block.align is Align.JUSTIFY else 0,
            spaceAfter=4,
        )
        text = escape(block.text)
        if block.align is Align.LEFT:
            text = text.replace("  ", "&nbsp; ")
        out.append(Paragraph(text, style))
    return out


def write_pdf(doc: Document, path: Path) -> None:
    """Write a text-layer PDF in one of the PDF layouts."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        PageTemplate,
        SimpleDocTemplate,
    )

    _register_fonts()
    info = {
        "title": doc.facts["case_number"] or doc.facts["kind"],
        "author": "lexdesk synth",
    }
    if doc.layout is Layout.PDF:
        pdf = SimpleDocTemplate(str(path), pagesize=A4, invariant=1, **info)
        pdf.build(_flowables(doc.blocks, size=12))
        return
    width, height = A4
    if doc.layout is Layout.PDF_TWO_COLUMN:
        gap, margin = 0.8 * cm, 1.8 * cm
        col = (width - 2 * margin - gap) / 2
        frames = [
            Frame(margin, margin, col, height - 2 * margin, id="left"),
            Frame(margin + col + gap, margin, col, height - 2 * margin, id="right"),
        ]
        template = BaseDocTemplate(str(path), pagesize=A4, invariant=1, **info)
        template.addPageTemplates([PageTemplate(id="two", frames=frames)])
        template.build(_flowables(doc.blocks, size=10))
        return
    header = f"{doc.facts['court'] or ''} — дело № {doc.facts['case_number']}"

    def decorate(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Serif", 8)
        canvas.drawString(2 * cm, height - 1.2 * cm, header)
        canvas.line(2 * cm, height - 1.35 * cm, width - 2 * cm, height - 1.35 * cm)
        page = canvas.getPageNumber()
        canvas.drawCentredString(width / 2, 1.2 * cm, f"Страница {page}")
        canvas.drawRightString(width - 2 * cm, 1.2 * cm, "Копия верна")
        canvas.restoreState()

    frame = Frame(2 * cm, 2 * cm, width - 4 * cm, height - 4 * cm, id="body")
    template = BaseDocTemplate(str(path), pagesize=A4, invariant=1, **info)
    template.addPageTemplates(
        [PageTemplate(id="paged", frames=[frame], onPage=decorate)]
    )
    template.build(_flowables(doc.blocks, size=13))


def write_scan(doc: Document, path: Path, *, dpi: int = 200) -> None:
    """Render the document to page images with noise and save an image-only PDF."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(doc.file)
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    size = int(12 / 72 * dpi)
    regular = ImageFont.truetype(str(FONT_DIR / "DejaVuSerif.ttf"), size)
    bold = ImageFont.truetype(str(FONT_DIR / "DejaVuSerif-Bold.ttf"), size)
    margin, leading = int(0.9 * dpi), int(size * 1.45)
    pages: list[Image.Image] = []
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = margin
    for block in doc.blocks:
        lines = _scan_lines(block)
        font = bold if isinstance(block, Para) and block.bold else regular
        for line in _wrap(lines, font, width - 2 * margin):
            if y + leading > height - margin:
                pages.append(page)
                page = Image.new("L", (width, height), 255)
                draw = ImageDraw.Draw(page)
                y = margin
            x = margin
            if isinstance(block, Para) and block.align is Align.CENTER:
                x = int((width - draw.textlength(line, font=font)) / 2)
            elif isinstance(block, Para) and block.align is Align.RIGHT:
                x = int(width - margin - draw.textlength(line, font=font))
            draw.text((x, y), line, font=font, fill=20)
            y += leading
        y += leading // 3
    pages.append(page)
    scans = [_degrade(p, rng) for p in pages]
    stamp = _fixed_time().timetuple()  # Pillow writes struct_time as a PDF date
    scans[0].save(
        path,
        "PDF",
        resolution=float(dpi),
        save_all=True,
        append_images=scans[1:],
        creationDate=stamp,
        modDate=stamp,
    )


def _scan_lines(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [block.text]
    return ["   ".join(row) for row in block.rows]


def _wrap(lines: list[str], font: ImageFont.FreeTypeFont, limit: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        current = ""
        for word in line.split(" "):
            candidate = f"{current} {word}" if current else word
            if font.getlength(candidate) <= limit:
                current = candidate
            else:
                out.append(current)
                current = word
        out.append(current)
    return out


def _degrade(page: Image.Image, rng: random.Random) -> Image.Image:
    """Speckles, a slight skew and greyish paper, as a flatbed scan leaves them."""
    from PIL import Image, ImageDraw

    draw = ImageDraw.Draw(page)
    for _ in range(2500):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        draw.point((x, y), fill=rng.choice((90, 140, 180)))
    skewed = page.rotate(
        rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=250
    )
    return skewed.point(lambda v: min(v, 246))


def write_docx(doc: Document, path: Path) -> None:
    """Write a DOCX with paragraphs and real Word tables."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    aligns = {
        Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
        Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
        Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
        Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
    }
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    props = document.core_properties
    props.author = "lexdesk synth"
    props.title = str(doc.facts["case_number"] or doc.facts["kind"])
    props.created = props.modified = _fixed_time()
    props.last_modified_by = "lexdesk synth"
    props.revision = 1
    for block in doc.blocks:
        if isinstance(block, Table):
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            continue
        paragraph = document.add_paragraph()
        paragraph.alignment = aligns[block.align]
        run = paragraph.add_run(block.text)
        run.bold = block.bold
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_stable_zip(buffer.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    """Re-pack a DOCX with fixed member timestamps so that regeneration is byte-stable."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 6, 11, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def _fixed_time() -> datetime:
    """A fixed document timestamp, so that regenerated files differ only by content."""
    from datetime import datetime

    return datetime(2024, 6, 11, 12, 0, 0)


def write_rtf(doc: Document, path: Path) -> None:
    """Write RTF by hand: \\uNNNN escapes or \\'xx bytes of code page 1251."""
    unicode = doc.layout is Layout.RTF_UNICODE

    def encode(text: str) -> str:
        out: list[str] = []
        for char in text:
            if char in "\\{}":
                out.append("\\" + char)
            elif char == "\t":
                out.append("\\tab ")
            elif ord(char) < 128:
                out.append(char)
            elif unicode:
                code = ord(char)
                out.append(f"\\u{code if code < 32768 else code - 65536}?")
            else:
                out.extend(f"\\'{byte:02x}" for byte in char.encode("cp1251"))
        return "".join(out)

    align = {
        Align.LEFT: "\\ql",
        Align.CENTER: "\\qc",
        Align.RIGHT: "\\qr",
        Align.JUSTIFY: "\\qj",
    }
    head = (
        "{\\rtf1\\ansi\\ansicpg1251\\deff0\\uc1"
        "{\\fonttbl{\\f0\\froman\\fcharset204 Times New Roman;}}"
        "{\\info{\\author lexdesk synth}}\\paperw11906\\paperh16838\\margl1700\\margr850"
        "\\f0\\fs24\n"
    )
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                cells = "".join(f"\\clbrdrt\\brdrs\\clbrdrb\\brdrs\\cellx{1500 * (i + 1)}"
                                for i in range(len(row)))  # fmt: skip
                content = "".join(f"\\pard\\intbl {encode(c)}\\cell " for c in row)
                body.append(f"\\trowd{cells}{content}\\row\n")
            body.append("\\pard\n")
            continue
        bold = ("\\b ", "\\b0") if block.bold else ("", "")
        body.append(
            f"\\pard{align[block.align]} {bold[0]}{encode(block.text)}{bold[1]}\\par\n"
        )
    path.write_bytes((head + "".join(body) + "}\n").encode("ascii"))


def write_html(doc: Document, path: Path) -> None:
    """Write a sudrf-like page: navigation, case card, the act text, footer."""
    charset = "windows-1251" if doc.layout is Layout.HTML_CP1251 else "utf-8"
    court = str(doc.facts["court"] or "")
    number = str(doc.facts["case_number"] or "")
    card = [
        ("Номер дела", number),
        ("Уникальный идентификатор дела", str(doc.facts["uid"] or "")),
        ("Дата поступления", ""),
        ("Категория дела", "О взыскании платы за жилую площадь и коммунальные платежи"),
        ("Судья", str(doc.facts["judge"] or "")),
        ("Дата рассмотрения", str(doc.facts["decision_date"])),
        ("Результат рассмотрения", _outcome_label(doc.facts["outcome"])),
    ]
    paragraphs = []
    for block in doc.blocks:
        if isinstance(block, Para):
            align = (
                f' align="{block.align}"' if block.align is not Align.JUSTIFY else ""
            )
            text = escape(block.text)
            paragraphs.append(
                f"<p{align}>{'<b>' + text + '</b>' if block.bold else text}</p>"
            )
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            paragraphs.append(f"<table border='1'>{rows}</table>")
    menu = "".join(
        f'<li><a href="/modules.php?name={slug}">{label}</a></li>'
        for slug, label in (
            ("info", "Общая информация"),
            ("sud_delo", "Судебное делопроизводство"),
            ("docum_sud", "Документы суда"),
            ("press", "Пресс-служба"),
            ("vacancy", "Вакансии"),
            ("contacts", "Контакты"),
        )
    )
    card_rows = "".join(
        f"<tr><td class='left'>{k}</td><td>{escape(v)}</td></tr>" for k, v in card if v
    )
    page = f"""<!DOCTYPE html>
<html lang="ru"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{escape(court)} — дело № {escape(number)}</title>
<style>.hidden-print{{display:none}} td.left{{font-weight:bold}}</style>
</head><body>
<div id="header"><div class="logo">ГАС РФ «Правосудие»</div>
<div class="title">{escape(court)}</div>
<div class="search"><form action="/modules.php"><input name="q"><button>Найти</button></form></div>
<ul class="menu">{menu}</ul>
<div class="vision"><a href="/vision">Версия для слабовидящих</a></div></div>
<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/modules.php?name=sud_delo">Судебное делопроизводство</a> / Дело № {escape(number)}</div>
<div id="case_card"><h2>Информация по делу</h2><table>{card_rows}</table></div>
<div id="tabs"><a href="#">Движение дела</a> <a href="#">Стороны по делу</a> <a href="#" class="active">Судебные акты</a></div>
<div id="cont_doc1"><span>
{chr(10).join(paragraphs)}
</span></div>
<div id="footer"><p>Адрес: {escape(court)}. Телефон справочной службы указан на странице «Контакты».</p>
<p>Сайт работает на платформе ГАС РФ «Правосудие». Все права защищены.</p>
<ul class="menu">{menu}</ul></div>
</body></html>
"""  # noqa: E501
    path.write_bytes(page.encode(charset))


def _outcome_label(outcome: object) -> str:
    labels = {
        "granted_full": "Иск (заявление, жалоба) УДОВЛЕТВОРЕН",
        "granted_part": "Иск (заявление, жалоба) УДОВЛЕТВОРЕН ЧАСТИЧНО",
        "denied": "ОТКАЗАНО в удовлетворении иска (заявлены требования)",
        "returned": "Заявление ВОЗВРАЩЕНО заявителю",
        "order_issued": "Вынесен судебный приказ",
        "order_cancelled": "Судебный приказ ОТМЕНЕН",
        "upheld": "ОСТАВЛЕНО БЕЗ ИЗМЕНЕНИЯ",
    }
    return labels.get(str(outcome), "")


def write_text(doc: Document, path: Path) -> None:
    """Write plain text in the layout's encoding with CRLF line ends (Windows files)."""
    encoding = {
        Layout.TEXT_UTF8: "utf-8",
        Layout.TEXT_CP1251: "cp1251",
        Layout.TEXT_KOI8R: "koi8-r",
    }[doc.layout]
    newline = "\n" if doc.layout is Layout.TEXT_UTF8 else "\r\n"
    path.write_bytes(doc.text.replace("\n", newline).encode(encoding))


def convert_to_doc(sources: list[Path], out_dir: Path) -> list[Path]:
    """Convert DOCX files to Word 97 .doc with LibreOffice; returns the files made.

    Raises:
        FileNotFoundError: ``soffice`` is not installed.
        subprocess.CalledProcessError: LibreOffice failed.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        raise FileNotFoundError("soffice")
    with tempfile.TemporaryDirectory(prefix="lexdesk-soffice-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                str(out_dir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return [out_dir / (source.stem + ".doc") for source in sources]


# --- entry point -----------------------------------------------------------------


def generate(out: Path, *, seed: int = SEED) -> list[Document]:
    """Write every document, MANIFEST.tsv and facts.jsonl into ``out``.

    DOC files need LibreOffice; without ``soffice`` they are skipped with a warning
    and left out of the manifest and facts.

    Returns:
        The documents actually written.
    """
    documents = build_documents(seed)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    written: list[Document] = []
    pending_doc: list[Document] = []
    with tempfile.TemporaryDirectory(prefix="lexdesk-corpus-") as scratch:
        tmp = Path(scratch)
        for doc in documents:
            path = out / doc.file
            if doc.layout is Layout.DOC:
                write_docx(doc, tmp / (Path(doc.file).stem + ".docx"))
                pending_doc.append(doc)
                continue
            _writer(doc.layout)(doc, path)
            written.append(doc)
        if pending_doc:
            try:
                made = convert_to_doc(
                    [tmp / (Path(d.file).stem + ".docx") for d in pending_doc], tmp
                )
            except FileNotFoundError:
                logger.warning(
                    "soffice not found: %d DOC documents skipped", len(pending_doc)
                )
            else:
                for doc, produced in zip(pending_doc, made, strict=True):
                    shutil.copyfile(produced, out / doc.file)
                    written.append(doc)
    order = {doc.file: index for index, doc in enumerate(documents)}
    written.sort(key=lambda doc: order[doc.file])
    _write_manifest(out, written)
    with (out / "facts.jsonl").open("w", encoding="utf-8") as handle:
        for doc in written:
            handle.write(json.dumps(doc.facts, ensure_ascii=False) + "\n")
    logger.info("wrote %d documents into %s", len(written), out)
    return written


def _writer(layout: Layout) -> Callable[[Document, Path], None]:
    if layout is Layout.PDF_SCAN:
        return write_scan
    if layout in {Layout.PDF, Layout.PDF_TWO_COLUMN, Layout.PDF_PAGED}:
        return write_pdf
    if layout is Layout.DOCX:
        return write_docx
    if layout in {Layout.RTF_UNICODE, Layout.RTF_CP1251}:
        return write_rtf
    if layout in {Layout.HTML, Layout.HTML_CP1251}:
        return write_html
    return write_text


def _write_manifest(out: Path, documents: list[Document]) -> None:
    rows = [MANIFEST_COLUMNS]
    rows += [row for row in STATUTE_ROWS if (out / row[0]).exists()]
    for doc in documents:
        fmt = EXTENSIONS[doc.layout].lstrip(".").replace("txt", "text")
        rows.append(
            (
                doc.file,
                fmt,
                str(doc.facts["kind"]),
                str(doc.facts["case_number"] or ""),
                doc.demonstrates,
                "generated by lexdesk.synth.corpus (fictitious data)",
            )
        )
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(row) + "\n")
    (out / "MANIFEST.tsv").write_text(buffer.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m lexdesk.synth.corpus OUT_DIR``."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("out", type=Path, help="folder to write into (corpus_samples)")
    parser.add_argument(
        "--seed", type=int, default=SEED, help="random seed for the case data"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    written = generate(args.out, seed=args.seed)
    print(f"{len(written)} documents written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
