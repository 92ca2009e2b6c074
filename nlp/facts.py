"""Case facts of court acts: who, which court, how much, and how it ended.

Facts are read from the entities the extractors found and from the two parts every
Russian court act has (ГПК РФ ст. 198, 225): the establishing part («установил:»),
which states the claim, and the resolutive part («решил:», «определил:»,
«приказал:», «постановил:»), which states the award. What was claimed comes from
the first sentence outside the resolutive part that asks to recover an amount; what
was awarded comes only from the resolutive part, where each amount follows the word
for what it is («задолженность … в размере», «пени …», «государственной пошлины …»,
«а всего …»). A fact the text does not state is ``None``, never a guess.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from nlp.case_numbers import CaseKind
from nlp.entities import Entity, EntityLabel
from nlp.kinds import DocumentKind
from nlp.law_refs import citation_keys


class Outcome(enum.StrEnum):
    """How a court act disposed of the claim. Values are stable filter names."""

    GRANTED_FULL = "granted_full"  # иск удовлетворён полностью
    GRANTED_PART = "granted_part"  # удовлетворён частично
    DENIED = "denied"  # в удовлетворении отказано
    ORDER_ISSUED = "order_issued"  # судебный приказ вынесен (ГПК РФ ст. 127)
    ORDER_CANCELLED = "order_cancelled"  # судебный приказ отменён (ст. 129)
    RETURNED = "returned"  # заявление возвращено (ГПК РФ ст. 125, 135)
    UPHELD = "upheld"  # appeal/cassation: left without change
    REVERSED = "reversed"  # appeal/cassation: set aside or changed
    DISMISSED = "dismissed"  # left without consideration / proceedings terminated


# Russian labels of outcomes, for facets, the citator and the UI.
OUTCOME_LABELS_RU: dict[Outcome, str] = {
    Outcome.GRANTED_FULL: "иск удовлетворён полностью",
    Outcome.GRANTED_PART: "иск удовлетворён частично",
    Outcome.DENIED: "в иске отказано",
    Outcome.ORDER_ISSUED: "судебный приказ вынесен",
    Outcome.ORDER_CANCELLED: "судебный приказ отменён",
    Outcome.RETURNED: "заявление возвращено",
    Outcome.UPHELD: "оставлено без изменения",
    Outcome.REVERSED: "отменено или изменено",
    Outcome.DISMISSED: "оставлено без рассмотрения, производство прекращено",
}

# Kinds whose facts include an outcome and an award.
COURT_ACT_KINDS = frozenset(
    {
        DocumentKind.COURT_DECISION,
        DocumentKind.COURT_ORDER,
        DocumentKind.RULING,
        DocumentKind.APPEAL_RULING,
        DocumentKind.CASSATION_RULING,
    }
)


@dataclass(frozen=True)
class CaseFacts:
    """The facts of one court act; every field is ``None`` (or empty) when unstated.

    Attributes:
        case_number: normalized case number («2-1226/2022»).
        uid: the unique case id (УИД) that joins instances.
        court: the court's normalized name, or «Судебный участок № 3 …» for a
            magistrate.
        court_level: a :class:`nlp.courts.CourtLevel` value.
        court_region: the court's region in the nominative.
        judge: the presiding judge, «Фамилия И.О.».
        magistrate_section: the section number of a magistrate's act.
        decision_date: ISO date of the act.
        plaintiff: the claimant as written (claimant of an order: «взыскатель»).
        defendants: the defendants (debtors) as written.
        claimed: what was claimed: principal plus penalty.
        claimed_principal: the principal debt claimed.
        claimed_penalty: the penalty claimed.
        awarded_principal: principal debt awarded.
        awarded_penalty: penalty awarded.
        awarded_state_duty: state duty awarded.
        awarded_total: the total awarded («а всего»), or the sum of the parts.
        penalty_reduced_333: whether the court reduced the penalty under ст. 333
            ГК РФ; ``None`` when the act awards nothing.
        outcome: how the act disposed of the claim.
        cited: canonical keys of every statute provision cited, in first-cited order.
    """

    case_number: str | None = None
    uid: str | None = None
    court: str | None = None
    court_level: str | None = None
    court_region: str | None = None
    judge: str | None = None
    magistrate_section: str | None = None
    decision_date: str | None = None
    plaintiff: str | None = None
    defendants: tuple[str, ...] = ()
    claimed: Decimal | None = None
    claimed_principal: Decimal | None = None
    claimed_penalty: Decimal | None = None
    awarded_principal: Decimal | None = None
    awarded_penalty: Decimal | None = None
    awarded_state_duty: Decimal | None = None
    awarded_total: Decimal | None = None
    penalty_reduced_333: bool | None = None
    outcome: Outcome | None = None
    cited: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """Return the facts as JSON values: amounts as strings with two decimals."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, Decimal):
                value = f"{value:.2f}"
            elif isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


# ---- parts of the act -------------------------------------------------------------

# The word opening the resolutive part, alone or at a line start: «решил:»,
# «РЕШИЛ:», «определила:», «приказал:», «постановил:» (letter-spaced «р е ш и л:»
# is joined by nlp.normalize).
RESOLUTIVE_RE = re.compile(
    r"(?im)(?:^|\s)(?:решил|определил|определила|приказал|постановил|постановила)"
    r"\s*:"
)

# Where the resolutive part ends: the appeal notice that follows the award.
_RESOLUTIVE_END_RE = re.compile(
    r"(?:Решение|Определение|Апелляционное определение|Судебный приказ)[^.\n]{0,40}"
    r"(?:может быть обжаловано|обжалованию не подлежит|вступает в законную силу)"
    r"|Должник вправе|Мотивированное решение",
    re.I,
)

# How far after the title the heading facts (court, judge, date, parties) are read.
HEADING_CHARS = 3000

# What an amount is, from the words just before it:
# «задолженность … в размере», «основной долг», «пени», «неустойку»,
# «проценты за пользование», «государственной пошлины», «а всего», «итого».
_TOTAL_RE = re.compile(r"(?:(?:а\s+)?всего|итого|общей\s+сумме)\s*:?\s*$", re.I)
_DUTY_RE = re.compile(r"пошлин", re.I)
_PENALTY_RE = re.compile(r"пен[иья]|неустойк|процент\w*\s+за\s+пользование|штраф", re.I)
_PRINCIPAL_RE = re.compile(
    r"задолженност|основн\w+\s+долг|долг\b|сумм\w+\s+долга", re.I
)
# Words that make an amount not part of the claim or award: a price, a deposit.
_OTHER_MONEY_RE = re.compile(
    r"стоимост|цен[аыу]\b|залог|компенсаци\w+\s+морального", re.I
)

# A request to recover: «просит взыскать», «просило взыскать», «о взыскании».
_CLAIM_RE = re.compile(r"просит|просил\w*|прошу|о\s+взыскании|цена\s+иска", re.I)

# A reduction of the penalty under ст. 333 ГК РФ: «суд снижает пени до …»,
# «уменьшить неустойку до …», «снизить размер неустойки до».
# Also «пени, уменьшенные на основании статьи 333 ГК РФ» as an appeal restates it.
_REDUCTION_RE = re.compile(
    r"(?:сниж|снизи|уменьш)\w*\s+(?:её\s+|ее\s+|размер\s+)?(?:пени|пеней|неустойк\w*|штраф\w*)"
    r"(?:\s+\S+){0,8}?\s+до\s+(?:\d|указанного|разумного|суммы|размера)"
    r"|(?:уменьшенн|сниженн)\w*\s+(?:на\s+основании|в\s+соответствии\s+со?|по)\s+"
    r"стать\w+\s+333",
    re.I,
)

# The first-instance award an appeal restates: «Решением суда первой инстанции …
# взыскана задолженность …, а всего …».
_RESTATED_AWARD_RE = re.compile(
    r"[Рр]ешением[^.]{0,200}?взыскан[^\n]*?(?:\.(?=\s+[А-ЯЁ])|$)"
)

_NO_AWARD = frozenset(
    {Outcome.DENIED, Outcome.ORDER_CANCELLED, Outcome.RETURNED, Outcome.DISMISSED}
)
_REVIEW_KINDS = frozenset({DocumentKind.APPEAL_RULING, DocumentKind.CASSATION_RULING})

# Parties in the heading: «по иску АО «Светлоградэнергосбыт» к Тальникову Олегу
# Ивановичу о взыскании», «по исковому заявлению … к …, … об …».
_PARTIES_RE = re.compile(
    r"по\s+(?:иску|исковому\s+заявлению|заявлению)\s+(?P<p>[^\n]{3,200}?)\s+к\s+"
    r"(?P<d>[^\n]{3,300}?)\s*,?\s+(?:о|об)\s+(?:взыскании|устранении|признании|обязании"
    r"|возмещении|расторжении|определении|выселении|вселении|защите|\w+)",
    re.I,
)
# Parties of an order: «Взыскать с должника Лебедянцевой Людмилы Андреевны,»,
# «заявление акционерного общества «…» о вынесении судебного приказа».
_DEBTOR_RE = re.compile(
    r"с\s+должника\s+(?P<d>[А-ЯЁ][^,\n(]{3,80}?)(?:\s*[,(]|\s+в\s+пользу)"
)
_CREDITOR_RE = re.compile(
    r"заявлени[ея]\s+(?P<p>[^\n]{3,120}?)\s+о\s+вынесении\s+судебного\s+приказа", re.I
)
# Trailer lines generated documents carry: «Ответчик: Щеглов Роман Юрьевич».
_ROLE_LINE_RE = re.compile(
    r"(?P<role>Истец|Взыскатель|Ответчик|Должник)\s*:\s*(?P<name>"
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s[А-ЯЁ][а-яё]+){0,2}(?![а-яё])"
    r"|[А-ЯЁ]{2,5}\s?[«\"][^»\"\n]{2,80}[»\"]+)"
)

# Outcome phrases of the resolutive part.
_PARTLY_RE = re.compile(r"удовлетворить\s+частично|частично\s+удовлетворить", re.I)
_REST_DENIED_RE = re.compile(r"в\s+удовлетворении\s+остальн", re.I)
_DENIED_RE = re.compile(r"в\s+удовлетворении\s+(?:иска|исков|заявлен|требован)", re.I)
_GRANTED_RE = re.compile(r"удовлетворить|взыскать", re.I)
_CANCEL_ORDER_RE = re.compile(r"судебн\w+\s+приказ[^.]{0,80}?отменить", re.I)
_RETURN_RE = re.compile(r"возвратить|вернуть", re.I)
_UPHELD_RE = re.compile(r"оставить\s+без\s+изменения", re.I)
_REVERSED_RE = re.compile(r"\bотменить|\bизменить", re.I)
_DISMISSED_RE = re.compile(
    r"оставить\s+без\s+рассмотрения|производство[^.]{0,40}прекратить", re.I
)


@dataclass(frozen=True)
class _Amounts:
    principal: Decimal | None = None
    penalty: Decimal | None = None
    duty: Decimal | None = None
    total: Decimal | None = None


def _last_cue(pattern: re.Pattern[str], context: str) -> int:
    positions = [m.end() for m in pattern.finditer(context)]
    return positions[-1] if positions else -1


def _classify_amounts(text: str, money: Sequence[Entity], low: int) -> _Amounts:
    """Name each amount by the nearest cue word since the previous amount.

    «о взыскании задолженности … и пени, … задолженность … в размере 20 514 руб.»
    names the amount by «задолженность», the cue closest before it.
    """
    found: dict[str, Decimal] = {}
    previous_end = low
    for entity in money:
        context = text[max(previous_end, entity.start - 300) : entity.start]
        previous_end = entity.end
        if _TOTAL_RE.search(context):
            found.setdefault("total", Decimal(entity.value))
            continue
        cues = {
            name: _last_cue(pattern, context)
            for name, pattern in (
                ("other", _OTHER_MONEY_RE),
                ("duty", _DUTY_RE),
                ("penalty", _PENALTY_RE),
                ("principal", _PRINCIPAL_RE),
            )
        }
        name, position = max(cues.items(), key=lambda item: item[1])
        if position >= 0 and name != "other":
            found.setdefault(name, Decimal(entity.value))
    return _Amounts(
        found.get("principal"),
        found.get("penalty"),
        found.get("duty"),
        found.get("total"),
    )


def _awarded_sum(text: str, money: Sequence[Entity], low: int) -> Decimal | None:
    """The sum of every amount awarded when the act states no «а всего».

    Each amount counts unless the words before it make it something else (a
    property's sale price, a deposit): «штраф … 400 000 руб., проценты … 1 238 321
    руб. 88 коп., почтовые расходы … 209 руб. 04 коп.» sums all three.
    """
    total: Decimal | None = None
    previous_end = low
    for entity in money:
        context = text[max(previous_end, entity.start - 300) : entity.start]
        previous_end = entity.end
        if _OTHER_MONEY_RE.search(context):
            continue
        total = (total or Decimal(0)) + Decimal(entity.value)
    return total


def _resolutive_span(text: str) -> tuple[int, int] | None:
    markers = list(RESOLUTIVE_RE.finditer(text))
    if not markers:
        return None
    # The last marker opens the resolutive part: an earlier one is a quotation of
    # another act's resolutive part in the reasoning.
    start = markers[-1].end()
    end_match = _RESOLUTIVE_END_RE.search(text, start)
    return start, end_match.start() if end_match else len(text)


def _outcome(kind: DocumentKind, resolutive: str) -> Outcome | None:
    if kind is DocumentKind.COURT_ORDER:
        return Outcome.ORDER_ISSUED if _GRANTED_RE.search(resolutive) else None
    if kind in {DocumentKind.APPEAL_RULING, DocumentKind.CASSATION_RULING}:
        if _UPHELD_RE.search(resolutive):
            return Outcome.UPHELD
        return Outcome.REVERSED if _REVERSED_RE.search(resolutive) else None
    if _CANCEL_ORDER_RE.search(resolutive):
        return Outcome.ORDER_CANCELLED
    if _DISMISSED_RE.search(resolutive):
        return Outcome.DISMISSED
    if kind is DocumentKind.RULING and _RETURN_RE.search(resolutive):
        return Outcome.RETURNED
    if _PARTLY_RE.search(resolutive) or _REST_DENIED_RE.search(resolutive):
        return Outcome.GRANTED_PART
    if _DENIED_RE.search(resolutive) and not _GRANTED_RE.search(
        _DENIED_RE.sub("", resolutive)
    ):
        return Outcome.DENIED
    if _GRANTED_RE.search(resolutive):
        return Outcome.GRANTED_FULL
    return None


# A sentence: up to a full stop before a capital letter, or a line end; «руб. 09
# коп.» and «ст. 155» do not end one.
_SENTENCE_RE = re.compile(r"[^\n]+?(?:[.!?;](?=\s+[А-ЯЁ])|(?=\n)|$)")


def _claimed(text: str, money: Sequence[Entity], limit: int) -> _Amounts:
    """The first request to recover, outside the resolutive part."""
    for sentence in _SENTENCE_RE.finditer(text, 0, limit):
        if not _CLAIM_RE.search(sentence.group()):
            continue
        inside = [m for m in money if sentence.start() <= m.start < sentence.end()]
        if not inside:
            continue
        amounts = _classify_amounts(text, inside, sentence.start())
        if amounts.principal is not None or amounts.total is not None:
            return amounts
    return _Amounts()


def _first(entities: Sequence[Entity], label: EntityLabel, limit: int) -> Entity | None:
    return next((e for e in entities if e.label is label and e.start < limit), None)


def _case_numbers(entities: Sequence[Entity]) -> tuple[str | None, str | None]:
    number = uid = None
    for entity in entities:
        if entity.label is not EntityLabel.CASE_NUMBER:
            continue
        kind = entity.extra.get("kind")
        if kind == CaseKind.UID.value:
            uid = uid or entity.value
        elif kind not in {CaseKind.ENFORCEMENT.value, CaseKind.MATERIAL.value}:
            number = number or entity.extra.get("case", entity.value)
    return number, uid


def _clean_party(raw: str) -> str:
    party = " ".join(raw.split()).strip(" ,;:")
    party = re.sub(r"\s*\((?:ИНН|ОГРН)[^)]*\)", "", party)
    return person_nominative(party) if _PERSON_RE.fullmatch(party) else party


# A person's full name in any case: «Тальникову Олегу Ивановичу».
_PERSON_RE = re.compile(
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s[А-ЯЁ][а-яё]+\s[А-ЯЁ][а-яё]+(?:вич|вн|ичн|ич)[а-яё]*"
)
_NAME_TAGS = frozenset({"Surn", "Name", "Patr"})


@lru_cache(maxsize=20_000)
def person_nominative(name: str) -> str:
    """Put a full name «Фамилия Имя Отчество» in the nominative.

    The patronymic fixes the gender and the case; each word is inflected by
    pymorphy3 as a name of that gender, and a surname the dictionary does not know
    falls back to the ending rules of :func:`nlp.courts.surname_nominative`.

    Args:
        name: «Тальникову Олегу Ивановичу», «Лапиной Ирине Борисовне».

    Returns:
        «Тальников Олег Иванович», «Лапина Ирина Борисовна».
    """
    from nlp.courts import surname_nominative
    from nlp.lemmas import get_analyzer

    analyzer = get_analyzer()
    words = name.split()
    gender, case = None, "nomn"
    for parse in analyzer.parse(words[-1]):
        if "Patr" in parse.tag:
            gender = "femn" if "femn" in parse.tag else "masc"
            case = str(parse.tag.case or "nomn")
            break
    out = []
    for index, word in enumerate(words):
        chosen = None
        for parse in analyzer.parse(word):
            tags = set(str(parse.tag).replace(" ", ",").split(","))
            if not tags & _NAME_TAGS or (index == 0 and "Surn" not in tags):
                continue
            if gender and gender not in tags and "ms-f" not in tags:
                continue
            chosen = parse
            break
        inflected = chosen.inflect({"nomn"}) if chosen is not None else None
        if inflected is not None:
            nominative = _capitalize(inflected.word)
            # Keep the writer's «е»: the dictionary spells «Пётр», the text «Петр».
            out.append(nominative if "ё" in word else nominative.replace("ё", "е"))
        elif index == 0:
            out.append(surname_nominative(word, case))
        else:
            out.append(word)
    return " ".join(out)


def _capitalize(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _parties(text: str, head_limit: int) -> tuple[str | None, tuple[str, ...]]:
    plaintiff: str | None = None
    defendants: list[str] = []
    for match in _ROLE_LINE_RE.finditer(text):
        name = _clean_party(match["name"])
        if match["role"] in {"Истец", "Взыскатель"}:
            plaintiff = plaintiff or name
        elif name not in defendants:
            defendants.append(name)
    head = text[:head_limit]
    parties = _PARTIES_RE.search(head)
    if parties:
        plaintiff = plaintiff or _clean_party(parties["p"])
        if not defendants:
            defendants = [
                _clean_party(d)
                for d in re.split(r",\s*(?=[А-ЯЁ«])|\s+и\s+(?=[А-ЯЁ])", parties["d"])
            ]
    creditor = _CREDITOR_RE.search(head)
    if creditor and plaintiff is None:
        plaintiff = _clean_party(creditor["p"])
    debtor = _DEBTOR_RE.search(text)
    if debtor and not defendants:
        defendants = [_clean_party(debtor["d"])]
    return plaintiff, tuple(d for d in defendants if d)


def _court(entities: Sequence[Entity], limit: int) -> tuple[str | None, str, str, str]:
    """(court, level, region, magistrate section) of the act's own court."""
    court = _first(entities, EntityLabel.COURT, limit)
    section = _first(entities, EntityLabel.MAGISTRATE_SECTION, limit)
    if section is not None and (court is None or section.start < court.start):
        district = section.extra.get("district", "")
        name = f"Судебный участок № {section.value} {district}".strip()
        return name, "magistrate", "", section.value
    if court is None:
        return None, "", "", ""
    return court.value, court.extra.get("level", ""), court.extra.get("region", ""), ""


def _judge(entities: Sequence[Entity], limit: int) -> str | None:
    judges = [e for e in entities if e.label is EntityLabel.JUDGE]
    presiding = [e for e in judges if e.extra.get("role") == "presiding"]
    chosen = presiding[0] if presiding and presiding[0].start < limit else None
    if chosen is None and judges:
        chosen = judges[0]
    return chosen.value if chosen is not None else None


def extract_facts(
    text: str, entities: Sequence[Entity], kind: DocumentKind
) -> CaseFacts:
    """Read the case facts of a document from its text and entities.

    Args:
        text: the document's normalized text.
        entities: every entity found in ``text`` (offsets into it), ordered.
        kind: the document's kind; outcome and awards are read only for court acts.

    Returns:
        The facts; an empty :class:`CaseFacts` for a text that states none.
    """
    head_limit = min(len(text), HEADING_CHARS + _title_offset(text))
    case_number, uid = _case_numbers(entities)
    court, level, region, section = _court(entities, head_limit)
    date = next(
        (
            e.value
            for e in entities
            if e.label is EntityLabel.DATE and e.value and e.start < head_limit
        ),
        None,
    )
    plaintiff, defendants = _parties(text, head_limit)
    money = [e for e in entities if e.label is EntityLabel.MONEY]
    cited = tuple(
        dict.fromkeys(
            key
            for e in entities
            if e.label is EntityLabel.LAW_REF
            for key in citation_keys(e)
        )
    )

    span = _resolutive_span(text) if kind in COURT_ACT_KINDS else None
    limit = span[0] if span else len(text)
    claimed = _Amounts() if kind in _REVIEW_KINDS else _claimed(text, money, limit)
    awarded = _Amounts()
    outcome = None
    reduced: bool | None = None
    if span is not None:
        start, end = span
        outcome = _outcome(kind, text[start:end])
        low, high = start, end
        restated = _RESTATED_AWARD_RE.search(text, 0, start)
        if kind in _REVIEW_KINDS and outcome is Outcome.UPHELD and restated:
            low, high = restated.span()
        inside = [m for m in money if low <= m.start < high]
        if outcome not in _NO_AWARD:
            awarded = _classify_amounts(text, inside, low)
        if kind is DocumentKind.COURT_ORDER and claimed.principal is None:
            claimed = awarded
        if outcome not in _NO_AWARD - {Outcome.DENIED}:
            reduced = bool(_REDUCTION_RE.search(text, 0, start))
    total = awarded.total
    if total is None and span is not None and outcome not in _NO_AWARD:
        total = _awarded_sum(text, [m for m in money if low <= m.start < high], low)
    claimed_sum = claimed.total
    if claimed.principal is not None:
        claimed_sum = claimed.principal + (claimed.penalty or Decimal(0))
    return CaseFacts(
        case_number=case_number,
        uid=uid,
        court=court,
        court_level=level or None,
        court_region=region or None,
        judge=_judge(entities, head_limit),
        magistrate_section=section or None,
        decision_date=date,
        plaintiff=plaintiff,
        defendants=defendants,
        claimed=claimed_sum,
        claimed_principal=claimed.principal,
        claimed_penalty=claimed.penalty,
        awarded_principal=awarded.principal,
        awarded_penalty=awarded.penalty,
        awarded_state_duty=awarded.duty,
        awarded_total=total,
        penalty_reduced_333=reduced,
        outcome=outcome,
        cited=cited,
    )


# A court act's title line, where the heading facts start (court sites put their
# navigation before it).
_TITLE_RE = re.compile(
    r"(?m)^[ \t]*(?:(?:ЗАОЧНОЕ\s+|АПЕЛЛЯЦИОННОЕ\s+|КАССАЦИОННОЕ\s+)?(?:РЕШЕНИЕ|"
    r"ОПРЕДЕЛЕНИЕ)|СУДЕБНЫЙ\s+ПРИКАЗ|Решение|Определение)\b"
)


def _title_offset(text: str) -> int:
    title = _TITLE_RE.search(text, 0, 8000)
    return max(0, title.start() - 600) if title else 0
