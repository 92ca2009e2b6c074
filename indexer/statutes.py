"""Recognise a statute and split it into articles (or points) for indexing.

A statute is indexed article by article so that a citation such as ``gk_rf:544``
resolves to the text of that article (shared/DESIGN.md). Two entry points:

* :func:`detect_act` tells which act of :data:`nlp.acts.ACTS` a text is, from its
  title lines, or ``None`` for anything that is not the text of a known act (a court
  decision that merely cites the Civil Code is not a statute);
* :func:`split_statute` cuts the text into :class:`StatuteArticle` values with
  half-open ``start``/``end`` offsets into the text it was given.

Codes and federal laws are split on article headings («Статья 544. Оплата
энергии»); Government decrees' Rules are split on numbered points («119. Если
иное не установлено…», «121(1). …»). Section, chapter and paragraph headings
(«Глава 30.», «§ 6.», «РАЗДЕЛ VII», «XI. …») end the article before them and belong
to no article. The signature block of the President closes the last article.

Article numbers are kept as written: «155.1», «333.19», «229.2». The pravo.gov.ru
exports print the inserted articles' suffix as a superscript (``155<sup>1</sup>``),
which flattens to «1551» in plain text; such a number is read as ``155.1`` when the
previous article is 155 and a plain reading would jump over the sequence.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from nlp.acts import ACTS, Unit

logger = logging.getLogger(__name__)

# How far into a text the title of an act is looked for: the pravo.gov.ru exports
# carry a "РОССИЙСКАЯ ФЕДЕРАЦИЯ" line and Word-export noise before the title.
TITLE_WINDOW = 2000

# A title line longer than this is a sentence that mentions an act, not a title.
MAX_TITLE_LINE = 300

# The words of a point title taken from the point's text (points have no heading).
POINT_TITLE_WORDS = 8

# Act titles in the nominative, as they open the official text, mapped to act codes.
# Order matters: the more specific name is tried first («Гражданский
# процессуальный кодекс» before «Гражданский кодекс» is not needed textually, but
# «Жилищный кодекс РСФСР» must not fall to «Жилищный кодекс Российской Федерации»).
_TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # «Гражданский процессуальный кодекс Российской Федерации»
    (
        "gpk_rf",
        re.compile(r"^гражданский процессуальный кодекс российской федерации\b"),
    ),
    # «Гражданский кодекс Российской Федерации» (any part: «ЧАСТЬ ВТОРАЯ» follows)
    ("gk_rf", re.compile(r"^гражданский кодекс российской федерации\b")),
    # «Жилищный кодекс Российской Федерации»
    ("zhk_rf", re.compile(r"^жилищный кодекс российской федерации\b")),
    # «Жилищный кодекс РСФСР» (repealed 2005, r04 in the shared corpus)
    ("zhk_rsfsr", re.compile(r"^жилищный кодекс рсфср\b")),
    # «Арбитражный процессуальный кодекс Российской Федерации»
    (
        "apk_rf",
        re.compile(r"^арбитражный процессуальный кодекс российской федерации\b"),
    ),
    # «Налоговый кодекс Российской Федерации» (part one or two)
    ("nk_rf", re.compile(r"^налоговый кодекс российской федерации\b")),
    # «Кодекс Российской Федерации об административных правонарушениях»
    (
        "koap_rf",
        re.compile(
            r"^кодекс российской федерации об административных правонарушениях\b"
        ),
    ),
    # «Об электроэнергетике» — the title line of Federal Law 35-ФЗ
    (
        "fz_35",
        re.compile(r"^(?:федеральный закон\s+)?[«\"]?об электроэнергетике[»\"]?\s*$"),
    ),
    # «Об исполнительном производстве» — Federal Law 229-ФЗ
    (
        "fz_229",
        re.compile(
            r"^(?:федеральный закон\s+)?[«\"]?об исполнительном производстве[»\"]?\s*$"
        ),
    ),
    # «О персональных данных» — Federal Law 152-ФЗ
    (
        "fz_152",
        re.compile(r"^(?:федеральный закон\s+)?[«\"]?о персональных данных[»\"]?\s*$"),
    ),
    # «Правила предоставления коммунальных услуг собственникам и пользователям
    # помещений в многоквартирных домах и жилых домов» — the Rules of Decree 354
    (
        "pp_354",
        re.compile(r"^правила предоставления коммунальных услуг собственникам\b"),
    ),
    # «Основные положения функционирования розничных рынков электрической энергии»
    # — the Rules of Decree 442
    (
        "pp_442",
        re.compile(
            r"^основные положения функционирования розничных рынков электрической\b"
        ),
    ),
)

# A decree's own title line, for the Rules that are printed after the decree:
# «Постановление Правительства РФ от 06.05.2011 № 354 "О предоставлении
# коммунальных услуг…"» or «… от 6 мая 2011 г. N 354 …».
_DECREE_TITLE = re.compile(
    r"^постановление правительства (?:российской федерации|рф)\b.*?"
    r"(?:№|n)\s*(?P<number>354|442)\b"
)
_DECREE_CODES = {"354": "pp_354", "442": "pp_442"}

# Court acts and claims work documents open with one of these; their first lines
# mention codes in passing and must not be taken for a statute.
# e.g. «РЕШЕНИЕ», «Именем Российской Федерации», «СУДЕБНЫЙ ПРИКАЗ», «ПРЕТЕНЗИЯ»
_NOT_A_STATUTE = re.compile(
    r"^(?:р\s?е\s?ш\s?е\s?н\s?и\s?е|заочное решение|именем российской федерации"
    r"|судебный приказ|определение|апелляционное определение|исковое заявление"
    r"|претензия|предупреждение|исполнительный лист|постановление о возбуждении)\b"
)

# An article heading at the start of a line: «Статья 544. Оплата энергии»,
# «Статья 155.1. Особенности…», «Статья 333.19. Размеры…», «Статья 380¹.»,
# «Статья 3801.» (flattened superscript), «Статья 380 1.» and a repealed
# «Статья 380. » with nothing after the dot.
_ARTICLE_HEADING = re.compile(
    r"^[ \t]*Статья[ \t\u00a0]+"
    r"(?P<number>\d+(?:\.\d+)*)"
    r"(?:(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|[ \t](?P<spaced>\d{1,2})(?=\.))?"
    r"\.(?:[ \t\u00a0]+(?P<heading>[^\n]*?))?[ \t\u00a0]*$",
    re.MULTILINE,
)

# A numbered point of a decree's Rules at the start of a line: «114. При
# ограничении…», «121(1). Расходы исполнителя…». The text must start right after.
_POINT_HEADING = re.compile(
    r"^[ \t]*(?P<number>\d{1,4}(?:\(\d{1,2}\))?)\.[ \t\u00a0]+(?P<first>\S[^\n]*)$",
    re.MULTILINE,
)

# Headings of the structure above articles, which close the article before them:
# «Раздел IV. ОТДЕЛЬНЫЕ ВИДЫ ОБЯЗАТЕЛЬСТВ», «РАЗДЕЛ VII», «Подраздел 2.»,
# «Глава 30. КУПЛЯ-ПРОДАЖА», «ГЛАВА 11», «§ 6. Энергоснабжение»,
# and a decree's roman-numbered section «XI. Приостановление или ограничение…».
_STRUCTURE_HEADING = re.compile(
    r"^[ \t]*(?:"
    r"(?:раздел|подраздел)[ \t\u00a0]+(?:[IVXLC]+|\d+)\b"
    r"|глава[ \t\u00a0]+\d+(?:\.\d+)*(?:\.|[ \t\u00a0]*$)"
    r"|§[ \t\u00a0]*\d+\."
    r"|[IVXL]+\.[ \t\u00a0]+\S"
    r")",
    re.MULTILINE | re.IGNORECASE,
)

# The signature block that ends the text of a federal law or code:
# «Президент Российской Федерации                Б.Ельцин».
_SIGNATURE = re.compile(r"^[ \t]*Президент Российской Федерации\b", re.MULTILINE)

# The note a repealed article carries: «(Статья утратила силу - Федеральный закон…)»,
# «Утратила силу.»
_REPEALED = re.compile(r"утратил[аио]?\s+силу", re.IGNORECASE)

_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass(frozen=True)
class StatuteArticle:
    """One article of a code or law, or one point of a decree's Rules.

    Attributes:
        key: canonical citation key, e.g. ``gk_rf:544``, ``nk_rf:333.19``,
            ``pp_354:121(1)``; the number is kept as written in the act.
        act: the act code (see :data:`nlp.acts.ACTS`).
        number: the article or point number as written («155.1», «121(1)»).
        heading: the article's own heading («Оплата энергии»); empty for points
            and for repealed articles that have none.
        title: a human title, «ст. 544 ГК РФ. Оплата энергии», or for a point
            «п. 119 ПП РФ № 354» followed by its first words.
        text: the text of the article including its heading line.
        start: offset of the heading line in the input text.
        end: offset just past the last non-blank character of the article.
    """

    key: str
    act: str
    number: str
    heading: str
    title: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Mark:
    """A heading found in the text: an article/point start or a structure break."""

    start: int
    number: str  # empty for structure breaks and the signature block
    heading: str


def detect_act(text: str, *, name: str = "") -> str | None:
    """Tell which known act ``text`` is the text of.

    The title lines in the first :data:`TITLE_WINDOW` characters are compared with
    the official names of the acts in :data:`nlp.acts.ACTS` («Гражданский кодекс
    Российской Федерации», «Правила предоставления коммунальных услуг…»). A text
    that opens like a court act or a claims document is never a statute, whatever
    it cites.

    Args:
        text: the document text (as a parser returns it).
        name: a title from the file's metadata or the file name, checked when
            the text itself has no recognisable title line.

    Returns:
        The act code (``"gk_rf"``, ``"pp_354"``…) or ``None``.
    """
    lines = [_fold(line) for line in text[:TITLE_WINDOW].splitlines()]
    lines = [line for line in lines if line]
    for line in lines[:10]:
        if _NOT_A_STATUTE.match(line):
            return None
    for line in lines:
        code = _match_title(line)
        if code is not None:
            return code
    folded_name = _fold(name)
    return _match_title(folded_name) if folded_name else None


def split_statute(text: str, act: str) -> list[StatuteArticle]:
    """Split the text of an act into articles (codes, laws) or points (decrees).

    Args:
        text: the statute text; offsets in the result index into it.
        act: the act code, a key of :data:`nlp.acts.ACTS`.

    Returns:
        The articles in the order of the text. Repealed articles are kept, with
        the text that says so. Text before the first article (title, amendment
        list) and structure headings belong to no article.

    Raises:
        KeyError: ``act`` is not a known act code.
    """
    unit = ACTS[act].unit
    marks = _point_marks(text) if unit is Unit.POINT else _article_marks(text)
    articles: list[StatuteArticle] = []
    for index, mark in enumerate(marks):
        if not mark.number:
            continue
        limit = marks[index + 1].start if index + 1 < len(marks) else len(text)
        end = mark.start + len(text[mark.start : limit].rstrip())
        body = text[mark.start : end]
        articles.append(_make_article(act, mark, body, end))
    logger.debug("split %s into %d provisions", act, len(articles))
    return articles


def _fold(line: str) -> str:
    """Lower-case a line and collapse its whitespace for title comparison."""
    folded = " ".join(line.replace("\u00a0", " ").split()).lower()
    return folded.replace("ё", "е")


def _match_title(line: str) -> str | None:
    """The act code whose title ``line`` is, or ``None``."""
    if len(line) > MAX_TITLE_LINE:
        return None
    for code, pattern in _TITLE_PATTERNS:
        if pattern.match(line):
            return code
    decree = _DECREE_TITLE.match(line)
    if decree is not None:
        return _DECREE_CODES[decree.group("number")]
    return None


def _article_marks(text: str) -> list[_Mark]:
    """Article headings, structure headings and the signature block, in order."""
    marks: list[_Mark] = []
    previous = ""
    for match in _ARTICLE_HEADING.finditer(text):
        number = _article_number(match, previous)
        marks.append(
            _Mark(match.start(), number, (match.group("heading") or "").strip())
        )
        previous = number
    marks.extend(_Mark(m.start(), "", "") for m in _STRUCTURE_HEADING.finditer(text))
    marks.extend(_Mark(m.start(), "", "") for m in _SIGNATURE.finditer(text))
    marks.sort(key=lambda mark: mark.start)
    return _drop_shadowed(marks)


def _drop_shadowed(marks: list[_Mark]) -> list[_Mark]:
    """Keep one mark per offset, preferring the article start over a break."""
    kept: list[_Mark] = []
    for mark in marks:
        if kept and kept[-1].start == mark.start:
            if mark.number and not kept[-1].number:
                kept[-1] = mark
            continue
        kept.append(mark)
    return kept


def _article_number(match: re.Match[str], previous: str) -> str:
    """The article number of a heading match, restoring a flattened superscript.

    ``previous`` is the number of the heading before (already restored). «Статья
    1571.» after article 157 or 157.x is 157.1: codes number inserted articles
    after their base, and a plain reading would jump far past the next article.
    Only an excerpt that skips from article 1 straight to article 11 is misread.
    """
    number = match.group("number")
    if match.group("sup"):
        return f"{number}.{match.group('sup').translate(_SUPERSCRIPT_DIGITS)}"
    if match.group("spaced"):
        return f"{number}.{match.group('spaced')}"
    if "." in number or not previous:
        return number
    base = previous.split(".")[0]
    is_flattened = (
        number.startswith(base)
        and len(number) > len(base)
        and int(number) != int(base) + 1
    )
    return f"{base}.{number[len(base) :]}" if is_flattened else number


def _point_marks(text: str) -> list[_Mark]:
    """Point starts (strictly increasing numbers), structure headings, in order."""
    marks: list[_Mark] = []
    last = -1.0
    for match in _POINT_HEADING.finditer(text):
        value = _point_value(match.group("number"))
        # A numbered line inside a point (a list, a formula) never goes backwards
        # past the point it belongs to, so only forward numbers open a point.
        if value <= last:
            continue
        marks.append(_Mark(match.start(), match.group("number"), match.group("first")))
        last = value
    marks.extend(_Mark(m.start(), "", "") for m in _STRUCTURE_HEADING.finditer(text))
    marks.sort(key=lambda mark: mark.start)
    return _drop_shadowed(marks)


def _point_value(number: str) -> float:
    """Order value of a point number: «121» → 121.0, «121(1)» → 121.01."""
    main, _, inserted = number.partition("(")
    return int(main) + (int(inserted.rstrip(")")) / 100 if inserted else 0.0)


def _make_article(act: str, mark: _Mark, body: str, end: int) -> StatuteArticle:
    """Build the value for one article or point."""
    spec = ACTS[act]
    if spec.unit is Unit.POINT:
        words = mark.heading.split()
        first = " ".join(words[:POINT_TITLE_WORDS])
        if len(words) > POINT_TITLE_WORDS:
            first += "…"
        title = f"п. {mark.number} {spec.short}. {first}"
        heading = ""
    else:
        heading = mark.heading
        title = f"ст. {mark.number} {spec.short}"
        if heading:
            title += f". {heading}"
        elif _REPEALED.search(body):
            title += ". Утратила силу"
    return StatuteArticle(
        key=f"{act}:{mark.number}",
        act=act,
        number=mark.number,
        heading=heading,
        title=title,
        text=body,
        start=mark.start,
        end=end,
    )
