"""Statute citations: «ч. 14 ст. 155 ЖК РФ» → ``zhk_rf:155.14``.

A citation is a chain of provision levels followed by the name of an act:

    [пп. «а»] [п. 1] [ч. 2] ст. 539, 540–544 <act>      (codes, federal laws)
    [пп. «а»] п. 119 <act>                             (Government decrees' Rules)

Each level may list numbers and ranges; a range is expanded article by article up
to :data:`MAX_RANGE` numbers, and deeper levels attach to the first number of the
level above («ч. 1 ст. 98, 100 ГПК РФ» → ``gpk_rf:98.1``, ``gpk_rf:100``).

How levels map to the key: the absent levels are skipped, so the first present
level below the article becomes the first subdivision. A point («п.») cited
directly on an article is therefore the first subdivision: «п. 1 ст. 540 ГК РФ» →
``gk_rf:540.1`` (the Civil and Tax Codes divide articles into points, so this is
exact there; in the other codes a bare point on an article is a careless «part»
and reads the same way), while «п. 2 ч. 1 ст. 22 ЖК РФ» → ``zhk_rf:22.1.2``.

The act is named after the chain by abbreviation («ГК РФ»), full name in any case
(«Жилищным кодексом Российской Федерации»), number and date («Федерального закона
от 02.10.2007 № 229-ФЗ», «постановлением Правительства РФ от 06.05.2011 № 354»),
title («Правил предоставления коммунальных услуг …»), or by a back-reference to
the last act of that type named earlier in the text («того же Кодекса»,
«названного закона», «ст. 333 Кодекса», «указанных Правил»). «настоящего Кодекса»
resolves to ``default_act`` (the statute being read) when the caller gives one.
A chain with no act of its own shares the act of the next chain when only a
comma or «и» separates them («ч. 1 ст. 98, ст. 100 ГПК РФ»). A chain whose act
cannot be resolved («п. 1 договора», «ст. 12» alone) is not a citation.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from nlp.acts import ACTS, Act, Unit
from nlp.entities import Entity, EntityLabel

logger = logging.getLogger(__name__)

# A range «ст. 539–548» is expanded only up to this many articles (a wider range,
# «ст. 1–1109», is a whole part of a code, not a citation of each article).
MAX_RANGE = 30

# Federal laws by number (numbers restart every year, so only laws in nlp.acts).
FEDERAL_LAWS = {"229": "fz_229", "35": "fz_35", "152": "fz_152"}
# Government decrees by number.
DECREES = {"354": "pp_354", "442": "pp_442"}
# Laws by title, lower-cased, spaces single.
LAW_TITLES = {
    "об исполнительном производстве": "fz_229",
    "об электроэнергетике": "fz_35",
    "о персональных данных": "fz_152",
    "о защите прав потребителей": "zpp",
}

# Which back-reference word points to which family of acts.
_CODE, _LAW, _RULES = "code", "law", "rules"


def _family(code: str) -> str:
    if code.startswith("fz_") or code == "zpp":
        return _LAW
    if ACTS[code].unit is Unit.POINT:
        return _RULES
    return _CODE


_BACK_WORDS = {"кодекс": _CODE, "федеральн": _LAW, "закон": _LAW}

# ---- provision chain ------------------------------------------------------------

# An article, part or point number: «544», «333.19», «155.1».
_ITEM = r"\d+(?:\.\d+)*"
# Between list items: «, », «; », « и », « или », «, и », and range dashes «–», «-».
_SEP = r"(?:\s*[,;]\s*(?:и\s+)?|\s*[-–—]\s*|\s+(?:и|или)\s+)"
# A list of numbers: «539, 540, 544», «539–548», «309 и 310».
_LIST = rf"{_ITEM}(?:{_SEP}{_ITEM})*"
# A subpoint item: «а», «"б"», «1», «в)».
_SUB_ITEM = r"[«\"]?[а-яё\d]{1,3}[»\"]?\)?"

# The provision chain, outermost level last: «пп. «а» п. 119», «ч. 14 ст. 155»,
# «п.п. 1, 2 ст. 153» (points),
# «п. 1 ч. 2 ст. 22», «подп. 1 п. 1 ст. 333.19», «статьями 309-310», «ст.ст. 309,
# 310», «ст. 155 ч. 14» (part after the article). Starts only at a level keyword
# that begins a word.
CHAIN_RE = re.compile(
    r"(?<![\w.])(?=подп|пп\.|пункт|п\.|част|ч\.|стат|ст\.)"
    rf"(?:(?:подпункт[а-я]*|подп\.|пп\.)\s*(?P<sub>{_SUB_ITEM}(?:{_SEP}{_SUB_ITEM})*)\s*)?"
    rf"(?:(?:пункт[а-я]*|п\.\s?п\.|п\.)\s*(?P<point>{_LIST})\s*)?"
    rf"(?:(?:част[а-я]*|ч\.)\s*(?P<part>{_LIST})\s*)?"
    rf"(?:(?:стат[а-я]*|ст\.)(?:\s*ст\.)?\s*(?P<art>{_LIST})"
    rf"(?:\s*,?\s*(?:ч\.|част[а-я]*)\s*(?P<part2>{_ITEM}))?)?",
    re.IGNORECASE,
)

# ---- act names ------------------------------------------------------------------

# «Российской Федерации» / «РФ» after a code's name.
_RF = r"(?:\s+(?:Российской\s+Федерации|РФ))?"
# The date of an act: «06.05.2011», «06.05.2011 г.», «2 октября 2007 года».
_DATE = r"(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}\s+[а-я]+\s+\d{4})(?:\s*г\.|\s*года)?"
# «Российской Федерации» / «РФ» after an abbreviation: «ГПК Российской Федерации».
_ABBR_RF = r"(?:\s*(?-i:РФ)(?!\w)|\s+Российской\s+Федерации)?"


def _abbr(name: str) -> str:
    """An upper-case abbreviation as a whole word: «ГК», «ГК РФ», «НК» not in «банка»."""
    return rf"(?-i:{name})(?!\w){_ABBR_RF}"


# A law title in quotes or bare: «Об исполнительном производстве».
_TITLE = "|".join(t.replace(" ", r"\s+") for t in LAW_TITLES)
# Function words that may follow a bare «Кодекса»/«Закона»/«Правил» without making
# it the start of another act's name («ст. 15 Закона Московской области»).
_FUNCTION_WORDS = r"(?:в|и|о|об|по|при|на|с|к|а|что|для|не|или|который|которым)"
_BARE_END = rf"(?![а-яё])(?!\s+(?!{_FUNCTION_WORDS}(?![а-яё]))[а-яёА-ЯЁ])"

# (pattern, what it names). A code names an act; "back:<family>" is a back-reference
# to the last act of that family; "self" is the act being read. Order matters:
# the first alternative that matches wins, so longer names come first.
ACT_PATTERNS: tuple[tuple[str, str], ...] = (
    # «ЖК РСФСР», «Жилищного кодекса РСФСР» — before ЖК РФ.
    (r"(?-i:ЖК)\s*РСФСР|Жилищн[а-я]*\s+кодекс[а-я]*\s+РСФСР", "zhk_rsfsr"),
    # «ГПК РФ», «Гражданского процессуального кодекса Российской Федерации».
    (
        _abbr("ГПК") + rf"|Гражданск[а-я]*\s+процессуальн[а-я]*\s+кодекс[а-я]*{_RF}",
        "gpk_rf",
    ),
    # «ГК РФ», «ГК», «Гражданским кодексом РФ».
    (_abbr("ГК") + rf"|Гражданск[а-я]*\s+кодекс[а-я]*{_RF}", "gk_rf"),
    # «АПК РФ», «Арбитражного процессуального кодекса РФ».
    (
        _abbr("АПК") + rf"|Арбитражн[а-я]*\s+процессуальн[а-я]*\s+кодекс[а-я]*{_RF}",
        "apk_rf",
    ),
    # «НК РФ», «Налогового кодекса Российской Федерации».
    (_abbr("НК") + rf"|Налогов[а-я]*\s+кодекс[а-я]*{_RF}", "nk_rf"),
    # «КоАП РФ», «Кодекса Российской Федерации об административных правонарушениях».
    (
        _abbr("КоАП") + r"|Кодекс[а-я]*\s+(?:Российской\s+Федерации|РФ)\s+"
        r"об\s+административных\s+правонарушениях",
        "koap_rf",
    ),
    # «КАС РФ», «Кодекса административного судопроизводства РФ».
    (
        _abbr("КАС") + rf"|Кодекс[а-я]*\s+административного\s+судопроизводства{_RF}",
        "kas_rf",
    ),
    # «ЖК РФ», «Жилищным кодексом Российской Федерации».
    (_abbr("ЖК") + rf"|Жилищн[а-я]*\s+кодекс[а-я]*{_RF}", "zhk_rf"),
    # A federal law by number: «Федерального закона от 02.10.2007 № 229-ФЗ «Об
    # исполнительном производстве»», «№ 229-ФЗ», «229-ФЗ», «ФЗ № 35-ФЗ».
    (
        rf"(?:(?:Федеральн[а-я]*\s+)?закон[а-я]*\s+(?:РФ\s+)?|ФЗ\s+)?(?:от\s+{_DATE}\s*)?"
        rf"(?:(?:№|N)\s*)?(?P<fz>\d+)-ФЗ(?:\s*«(?:{_TITLE})»)?",
        "fz",
    ),
    # A law by title: «Закона РФ от 07.02.1992 № 2300-1 «О защите прав
    # потребителей»», «Закона об исполнительном производстве», «ФЗ «Об
    # электроэнергетике»».
    (
        rf"(?:(?:Федеральн[а-я]*\s+)?закон[а-я]*|ФЗ)\s+(?:РФ\s+)?(?:от\s+{_DATE}\s*)?"
        rf"(?:(?:№|N)\s*[\d-]+\s*)?«?(?P<title>{_TITLE})»?",
        "title",
    ),
    # The Rules of decree 354 by title, with the decree if it follows within the
    # sentence: «Правил предоставления коммунальных услуг собственникам и
    # пользователям помещений в многоквартирных домах и жилых домов, утвержденных
    # постановлением Правительства РФ от 06.05.2011 № 354».
    (
        r"Правил[а-я]*\s+предоставления\s+коммунальных\s+услуг(?:\s+собственникам\s+и"
        r"\s+пользователям\s+помещений\s+в\s+многоквартирных\s+домах\s+и\s+жилых\s+"
        r"домов)?(?:[^;№\n]{0,160}?(?:№|N)\s*354(?!\d))?",
        "pp_354",
    ),
    # The Basic Provisions of decree 442 by title: «Основных положений
    # функционирования розничных рынков электрической энергии».
    (
        r"Основн[а-я]*\s+положени[а-я]*\s+функционирования\s+розничных\s+рынков\s+"
        r"электрической\s+энергии(?:[^;№\n]{0,160}?(?:№|N)\s*442(?!\d))?",
        "pp_442",
    ),
    # A decree or its Rules by number: «постановления Правительства РФ от 06.05.2011
    # № 354», «ПП РФ № 442», «Правил № 354», «Основных положений № 442».
    (
        r"(?:постановлени[а-я]*\s+Правительства(?:\s+(?:Российской\s+Федерации|РФ))?"
        r"|ПП\s*РФ|постановлени[а-я]*|Правил[а-я]*|Основн[а-я]*\s+положени[а-я]*)\s+"
        rf"(?:от\s+{_DATE}\s*)?(?:№|N)\s*(?P<pp>\d+)(?!\d)",
        "pp",
    ),
    # A back-reference: «того же Кодекса», «названного закона», «указанных Правил».
    (
        r"(?:того\s+же|тех\s+же|указанн(?:ого|ых)|названн(?:ого|ых)|данн(?:ого|ых)|"
        r"этого|этих|приведенн(?:ого|ых)|упомянут(?:ого|ых)|вышеуказанн(?:ого|ых))\s+"
        r"(?P<back>Кодекса|Федерального\s+закона|Закона|Правил|постановления|Положений)",
        "back",
    ),
    # The act being read: «настоящего Кодекса», «настоящих Правил».
    (
        r"настоящ(?:его|их)\s+(?:Кодекса|Федерального\s+закона|Закона|Правил|Положений)",
        "self",
    ),
    # A bare capitalized back-reference: «ст. 333 Кодекса», «ст. 15 Закона».
    (rf"(?-i:(?P<bare>Кодекса|Закона|Правил)){_BARE_END}", "bare"),
)

ACT_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(f"(?P<a{i}>{pattern})" for i, (pattern, _) in enumerate(ACT_PATTERNS))
    + ")",
    re.IGNORECASE,
)
# Only spaces (and a stray comma) between the chain and the act name.
_ACT_GAP_RE = re.compile(r"[ \u00a0\t]*\n?[ \u00a0\t]*")
# Between two chains that share the act of the second: «, », « и », «; ».
_SHARE_GAP_RE = re.compile(
    r"\s*(?:[,;]\s*(?:а\s+также\s+|и\s+)?|\s(?:и|а\s+также)\s)\s*"
)
# Splits a list into items and ranges.
_LIST_ITEM_RE = re.compile(rf"(?P<a>{_ITEM})(?:\s*[-–—]\s*(?P<b>{_ITEM}))?")
_SUB_SPLIT_RE = re.compile(r"[а-яё\d]{1,3}")


@dataclass(frozen=True)
class _ActName:
    """One act name found in the text: a code, or a reference still to resolve."""

    start: int
    end: int
    code: str  # an act code, or "" when unresolved
    family: str  # family the code belongs to, or that a back-reference wants
    reference: str  # "", "back", "self"


def _read_act_name(match: re.Match[str]) -> _ActName:
    kind = ACT_PATTERNS[int(str(match.lastgroup)[1:])][1]
    code, family, reference = "", "", ""
    if kind == "fz":
        code = FEDERAL_LAWS.get(match["fz"], "")
    elif kind == "title":
        code = LAW_TITLES[" ".join(match["title"].lower().split())]
    elif kind == "pp":
        code = DECREES.get(match["pp"], "")
    elif kind in ("back", "bare"):
        word = (match["back"] or match["bare"]).lower()
        family = next(
            (f for stem, f in _BACK_WORDS.items() if word.startswith(stem)), _RULES
        )
        reference = "back"
    elif kind == "self":
        reference = "self"
    else:
        code = kind
    if code:
        family = _family(code)
    return _ActName(match.start(), match.end(), code, family, reference)


def _expand(items: str, *, letters: bool = False) -> list[str]:
    """Split a level's list into numbers, expanding short ranges."""
    if letters:
        return _SUB_SPLIT_RE.findall(items.lower())
    numbers: list[str] = []
    for match in _LIST_ITEM_RE.finditer(items):
        first, last = match["a"], match["b"]
        numbers.append(first)
        if last is None:
            continue
        head_a, _, tail_a = first.rpartition(".")
        head_b, _, tail_b = last.rpartition(".")
        span = int(tail_b) - int(tail_a)
        if head_a == head_b and 0 < span <= MAX_RANGE:
            prefix = f"{head_a}." if head_a else ""
            numbers += [f"{prefix}{n}" for n in range(int(tail_a) + 1, int(tail_b) + 1)]
        else:
            numbers.append(last)
    return numbers


def _paths(levels: list[list[str]]) -> list[list[str]]:
    """Combine levels, outermost first; deeper levels attach to the first item."""
    head, *rest = levels
    paths: list[list[str]] = []
    for index, item in enumerate(head):
        tails = _paths(rest) if rest and index == 0 else [[]]
        paths += [[item, *tail] for tail in tails]
    return paths


def _keys(chain: re.Match[str], act: Act) -> list[str]:
    """The citation keys of one chain for one act, in the order written."""
    articles = _expand(chain["art"]) if chain["art"] else []
    parts = _expand(chain["part"] or chain["part2"] or "")
    points = _expand(chain["point"] or "")
    subs = _expand(chain["sub"] or "", letters=True)
    if act.unit is Unit.POINT:
        if articles or not points:
            return []
        levels = [points, subs]
    else:
        if not articles:
            return []
        levels = [articles, parts, points, subs]
    keys: list[str] = []
    for path in _paths([level for level in levels if level]):
        if (
            act.unit is Unit.ARTICLE
            and len(path) > 1
            and not act.is_dotted_article(path[0])
            and act.is_dotted_article(f"{path[0]}.{path[1]}")
        ):
            # «ч. 1 ст. 155 ГПК РФ» would read back as art. 155.1: key the article.
            path = path[:1]
        key = f"{act.code}:{'.'.join(path)}"
        if key not in keys:
            keys.append(key)
    return keys


class _ActIndex:
    """Act names of a text in order, to resolve back-references by position."""

    def __init__(self, names: list[_ActName]) -> None:
        self._by_family: dict[str, tuple[list[int], list[str]]] = {}
        for name in names:
            if name.code:
                starts, codes = self._by_family.setdefault(name.family, ([], []))
                starts.append(name.start)
                codes.append(name.code)

    def last_before(self, family: str, position: int) -> str:
        starts, codes = self._by_family.get(family, ([], []))
        index = bisect.bisect_left(starts, position)
        return codes[index - 1] if index else ""


def extract_law_refs(text: str, *, default_act: str | None = None) -> list[Entity]:
    """Find statute citations and normalize them to canonical keys.

    Args:
        text: any text.
        default_act: code of the act the text is (when indexing a statute), to
            which «настоящего Кодекса» refers; without it such citations are
            skipped.

    Returns:
        LAW_REF entities ordered by position, one per citation. ``value`` holds the
        canonical keys of the citation separated by single spaces («ст. 539, 540 ГК
        РФ» → ``"gk_rf:539 gk_rf:540"``; see :func:`citation_keys`);
        ``extra["act"]`` is the act code.
    """
    names = [_read_act_name(m) for m in ACT_RE.finditer(text)]
    index = _ActIndex(names)
    name_at = {name.start: name for name in names}

    # Read each chain with the act name right after it, if any.
    chains: list[tuple[re.Match[str], _ActName | None]] = []
    for chain in CHAIN_RE.finditer(text):
        if not (chain["art"] or chain["point"]):
            continue
        gap = _ACT_GAP_RE.match(text, chain.end())
        name = name_at.get(gap.end()) if gap else None
        chains.append((chain, name))

    # A chain without an act shares the act of the next chain across «, » / « и ».
    entities: list[Entity] = []
    following: tuple[int, _ActName] | None = None
    for chain, name in reversed(chains):
        named_here = name is not None
        if (
            name is None
            and following is not None
            and _SHARE_GAP_RE.fullmatch(text, chain.end(), following[0])
        ):
            name = following[1]
        following = (chain.start(), name) if name is not None else None
        if name is None:
            continue
        code = _resolve(name, index, default_act)
        if not code:
            continue
        keys = _keys(chain, ACTS[code])
        if not keys:
            continue
        end = name.end if named_here else chain.end()
        entities.append(
            Entity(
                EntityLabel.LAW_REF,
                chain.start(),
                end,
                text[chain.start() : end],
                " ".join(keys),
                {"act": code},
            )
        )
    entities.reverse()
    return entities


def _resolve(name: _ActName, index: _ActIndex, default_act: str | None) -> str:
    if name.code:
        return name.code
    if name.reference == "self":
        return default_act or ""
    if name.reference == "back":
        return index.last_before(name.family, name.start)
    return ""


def citation_keys(entity: Entity) -> list[str]:
    """Return the canonical keys of a LAW_REF entity, in the order cited."""
    return entity.value.split()
