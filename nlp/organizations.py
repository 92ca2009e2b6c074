"""Organizations by legal form and quoted name («АО «Светлоградэнергосбыт»»), and
public bodies by their official names («Правительства РФ», «УФССП России по …»).

Russian documents name a company by its organizational and legal form (ГК РФ
ст. 50, 54) followed by its name in quotes, in any grammatical case: «акционерного
общества «Светлоградэнергосбыт»», «ООО «ПКО Шамиль и партнеры»», «ТСН
«Капитолий»», «ГБУ «Жилищник Дмитровского района»». This rule is exact where the
news NER often tags only the quoted word or stops at an inner quote, so its ORG
entities take precedence over the NER's (see :mod:`nlp.pipeline`).
"""

from __future__ import annotations

import re

from nlp.entities import Entity, EntityLabel, drop_overlaps, make_entity

# Legal forms, abbreviated or in full, any case: «АО», «ПАО», «ООО», «ТСЖ», «ТСН»,
# «ГБУ», «МУП», «ИП»; «акционерного общества», «общество с ограниченной
# ответственностью», «товарищества собственников недвижимости».
_FORM = (
    r"(?:П?АО|ООО|ОАО|ЗАО|НАО|ТСЖ|ТСН|СНТ|ЖСК|ГБУ|ГУП|МУП|ГКУ|МКУ|АНО|НКО|ФГУП|ФГБУ"
    r"|КБ|ИП"
    r"|(?i:(?:публичн\w+\s+|непубличн\w+\s+|закрыт\w+\s+|открыт\w+\s+)?акционерн\w+"
    r"\s+обществ\w*|обществ\w*\s+с\s+ограниченной\s+ответственностью"
    r"|товариществ\w*\s+собственников\s+(?:жилья|недвижимости)"
    r"|государственн\w+\s+бюджетн\w+\s+учреждени\w+|муниципальн\w+\s+унитарн\w+"
    r"\s+предприяти\w+|коммерческ\w+\s+банк\w*))"
)

# A form with a quoted name; the name may hold one nested quoted part:
# «ООО «ПКО «Шамиль и партнеры»»», «ГБУ «МФЦ г. Москвы»», «АО "Банк"».
ORG_RE = re.compile(
    rf"(?<![\w]){_FORM}[ \u00a0]*(?:«[^«»\n]{{1,80}}(?:«[^«»\n]{{1,60}}»[^«»\n]{{0,40}})?»"
    r"|\"[^\"\n]{1,80}\")"
)


# Public bodies named without quotes, any case: «Правительства РФ», «Правительства
# Московской области», «Государственной Думой», «Советом Федерации», «УФССП России
# по Белгородской области», «Отделение судебных приставов по г. Белгороду»,
# «Межрайонной инспекцией Федеральной налоговой службы № 5 по Московской области»,
# «Министерства экономики Московской области».
_REGION = (
    r"(?:[А-ЯЁ][а-яё]+(?:ой|ого)\s(?:области|края|округа)|Республики\s[А-ЯЁ][а-яё]+)"
)
BODY_RE = re.compile(
    r"(?<![\w])(?:"
    rf"Правительств\w*\s(?:Российской\sФедерации|РФ|Москвы|{_REGION})"
    r"|Государственн\w+\sДум\w*(?:\sФедерального\sСобрания\sРоссийской\sФедерации)?"
    r"|Совет\w*\sФедерации"
    rf"|УФССП\sРоссии\sпо\s(?:г\.\s?[А-ЯЁ][а-яё]+|{_REGION})"
    r"|Отделени\w+\sсудебных\sприставов\sпо\s(?:г\.\s?)?[А-ЯЁ][а-яё]+"
    r"|(?:Межрайонн\w+\s)?[Ии]нспекци\w+\sФедеральной\sналоговой\sслужбы"
    rf"(?:\s№\s?\d+)?(?:\sпо\s(?:г\.\s?[А-ЯЁ][а-яё]+|{_REGION}))?"
    rf"|Министерств\w*\s[а-яё]+(?:\s[а-яё]+)?\s(?:Российской\sФедерации|РФ|{_REGION})"
    r")"
)


def extract_organizations(text: str) -> list[Entity]:
    """Find organizations written as legal form + quoted name.

    Args:
        text: any text.

    Returns:
        ORG entities ordered by position; ``value`` is the span with single spaces.
    """
    found = [
        make_entity(EntityLabel.ORG, text, *m.span(), " ".join(m.group().split()))
        for pattern in (ORG_RE, BODY_RE)
        for m in pattern.finditer(text)
    ]
    return drop_overlaps(found)
