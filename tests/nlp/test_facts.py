"""Tests for nlp.facts: case facts from the text and its entities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nlp.facts import CaseFacts, Outcome, person_nominative
from nlp.pipeline import analyse_text

DECISION = """Дело № 2-77/2025
УИД 31RS0016-01-2025-000077-11
РЕШЕНИЕ
Именем Российской Федерации
14 января 2025 года г. Белгород
Октябрьский районный суд г. Белгорода в составе председательствующего судьи \
Гордеевой Н.В., при секретаре Зуевой А.А., рассмотрев в открытом судебном заседании \
гражданское дело по иску АО «Северная энергосбытовая компания» к Морозову Петру \
Ильичу о взыскании задолженности за электрическую энергию,
установил:
Истец просит взыскать задолженность в размере 18 000 руб. 00 коп. и пени в размере \
2 500 руб. 00 коп. по ч. 14 ст. 155 ЖК РФ.
Ответчик просил уменьшить неустойку. Суд снижает пени до 1 000 руб. 00 коп. на \
основании статьи 333 ГК РФ.
решил:
Иск удовлетворить частично.
Взыскать с Морозова Петра Ильича в пользу АО «Северная энергосбытовая компания» \
задолженность в размере 18 000 руб. 00 коп., пени в размере 1 000 руб. 00 коп., \
расходы по уплате государственной пошлины в размере 820 руб. 00 коп., а всего \
19 820 руб. 00 коп.
В удовлетворении остальной части иска отказать.
Решение может быть обжаловано в Белгородский областной суд.
Судья Н.В. Гордеева
"""


def test_facts_of_a_partly_granted_decision() -> None:
    facts = analyse_text(DECISION).facts
    assert facts == CaseFacts(
        case_number="2-77/2025",
        uid="31RS0016-01-2025-000077-11",
        court="Октябрьский районный суд города Белгорода",
        court_level="district",
        court_region="Белгород",
        judge="Гордеева Н.В.",
        decision_date="2025-01-14",
        plaintiff="АО «Северная энергосбытовая компания»",
        defendants=("Морозов Петр Ильич",),
        claimed=Decimal("20500.00"),
        claimed_principal=Decimal("18000.00"),
        claimed_penalty=Decimal("2500.00"),
        awarded_principal=Decimal("18000.00"),
        awarded_penalty=Decimal("1000.00"),
        awarded_state_duty=Decimal("820.00"),
        awarded_total=Decimal("19820.00"),
        penalty_reduced_333=True,
        outcome=Outcome.GRANTED_PART,
        cited=("zhk_rf:155.14", "gk_rf:333"),
    )


@pytest.mark.parametrize(
    ("resolutive", "outcome", "total"),
    [
        (
            "Иск удовлетворить.\nВзыскать с ответчика 10 000 рублей.",
            "granted_full",
            "10000.00",
        ),
        ("В удовлетворении иска отказать.", "denied", None),
        (
            "Взыскать с ответчика задолженность 5 000 руб. 00 коп.\n"
            "В удовлетворении остальной части иска отказать.",
            "granted_part",
            "5000.00",
        ),
    ],
    ids=["granted-sum-of-one", "denied", "rest-denied"],
)
def test_outcome_and_total_of_decisions(
    resolutive: str, outcome: str, total: str | None
) -> None:
    text = f"РЕШЕНИЕ\nИменем Российской Федерации\nустановил:\nиск подан.\nрешил:\n{resolutive}\n"
    facts = analyse_text(text).facts
    assert (facts.outcome, facts.to_json()["awarded_total"]) == (
        Outcome(outcome),
        total,
    )


@pytest.mark.parametrize(
    ("title", "resolutive", "outcome"),
    [
        (
            "СУДЕБНЫЙ ПРИКАЗ",
            "приказал:\nВзыскать с должника Иванова Ивана Ивановича 500 руб.",
            "order_issued",
        ),
        (
            "ОПРЕДЕЛЕНИЕ",
            "определил:\nСудебный приказ по делу № 2-1/2022 отменить.",
            "order_cancelled",
        ),
        (
            "ОПРЕДЕЛЕНИЕ",
            "определил:\nИсковое заявление возвратить заявителю.",
            "returned",
        ),
        (
            "АПЕЛЛЯЦИОННОЕ ОПРЕДЕЛЕНИЕ",
            "определила:\nРешение суда оставить без изменения.",
            "upheld",
        ),
        (
            "АПЕЛЛЯЦИОННОЕ ОПРЕДЕЛЕНИЕ",
            "определила:\nРешение суда отменить.",
            "reversed",
        ),
    ],
    ids=["order", "cancelled", "returned", "upheld", "reversed"],
)
def test_outcome_of_orders_and_rulings(
    title: str, resolutive: str, outcome: str
) -> None:
    facts = analyse_text(f"{title}\n01 марта 2022 года\n{resolutive}\n").facts
    assert facts.outcome is Outcome(outcome)


def test_appeal_takes_the_upheld_award_from_the_restated_decision() -> None:
    text = (
        "АПЕЛЛЯЦИОННОЕ ОПРЕДЕЛЕНИЕ\nустановила:\nРешением суда первой инстанции иск "
        "удовлетворен частично: с ответчика взыскана задолженность в размере 20 514 руб. "
        "09 коп., пени, уменьшенные на основании статьи 333 ГК РФ, в размере 2 236 руб. "
        "00 коп., а всего 22 750 руб. 09 коп.\nЖалоба подана.\nопределила:\n"
        "Решение оставить без изменения.\n"
    )
    facts = analyse_text(text).facts
    assert (
        facts.to_json() | {"cited": []}
        == CaseFacts(
            awarded_principal=Decimal("20514.09"),
            awarded_penalty=Decimal("2236.00"),
            awarded_total=Decimal("22750.09"),
            penalty_reduced_333=True,
            outcome=Outcome.UPHELD,
        ).to_json()
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Тальникову Олегу Ивановичу", "Тальников Олег Иванович"),
        ("Лапиной Ирине Борисовне", "Лапина Ирина Борисовна"),
        ("Шевчук Алле Романовне", "Шевчук Алла Романовна"),
        ("Калинниковой Людмилы Геннадьевны", "Калинникова Людмила Геннадьевна"),
    ],
)
def test_person_nominative(name: str, expected: str) -> None:
    assert person_nominative(name) == expected


def test_facts_to_json_writes_amounts_with_two_decimals() -> None:
    facts = CaseFacts(awarded_total=Decimal("19000"), outcome=Outcome.DENIED)
    data = facts.to_json()
    assert (data["awarded_total"], data["outcome"], data["defendants"]) == (
        "19000.00",
        "denied",
        [],
    )
