"""The registry of legal acts lexdesk knows, keyed by canonical act code.

A citation key is ``<act>:<article>[.<part>][.<point>]`` (shared/DESIGN.md), e.g.
``gk_rf:544``, ``zhk_rf:155.14``, ``pp_354:119``. The act code is the part before
the colon and is one of the codes below. ``short`` is the form a lawyer writes
(«ГК РФ»), used in human citations («ст. 544 ГК РФ»); ``unit`` is what the act
numbers its provisions by: codes and federal laws have articles (статья), the
Government decrees' Rules have points (пункт).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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
    """

    code: str
    short: str
    full: str
    unit: Unit = Unit.ARTICLE
    adopted: str = ""


ACTS: dict[str, Act] = {
    act.code: act
    for act in (
        Act("gk_rf", "ГК РФ", "Гражданский кодекс Российской Федерации"),
        Act("zhk_rf", "ЖК РФ", "Жилищный кодекс Российской Федерации"),
        Act(
            "gpk_rf", "ГПК РФ", "Гражданский процессуальный кодекс Российской Федерации"
        ),
        Act(
            "apk_rf", "АПК РФ", "Арбитражный процессуальный кодекс Российской Федерации"
        ),
        Act("nk_rf", "НК РФ", "Налоговый кодекс Российской Федерации"),
        Act(
            "koap_rf",
            "КоАП РФ",
            "Кодекс Российской Федерации об административных правонарушениях",
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
        Act("zhk_rsfsr", "ЖК РСФСР", "Жилищный кодекс РСФСР (утратил силу)"),
    )
}


def human_citation(key: str) -> str:
    """Render a canonical citation key the way a lawyer writes it.

    >>> human_citation("zhk_rf:155.14")
    'ч. 14 ст. 155 ЖК РФ'
    >>> human_citation("pp_354:119")
    'п. 119 ПП РФ № 354'

    Raises:
        KeyError: the act code is unknown.
    """
    code, _, provision = key.partition(":")
    act = ACTS[code]
    parts = provision.split(".") if provision else []
    if act.unit is Unit.POINT:
        pieces = [f"пп. «{parts[1]}»"] if len(parts) > 1 else []
        pieces.append(f"п. {parts[0]}" if parts else "")
        return " ".join(p for p in pieces if p) + f" {act.short}"
    pieces = []
    if len(parts) > 2:
        pieces.append(f"п. {parts[2]}")
    if len(parts) > 1:
        pieces.append(f"ч. {parts[1]}")
    if parts:
        pieces.append(f"ст. {parts[0]}")
    return " ".join(pieces) + f" {act.short}"
