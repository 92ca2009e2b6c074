"""Restriction documents: the warning, acts and orders rendered, texts, the linter."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from casework.documents.lint import lint_template
from casework.documents.models import Creditor, Debtor
from casework.documents.templates_build import TEMPLATES_DIR
from casework.restriction.documents import (
    Act,
    Order,
    RestrictionDocument,
    TextKind,
    WarningNotice,
    build_templates,
    render_bytes,
    template_path,
    warning_text,
)
from casework.restriction.procedure import Measure

CREDITOR = Creditor(
    name="АО «Энергосбыт-Тест»",
    address="г. Тестовск, ул. Энергетиков, д. 1",
    inn="3100000001",
    ogrn="1023100000001",
    bank_details="р/с 40702810000000000001 в ПАО «Банк», БИК 040000001",
    signer_position="Начальник отдела по работе с дебиторской задолженностью",
    signer_name="П.П. Сидоров",
    signer_authority="доверенности № 12 от 09.01.2021",
)
DEBTOR = Debtor(
    full_name="Ветлов Олег Юрьевич",
    address="г. Светлоград, ул. Тихий Берег, д. 5, кв. 7",
    account="3100000100",
    supply_address="г. Светлоград, ул. Тихий Берег, д. 5, кв. 7",
)
WARNING = WarningNotice(
    creditor=CREDITOR,
    debtor=DEBTOR,
    debt=Decimal("4500.00"),
    debt_on=date(2021, 7, 5),
    threshold=Decimal("2000.00"),
    warning_days=20,
    smart=True,
    document_date=date(2021, 7, 5),
    place="г. Светлоград",
    number="П-2021-000001",
)


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]


def test_render_warning_paragraphs() -> None:
    texts = _paragraphs(render_bytes(WARNING))

    assert texts[:6] == [
        "Ветлов Олег Юрьевич",
        "адрес: г. Светлоград, ул. Тихий Берег, д. 5, кв. 7",
        "лицевой счёт № 3100000100",
        "ПРЕДУПРЕЖДЕНИЕ № П-2021-000001",
        "об ограничении (приостановлении) предоставления коммунальной услуги "
        "электроснабжения",
        "г. Светлоград, 05.07.2021",
    ]
    assert texts[6] == (
        "АО «Энергосбыт-Тест» сообщает, что задолженность за электрическую энергию, "
        "поставленную в жилое помещение по адресу: г. Светлоград, ул. Тихий Берег, "
        "д. 5, кв. 7, на 05.07.2021 составляет 4 500 руб. 00 коп. (четыре тысячи "
        "пятьсот рублей 00 копеек) и превышает сумму двух месячных размеров платы, "
        "рассчитанных исходя из норматива потребления (2 000,00 руб.; пункт 118 "
        "Правил предоставления коммунальных услуг, утверждённых постановлением "
        "Правительства Российской Федерации от 06.05.2011 № 354)."
    )
    assert texts[7] == (
        "Если задолженность не будет погашена полностью в течение 20 дней со дня "
        "доставки вам настоящего предупреждения, предоставление коммунальной услуги "
        "электроснабжения будет сначала ограничено (прибор учёта ограничит "
        "мощность), а затем приостановлено (подпункт «а» пункта 119 Правил)."
    )
    assert texts[-1] == "_______________ П.П. Сидоров"


def test_render_warning_without_smart_meter_suspends_at_once() -> None:
    from dataclasses import replace

    texts = _paragraphs(render_bytes(replace(WARNING, smart=False)))

    assert (
        "будет приостановлено (техническая возможность ограничения отсутствует)"
        in (texts[7])
    )


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (
            TextKind.SMS,
            "АО «Энергосбыт-Тест»: долг за электроэнергию по л/с 3100000100 "
            "4 500,00 руб. Не оплатите в течение 20 дней с получения — подача будет "
            "ограничена/приостановлена (ПП 354).",
        ),
        (
            TextKind.BILL,
            "ПРЕДУПРЕЖДЕНИЕ. Задолженность за электрическую энергию по лицевому "
            "счёту № 3100000100 на 05.07.2021 составляет 4 500 руб. 00 коп. (четыре "
            "тысячи пятьсот рублей 00 копеек), что превышает сумму двух месячных "
            "размеров платы по нормативу потребления (2 000,00 руб.). Если "
            "задолженность не будет погашена в течение 20 дней со дня доставки "
            "настоящего предупреждения, предоставление коммунальной услуги "
            "электроснабжения будет сначала ограничено (прибор учёта ограничит "
            "мощность), а затем приостановлено в порядке раздела XI Правил, "
            "утверждённых постановлением Правительства Российской Федерации от "
            "06.05.2011 № 354. Расходы на введение ограничения, приостановление и "
            "возобновление возмещаются потребителем.",
        ),
    ],
    ids=["sms", "bill"],
)
def test_warning_text_for_channels(kind: TextKind, text: str) -> None:
    assert warning_text(WARNING, kind) == text


def test_warning_text_email_greets_and_signs() -> None:
    text = warning_text(WARNING, TextKind.EMAIL)

    assert text.startswith("Уважаемый(-ая) Ветлов Олег Юрьевич!\n\nЗадолженность")
    assert text.endswith(
        "Реквизиты для оплаты: р/с 40702810000000000001 в ПАО «Банк», БИК "
        "040000001.\n\nАО «Энергосбыт-Тест»"
    )


def test_render_restriction_act_with_power_limit() -> None:
    act = Act(
        CREDITOR,
        DEBTOR,
        Measure.REMOTE_LIMIT,
        "ОГР-2021-000001",
        date(2021, 7, 29),
        Decimal("4500.00"),
        Decimal("1.0"),
        "предупреждение от 05.07.2021 доставлено 08.07.2021, долг не погашен",
        "г. Светлоград",
    )

    texts = _paragraphs(render_bytes(act))

    assert texts[:3] == [
        "АКТ",
        "о введении ограничения предоставления коммунальной услуги",
        "г. Светлоград, 29.07.2021",
    ]
    assert texts[4] == (
        "29.07.2021 по распоряжению № ОГР-2021-000001 выполнено: ограничение "
        "предоставления коммунальной услуги электроснабжения (ограничение мощности "
        "прибором учёта)."
    )
    assert texts[5] == "Разрешённая мощность после ограничения: 1,0 кВт."
    assert texts[6] == (
        "Основание: предупреждение от 05.07.2021 доставлено 08.07.2021, долг не "
        "погашен."
    )


def test_render_resumption_act_has_no_power_line() -> None:
    act = Act(
        CREDITOR,
        DEBTOR,
        Measure.FIELD_RECONNECT,
        "ВОЗ-2021-000003",
        date(2021, 8, 2),
        Decimal("0.00"),
        None,
        "долг погашен 30.07.2021",
        "г. Светлоград",
    )

    texts = _paragraphs(render_bytes(act))

    assert texts[1] == "о возобновлении предоставления коммунальной услуги"
    assert not any("мощность" in text for text in texts)
    assert (
        "Задолженность на дату акта: 0 руб. 00 коп. (ноль рублей 00 копеек)." in texts
    )


@pytest.mark.parametrize(
    ("measure", "title", "when"),
    [
        (
            Measure.REMOTE_LIMIT,
            "РАСПОРЯЖЕНИЕ № ОГР-2021-000001",
            "Выполнить не ранее 29.07.2021.",
        ),
        (
            Measure.FIELD_SUSPENSION,
            "НАРЯД-ЗАДАНИЕ № ОГР-2021-000001",
            "Выполнить не ранее 29.07.2021.",
        ),
        (
            Measure.REMOTE_RECONNECT,
            "РАСПОРЯЖЕНИЕ № ОГР-2021-000001",
            "Выполнить не позднее 29.07.2021 (пункт 120 Правил).",
        ),
    ],
    ids=["meter-limit", "field-suspension", "meter-reconnect"],
)
def test_render_orders(measure: Measure, title: str, when: str) -> None:
    limit = Decimal("1.0") if measure is Measure.REMOTE_LIMIT else None
    order = Order(
        CREDITOR,
        DEBTOR,
        measure,
        "ОГР-2021-000001",
        date(2021, 7, 29),
        limit,
        "подп. «б» п. 119 ПП № 354; предупреждение от 05.07.2021",
        date(2021, 7, 29),
    )

    texts = _paragraphs(render_bytes(order))

    assert texts[0] == title
    assert when in texts
    assert ("Ограничить мощность до 1,0 кВт." in texts) is (limit is not None)
    assert not any("{" in text for text in texts)


@pytest.mark.parametrize("kind", list(RestrictionDocument), ids=lambda k: k.value)
def test_lint_restriction_templates_find_no_issue(kind: RestrictionDocument) -> None:
    assert [str(issue) for issue in lint_template(template_path(kind))] == []


@pytest.mark.parametrize("kind", list(RestrictionDocument), ids=lambda k: k.value)
def test_shipped_restriction_templates_match_builder(
    kind: RestrictionDocument, tmp_path: Path
) -> None:
    build_templates(tmp_path)

    def body(folder: Path) -> bytes:
        with zipfile.ZipFile(folder / f"{kind.value}.docx") as archive:
            return archive.read("word/document.xml")

    assert body(tmp_path) == body(TEMPLATES_DIR)
