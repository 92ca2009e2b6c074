"""Tests for casework.documents: rendering, batches, PDF conversion and the linter.

The debtor and the supplier are fictitious. The debt: January 2021, 12 345.67,
unpaid; calculated on 11.05.2021 (day 90 after the due date 10.02.2021) at the
rate of that day, 5.00 %: 60 days × 12 345.67 × 5 % / 300 = 123.4567 → 123.46;
total 12 469.13.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from casework.documents.batch import BatchItem, generate_batch
from casework.documents.lint import IssueKind, lint_template
from casework.documents.models import (
    BailiffApplication,
    CancelledOrder,
    Claim,
    ClaimLetter,
    CourtInfo,
    CourtOrderApplication,
    Creditor,
    Debtor,
    DocumentData,
    DocumentKind,
    Installment,
    InstallmentAgreement,
    Lawsuit,
    Writ,
)
from casework.documents.render import render_document, template_path
from casework.documents.templates_build import TEMPLATES_DIR, build_templates
from casework.duty import calculate_duty, offset_cancelled_order
from casework.penalty import Charge, PenaltyOptions, RateChoice, calculate_penalty
from lexdesk.errors import UserInputError

D = Decimal
DEBT_WORDS = "12 345 руб. 67 коп. (двенадцать тысяч триста сорок пять рублей 67 копеек)"
PENALTY_WORDS = "123 руб. 46 коп. (сто двадцать три рубля 46 копеек)"
TOTAL_WORDS = "12 469 руб. 13 коп. (двенадцать тысяч четыреста шестьдесят девять рублей 13 копеек)"
# Court order filed 11.05.2021, old scale: 4 % of 12 469.13 = 498.77; half = 249.38 → 249.
ORDER_DUTY_WORDS = "249 руб. 00 коп. (двести сорок девять рублей 00 копеек)"

CREDITOR = Creditor(
    name="АО «Энергосбыт-Тест»",
    address="г. Тестовск, ул. Примерная, д. 1",
    inn="7700000000",
    ogrn="1027700000000",
    bank_details="р/с 40702810000000000000 в ПАО «Тест-Банк», БИК 044500000",
    signer_position="Начальник отдела по работе с задолженностью",
    signer_name="П.П. Сидоров",
    signer_authority="доверенности № 12 от 09.01.2026",
)
DEBTOR = Debtor(
    full_name="Пробный Пётр Петрович",
    address="г. Тестовск, ул. Вымышленная, д. 5, кв. 7",
    account="1234567890",
    supply_address="г. Тестовск, ул. Вымышленная, д. 5, кв. 7",
    birth_date=date(1980, 5, 17),
    birth_place="г. Тестовск",
)
COURT = CourtInfo(
    name="Мировому судье судебного участка № 3 Ленинского района г. Тестовска",
    address="г. Тестовск, ул. Судебная, д. 2",
)


def _claim(document_date: date = date(2021, 5, 11)) -> Claim:
    penalty = calculate_penalty(
        [Charge(date(2021, 1, 1), D("12345.67"))],
        [],
        calculation_date=date(2021, 5, 11),
        options=PenaltyOptions(rate_choice=RateChoice.CALCULATION_DATE),
    )
    return Claim(
        creditor=CREDITOR,
        debtor=DEBTOR,
        period_from=date(2021, 1, 1),
        period_to=date(2021, 1, 1),
        debt=penalty.debt,
        penalty=penalty,
        document_date=document_date,
        place="г. Тестовск",
    )


def _court_order() -> CourtOrderApplication:
    claim = _claim()
    duty = calculate_duty(claim.total, filed_on=date(2021, 5, 11), court_order=True)
    return CourtOrderApplication(claim=claim, court=COURT, duty=duty)


def _lawsuit() -> Lawsuit:
    claim = _claim(date(2026, 1, 15))
    # New scale from 09.09.2024: 4 000; the 249 paid for the order is offset.
    duty = offset_cancelled_order(
        claim.total, filed_on=date(2026, 1, 15), order_duty_paid=D("249")
    )
    order = CancelledOrder(
        number="2-1234/2021",
        issued_on=date(2021, 5, 20),
        court_name="мировым судьёй судебного участка № 3 Ленинского района г. Тестовска",
        cancelled_on=date(2025, 12, 1),
        payment_document="№ 555 от 11.05.2021",
    )
    court = CourtInfo(
        name="В Ленинский районный суд г. Тестовска", address="г. Тестовск"
    )
    return Lawsuit(claim=claim, court=court, duty=duty, order=order)


def _bailiff() -> BailiffApplication:
    writ = Writ(
        kind="судебного приказа",
        number="2-1234/2021",
        issued_on=date(2021, 5, 20),
        court_name="мировым судьёй судебного участка № 3 Ленинского района г. Тестовска",
        amount=D("12718.13"),  # 12 469.13 + 249 duty
    )
    return BailiffApplication(
        claim=_claim(date(2021, 7, 1)),
        department="Ленинское РОСП г. Тестовска",
        department_address="г. Тестовск, ул. Приставов, д. 9",
        writ=writ,
    )


def _installments() -> InstallmentAgreement:
    schedule = (
        Installment(date(2021, 6, 15), D("4115.22")),
        Installment(date(2021, 7, 15), D("4115.22")),
        Installment(date(2021, 8, 15), D("4115.23")),
    )
    return InstallmentAgreement(claim=_claim(), number="Р-17", schedule=schedule)


def _render(document: DocumentData, tmp_path: Path) -> docx.document.Document:
    out = tmp_path / "out.docx"
    render_document(document, out)
    return docx.Document(str(out))


def _texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_render_court_order_application_paragraphs_and_penalty_table(
    tmp_path: Path,
) -> None:
    rendered = _render(_court_order(), tmp_path)
    texts = _texts(rendered)
    assert texts[:10] == [
        COURT.name,
        COURT.address,
        "Взыскатель: АО «Энергосбыт-Тест»",
        "адрес: г. Тестовск, ул. Примерная, д. 1",
        "ИНН 7700000000, ОГРН 1027700000000",
        "Должник: Пробный Пётр Петрович",
        "дата рождения: 17.05.1980; место рождения: г. Тестовск",
        "адрес: г. Тестовск, ул. Вымышленная, д. 5, кв. 7",
        f"Сумма требования: {TOTAL_WORDS}",
        f"Государственная пошлина: {ORDER_DUTY_WORDS}",
    ]
    assert (
        "Обязанность по оплате не исполнена: за период с января 2021 года по январь "
        f"2021 года образовалась задолженность в размере {DEBT_WORDS}." in texts
    )
    assert f"пеней в размере {PENALTY_WORDS};" in texts
    assert (
        f"расходов по уплате государственной пошлины в размере {ORDER_DUTY_WORDS} "
        "(подп. 2 п. 1 ст. 333.19 НК РФ)." in texts
    )
    assert f"Итого пени: {PENALTY_WORDS}" in texts
    rows = [[cell.text for cell in row.cells] for row in rendered.tables[0].rows]
    header = ["Период", "Задолженность, руб.", "С", "По", "Дней", "Ставка"]
    header += ["Доля ставки", "Формула", "Пени, руб."]
    line = ["январь 2021", "12 345,67", "13.03.2021", "11.05.2021", "60", "5,00 %"]
    line += ["1/300", "12 345,67 × 60 × 1/300 × 5,00 %", "123,46"]
    assert rows == [header, line]


def test_render_claim_letter_asks_for_total_in_words(tmp_path: Path) -> None:
    texts = _texts(_render(ClaimLetter(claim=_claim(), pay_within_days=30), tmp_path))
    assert texts[:5] == [
        "Пробный Пётр Петрович",
        "адрес: г. Тестовск, ул. Вымышленная, д. 5, кв. 7",
        "ПРЕТЕНЗИЯ",
        "о погашении задолженности за электрическую энергию",
        "г. Тестовск, 11.05.2021",
    ]
    assert (
        "Просим в течение 30 календарных дней со дня получения настоящей претензии "
        f"погасить задолженность и пени, всего {TOTAL_WORDS}, по реквизитам: "
        f"{CREDITOR.bank_details}." in texts
    )


def test_render_lawsuit_with_motion_to_offset_duty(tmp_path: Path) -> None:
    texts = _texts(_render(_lawsuit(), tmp_path))
    lawsuit_duty = "4 000 руб. 00 коп. (четыре тысячи рублей 00 копеек)"
    rest = "3 751 руб. 00 коп. (три тысячи семьсот пятьдесят один рубль 00 копеек)"
    assert f"Государственная пошлина: {lawsuit_duty}" in texts
    assert "ХОДАТАЙСТВО" in texts
    assert (
        "За подачу заявления о вынесении судебного приказа истец уплатил "
        f"государственную пошлину в размере {ORDER_DUTY_WORDS} (платёжное поручение "
        "№ 555 от 11.05.2021). Судебный приказ отменён. На основании подп. 13 п. 1 "
        "ст. 333.40 НК РФ прошу зачесть уплаченную государственную пошлину в размере "
        f"{ORDER_DUTY_WORDS} в счёт государственной пошлины за подачу настоящего "
        f"искового заявления, составляющей {lawsuit_duty}. Оставшаяся часть "
        f"государственной пошлины в размере {rest} уплачена дополнительно." in texts
    )


def test_render_bailiff_application_names_writ_and_amount(tmp_path: Path) -> None:
    texts = _texts(_render(_bailiff(), tmp_path))
    assert texts[0] == "В Ленинское РОСП г. Тестовска"
    assert (
        "На основании статьи 30 Федерального закона от 02.10.2007 № 229-ФЗ «Об "
        "исполнительном производстве» прошу возбудить исполнительное производство на "
        "основании судебного приказа по делу № 2-1234/2021 от 20.05.2021, выданного "
        "мировым судьёй судебного участка № 3 Ленинского района г. Тестовска, о "
        "взыскании с должника в пользу взыскателя денежных средств в размере 12 718 "
        "руб. 13 коп. (двенадцать тысяч семьсот восемнадцать рублей 13 копеек)."
        in texts
    )


def test_render_installment_agreement_schedule_adds_up(tmp_path: Path) -> None:
    rendered = _render(_installments(), tmp_path)
    texts = _texts(rendered)
    assert texts[0] == "СОГЛАШЕНИЕ № Р-17"
    assert f"Итого по графику: {DEBT_WORDS}." in texts
    rows = [[cell.text for cell in row.cells] for row in rendered.tables[0].rows]
    assert rows[1:] == [
        ["1", "15.06.2021", "4 115,22"],
        ["2", "15.07.2021", "4 115,22"],
        ["3", "15.08.2021", "4 115,23"],
    ]


@pytest.mark.parametrize(
    "factory",
    [
        pytest.param(lambda: ClaimLetter(claim=_claim()), id="claim-letter"),
        pytest.param(_court_order, id="court-order"),
        pytest.param(_lawsuit, id="lawsuit"),
        pytest.param(_bailiff, id="bailiff"),
        pytest.param(_installments, id="installments"),
    ],
)
def test_render_leaves_no_jinja_tags(factory: object, tmp_path: Path) -> None:
    document = factory()  # type: ignore[operator]
    rendered = _render(document, tmp_path)
    cells = [c.text for t in rendered.tables for r in t.rows for c in r.cells]
    leftovers = [
        t for t in _texts(rendered) + cells if re.search(r"\{[{%#]|[}%#]\}", t)
    ]
    assert leftovers == []
    assert any("Пробный Пётр Петрович" in t for t in _texts(rendered) + cells)


def test_render_claim_without_penalty_drops_penalty_sentences(tmp_path: Path) -> None:
    claim = _claim()
    bare = Claim(**{**claim.__dict__, "penalty": None})
    texts = _texts(_render(ClaimLetter(claim=bare), tmp_path))
    assert not any("пени" in t.lower() for t in texts if "Просим" not in t)
    assert any(f"погасить задолженность, всего {DEBT_WORDS}" in t for t in texts)


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_lint_template_finds_no_issue_in_shipped_templates(kind: DocumentKind) -> None:
    assert [str(issue) for issue in lint_template(template_path(kind))] == []


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_shipped_templates_match_builder(kind: DocumentKind, tmp_path: Path) -> None:
    build_templates(tmp_path)

    def body(folder: Path) -> bytes:
        with zipfile.ZipFile(folder / f"{kind.value}.docx") as archive:
            return archive.read("word/document.xml")

    assert body(tmp_path) == body(TEMPLATES_DIR)


def test_lint_template_finds_split_unbalanced_and_unclosed_tags(tmp_path: Path) -> None:
    document = docx.Document()
    split = document.add_paragraph()
    split.add_run("Долг: {{ debt")  # the tag starts in this run…
    split.add_run("_money }}")  # …and ends in the next, as Word does
    document.add_paragraph().add_run("Пени: {{ penalty_money }")
    document.add_paragraph().add_run("{%p if has_penalty %}")
    path = tmp_path / "broken.docx"
    document.save(str(path))
    issues = lint_template(path)
    assert [(i.kind, i.paragraph, i.text, i.runs) for i in issues] == [
        (
            IssueKind.SPLIT_TAG,
            0,
            "{{ debt_money }}",
            ("Долг: {{ debt", "_money }}"),
        ),
        (IssueKind.UNBALANCED_TAG, 1, "Пени: {{ penalty_money }", ()),
        (IssueKind.UNBALANCED_BLOCK, 2, "if without endif", ()),
    ]


def test_generate_batch_into_zip_reports_progress(tmp_path: Path) -> None:
    items = [BatchItem(f"{n:04d}-court-order.docx", _court_order()) for n in range(3)]
    calls: list[tuple[int, int]] = []
    target = tmp_path / "batch.zip"
    result = generate_batch(
        items, target=target, as_zip=True, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert (result.written, result.failed) == (tuple(i.name for i in items), ())
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == [i.name for i in items]
        opened = docx.Document(io.BytesIO(archive.read(items[2].name)))
    assert f"Сумма требования: {TOTAL_WORDS}" in _texts(opened)


def test_generate_batch_into_folder(tmp_path: Path) -> None:
    items = [
        BatchItem("a.docx", ClaimLetter(claim=_claim())),
        BatchItem("b.docx", _installments()),
    ]
    result = generate_batch(items, target=tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.docx", "b.docx"]
    assert result.written == ("a.docx", "b.docx")


@pytest.mark.parametrize("name", ["../x.docx", "x.pdf", ".docx"])
def test_generate_batch_rejects_unsafe_names(name: str, tmp_path: Path) -> None:
    with pytest.raises(UserInputError):
        generate_batch([BatchItem(name, _court_order())], target=tmp_path)


@pytest.mark.slow
def test_rendered_court_order_converts_to_pdf_with_amount(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("LEXDESK_REQUIRE_OFFICE"):
            pytest.fail("LEXDESK_REQUIRE_OFFICE is set but soffice is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "order.docx"
    render_document(_court_order(), source)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(tmp_path / "order.pdf"))
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    flat = re.sub(r"\s+", " ", text)
    assert "Сумма требования: 12 469 руб. 13 коп." in flat
    assert "Пробный Пётр Петрович" in flat
