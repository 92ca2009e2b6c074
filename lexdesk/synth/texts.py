"""Synthetic court-like documents for benchmarks, deterministic for a seed.

The texts are assembled from sentence patterns typical of utility-debt decisions,
with fictitious names, so that the vocabulary has the shape search meets in
practice: a few words in every document («суд», «задолженность»), mid-frequency
legal terms (a few per cent of documents), and rare words (a surname, a street)
in a handful. Nothing here is a real person's data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

# Sentence patterns; {slots} are filled per document.
_OPENINGS = (
    "{court} в составе председательствующего судьи {judge}, при секретаре {clerk}, "
    "рассмотрев в открытом судебном заседании гражданское дело № {case} по иску "
    "{supplier} к {debtor} о взыскании задолженности за потреблённую электрическую "
    "энергию,",
    "Мировой судья судебного участка № {section} {district}, рассмотрев заявление "
    "{supplier} о вынесении судебного приказа о взыскании с {debtor} задолженности "
    "по оплате коммунальных услуг,",
)
_BODY = (
    "Истец указал, что ответчик является потребителем электрической энергии по адресу: "
    "{city}, ул. {street}, д. {house}, кв. {flat}, лицевой счёт № {account}.",
    "В соответствии со статьёй 539 Гражданского кодекса Российской Федерации по договору "
    "энергоснабжения энергоснабжающая организация обязуется подавать абоненту энергию.",
    "Согласно статье 544 ГК РФ оплата энергии производится за фактически принятое "
    "абонентом количество энергии в соответствии с данными учёта.",
    "Обязанность своевременно и полностью вносить плату за жилое помещение и коммунальные "
    "услуги установлена статьёй 153 Жилищного кодекса Российской Федерации.",
    "За период с {period_from} по {period_to} образовалась задолженность в размере "
    "{amount} руб., которая до настоящего времени не погашена.",
    "На основании части 14 статьи 155 ЖК РФ истцом начислены пени в размере {penalty} руб.",
    "Ответчик в судебное заседание не явился, о времени и месте рассмотрения дела извещён "
    "надлежащим образом, возражений не представил.",
    "Суд полагает возможным снизить размер неустойки на основании статьи 333 ГК РФ, "
    "поскольку она явно несоразмерна последствиям нарушения обязательства.",
    "Определением мирового судьи судебный приказ отменён в связи с поступившими "
    "возражениями должника.",
    "Расчёт задолженности проверен судом и признан арифметически верным.",
    "Доказательств погашения задолженности ответчиком не представлено.",
    "В соответствии со статьёй 98 ГПК РФ с ответчика подлежат взысканию расходы по уплате "
    "государственной пошлины в размере {duty} руб.",
    "Поставщик направил потребителю предупреждение об ограничении режима потребления в "
    "порядке пункта 119 Правил № 354.",
    "Рассрочка погашения долга была предоставлена по соглашению сторон, однако график "
    "платежей нарушен.",
)
# The first six body sentences are in nearly every decision; each of the others in
# about 4 % of documents (1 - (1 - 1/188) ** 8 with 8 draws): the mid-frequency terms.
_BODY_WEIGHTS = (30, 30, 30, 30, 30, 30) + (1,) * (len(_BODY) - 6)
_CLOSINGS = (
    "Руководствуясь статьями 194–199 ГПК РФ, суд решил: исковые требования удовлетворить.",
    "Руководствуясь статьями 194–199 ГПК РФ, суд решил: исковые требования удовлетворить "
    "частично.",
    "Руководствуясь статьями 121–127 ГПК РФ, взыскать с должника в пользу взыскателя "
    "задолженность.",
    "В удовлетворении исковых требований отказать.",
)
_SYLLABLES = (
    "ба",
    "ве",
    "го",
    "да",
    "ле",
    "ми",
    "но",
    "ра",
    "са",
    "то",
    "ку",
    "пе",
    "зо",
    "ши",
    "ва",
    "ло",
    "ре",
    "ни",
    "ка",
    "мо",
    "ту",
    "ля",
    "жа",
    "фе",
)
_COURTS = (
    "Свердловский районный суд г. Белгорода",
    "Октябрьский районный суд г. Белгорода",
    "Ленинский районный суд г. Курска",
    "Советский районный суд г. Липецка",
    "Кировский районный суд г. Самары",
    "Центральный районный суд г. Тулы",
)


@dataclass(frozen=True)
class SyntheticDocument:
    """One generated document."""

    number: int
    title: str
    text: str


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def generate_documents(
    count: int, *, seed: int = 7, sentences: int = 8
) -> Iterator[SyntheticDocument]:
    """Yield ``count`` documents of ``sentences`` body sentences (~200 words each)."""
    rng = random.Random(seed)
    for number in range(count):
        surname = _name(rng, 3) + "ов"
        slots = {
            "court": rng.choice(_COURTS),
            "judge": f"{_name(rng, 3)}ой А. В.",
            "clerk": f"{_name(rng, 2)}иной Е. С.",
            "case": f"2-{rng.randint(1, 9999)}/{rng.randint(2019, 2025)}",
            "supplier": "АО «Светлоградэнергосбыт»",
            "debtor": f"{surname}а {_name(rng, 2)}а",
            "section": str(rng.randint(1, 40)),
            "district": "Западного округа г. Белгорода",
            "city": "г. Светлоград",
            "street": _name(rng, 3) + "ская",
            "house": str(rng.randint(1, 120)),
            "flat": str(rng.randint(1, 300)),
            "account": str(rng.randint(10**9, 10**10 - 1)),
            "period_from": f"01.{rng.randint(1, 12):02d}.2020",
            "period_to": f"31.{rng.randint(1, 12):02d}.2021",
            "amount": f"{rng.randint(1000, 300000)},{rng.randint(0, 99):02d}",
            "penalty": f"{rng.randint(100, 30000)},{rng.randint(0, 99):02d}",
            "duty": str(rng.randint(200, 6000)),
        }
        body = [rng.choice(_OPENINGS)]
        body += rng.choices(_BODY, weights=_BODY_WEIGHTS, k=sentences)
        body.append(rng.choice(_CLOSINGS))
        text = "\n".join(sentence.format(**slots) for sentence in body)
        title = f"Решение по делу № {slots['case']} ({surname})"
        yield SyntheticDocument(number, title, text)
