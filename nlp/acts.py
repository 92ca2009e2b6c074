"""The registry of legal acts lexdesk knows, keyed by canonical act code.

A citation key is ``<act>:<article>[.<part>][.<point>]`` (shared/DESIGN.md), e.g.
``gk_rf:544``, ``zhk_rf:155.14``, ``pp_354:119``. The act code is the part before
the colon and is one of the codes below. ``short`` is the form a lawyer writes
(«ГК РФ»), used in human citations («ст. 544 ГК РФ»); ``unit`` is what the act
numbers its provisions by: codes and federal laws have articles (статья), the
Government decrees' Rules have points (пункт).

Subdivisions follow the article in the key, outermost first: ``zhk_rf:155.14`` is
part 14 of article 155, ``gk_rf:540.1`` point 1 of article 540 (the Civil and Tax
Codes divide articles into points, the other codes into parts; ``Act.divisions``
names them), ``pp_354:119.а`` subpoint «а» of point 119. Some article numbers
themselves contain a dot (НК РФ ст. 333.19, АПК РФ ст. 229.2, ГПК РФ ст. 155.1;
КоАП РФ numbers every article «chapter.number», ст. 7.19). ``Act.dotted`` lists them
so that a key reads back one way only: ``nk_rf:333.19`` is article 333.19, while
``zhk_rf:155.14`` is article 155 part 14 because ЖК РФ has no article 155.14. Where
a part would collide with a dotted article (part 1 of ГПК РФ art. 155 vs art.
155.1), the extractor keys the citation at article level (see nlp.law_refs).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Unit(enum.StrEnum):
    """What an act numbers its provisions by."""

    ARTICLE = "статья"
    POINT = "пункт"


@dataclass(frozen=True)
class Act:
    """One legal act.

    Attributes:
        code: canonical code, the first half of a citation key.
        short: the short name lawyers write, as in «ст. 544 ГК РФ».
        full: the official full name.
        unit: what the act numbers its provisions by.
        adopted: date of adoption (ISO) where the act is cited by number and date.
        divisions: abbreviations of the subdivisions below the unit, outermost
            first, as a human citation writes them.
        dotted: dotted article numbers, as {base article: highest suffix}:
            ``{333: 45}`` means articles 333.1 … 333.45 exist.
        chapter_numbered: every article is numbered «chapter.number» (КоАП РФ).
    """

    code: str
    short: str
    full: str
    unit: Unit = Unit.ARTICLE
    adopted: str = ""
    divisions: tuple[str, ...] = ("ч.", "п.", "подп.")
    dotted: Mapping[int, int] = field(default_factory=dict)
    chapter_numbered: bool = False

    def is_dotted_article(self, number: str) -> bool:
        """Say whether ``number`` («333.19») is one article of this act, not a part."""
        pieces = number.split(".")
        if self.chapter_numbered:
            return len(pieces) == 2
        if len(pieces) != 2 or not all(p.isdigit() for p in pieces):
            return False
        return 1 <= int(pieces[1]) <= self.dotted.get(int(pieces[0]), 0)

    def split_provision(self, provision: str) -> tuple[str, list[str]]:
        """Split the provision of a key into the article and its subdivisions.

        >>> ACTS["nk_rf"].split_provision("333.19.1.3")
        ('333.19', ['1', '3'])
        >>> ACTS["zhk_rf"].split_provision("155.14")
        ('155', ['14'])
        """
        pieces = provision.split(".")
        if len(pieces) > 1 and self.is_dotted_article(".".join(pieces[:2])):
            return ".".join(pieces[:2]), pieces[2:]
        return pieces[0], pieces[1:]


# Points-divided codes: «п. 1 ст. 540 ГК РФ», «подп. 1 п. 1 ст. 333.19 НК РФ».
_POINTS = ("п.", "подп.")

# Dotted article numbers {base: highest suffix}. ГК РФ part 2, ЖК РФ and ГПК РФ are
# read from the article headings of the pravo.gov.ru texts in shared/corpus/real
# (r01-r03, where the suffix is a superscript); ГК РФ part 1, НК РФ and АПК РФ hold
# the ranges cited in claims work (НК ch. 25.1-25.3 state duty 333.1-333.45, АПК ch.
# 29.1 court orders 229.1-229.6, cassation 291.1-291.15, supervision 308.1-308.12)
# and are not exhaustive: an unlisted dotted article reads back as article + part.
_GK_DOTTED = {123: 31, 165: 1, 308: 3, 309: 2, 317: 1, 327: 1, 406: 1, 431: 2, 434: 1}
_GK_DOTTED |= {783: 1, 821: 1, 844: 1, 859: 1, 860: 15, 866: 1, 870: 1, 926: 8}
_ZHK_DOTTED = {32: 1, 36: 1, 44: 1, 47: 1, 87: 2, 91: 20, 98: 1, 109: 1, 116: 1}
_ZHK_DOTTED |= {123: 3, 143: 1, 156: 1, 157: 3, 161: 1, 175: 1, 178: 1, 190: 1}
_GPK_DOTTED = {6: 1, 22: 1, 30: 1, 33: 1, 47: 1, 63: 1, 103: 1, 144: 1, 153: 11}
_GPK_DOTTED |= {155: 2, 203: 1, 232: 4, 244: 28, 320: 1, 325: 1, 326: 2, 327: 2}
_GPK_DOTTED |= {330: 1, 335: 1, 376: 1, 378: 2, 379: 7, 380: 1, 386: 1, 390: 17}
_GPK_DOTTED |= {391: 14, 417: 12, 422: 1, 427: 5, 445: 1}


ACTS: dict[str, Act] = {
    act.code: act
    for act in (
        Act(
            "gk_rf",
            "ГК РФ",
            "Гражданский кодекс Российской Федерации",
            divisions=_POINTS,
            dotted=_GK_DOTTED,
        ),
        Act(
            "zhk_rf",
            "ЖК РФ",
            "Жилищный кодекс Российской Федерации",
            dotted=_ZHK_DOTTED,
        ),
        Act(
            "gpk_rf",
            "ГПК РФ",
            "Гражданский процессуальный кодекс Российской Федерации",
            dotted=_GPK_DOTTED,
        ),
        Act(
            "apk_rf",
            "АПК РФ",
            "Арбитражный процессуальный кодекс Российской Федерации",
            dotted={229: 6, 291: 15, 308: 12},
        ),
        Act(
            "nk_rf",
            "НК РФ",
            "Налоговый кодекс Российской Федерации",
            divisions=_POINTS,
            dotted={333: 45},
        ),
        Act(
            "koap_rf",
            "КоАП РФ",
            "Кодекс Российской Федерации об административных правонарушениях",
            chapter_numbered=True,
        ),
        Act(
            "kas_rf",
            "КАС РФ",
            "Кодекс административного судопроизводства Российской Федерации",
        ),
        Act(
            "fz_35",
            "35-ФЗ",
            "Федеральный закон «Об электроэнергетике»",
            adopted="2003-03-26",
        ),
        Act(
            "fz_229",
            "229-ФЗ",
            "Федеральный закон «Об исполнительном производстве»",
            adopted="2007-10-02",
        ),
        Act(
            "fz_152",
            "152-ФЗ",
            "Федеральный закон «О персональных данных»",
            adopted="2006-07-27",
        ),
        Act(
            "pp_354",
            "ПП РФ № 354",
            "Правила предоставления коммунальных услуг собственникам и пользователям "
            "помещений в многоквартирных домах и жилых домов (утв. постановлением "
            "Правительства РФ от 06.05.2011 № 354)",
            unit=Unit.POINT,
            adopted="2011-05-06",
        ),
        Act(
            "pp_442",
            "ПП РФ № 442",
            "Основные положения функционирования розничных рынков электрической энергии "
            "(утв. постановлением Правительства РФ от 04.05.2012 № 442)",
            unit=Unit.POINT,
            adopted="2012-05-04",
        ),
        Act(
            "zpp",
            "Закон о защите прав потребителей",
            "Закон РФ от 07.02.1992 № 2300-1 «О защите прав потребителей»",
            adopted="1992-02-07",
        ),
        Act("zhk_rsfsr", "ЖК РСФСР", "Жилищный кодекс РСФСР (утратил силу)"),
    )
}


def human_citation(key: str) -> str:
    """Render a canonical citation key the way a lawyer writes it.

    >>> human_citation("zhk_rf:155.14")
    'ч. 14 ст. 155 ЖК РФ'
    >>> human_citation("nk_rf:333.19")
    'ст. 333.19 НК РФ'
    >>> human_citation("gk_rf:540.1")
    'п. 1 ст. 540 ГК РФ'
    >>> human_citation("pp_354:119.а")
    'пп. «а» п. 119 ПП РФ № 354'

    Raises:
        KeyError: the act code is unknown.
    """
    code, _, provision = key.partition(":")
    act = ACTS[code]
    if not provision:
        return act.short
    if act.unit is Unit.POINT:
        parts = provision.split(".")
        pieces = [f"пп. «{parts[1]}»"] if len(parts) > 1 else []
        pieces.append(f"п. {parts[0]}")
        return " ".join(pieces) + f" {act.short}"
    article, subdivisions = act.split_provision(provision)
    pieces = [
        f"{label} {number}"
        for label, number in zip(act.divisions, subdivisions, strict=False)
    ]
    pieces.reverse()
    pieces.append(f"ст. {article}")
    return " ".join(pieces) + f" {act.short}"
