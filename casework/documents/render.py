"""Render claims documents from the .docx templates with docxtpl.

Each document dataclass of :mod:`casework.documents.models` becomes a flat
context of ready strings: dates «15.01.2026», amounts in digits and words through
:func:`nlp.money.format_money`, the penalty lines as table rows. The template
files are read once and kept as bytes; docxtpl gets a fresh copy per document.
"""

from __future__ import annotations

import functools
import io
import logging
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from casework.documents.models import (
    BailiffApplication,
    Claim,
    ClaimLetter,
    CourtOrderApplication,
    DocumentData,
    DocumentKind,
    InstallmentAgreement,
    Lawsuit,
)
from casework.documents.templates_build import TEMPLATES_DIR
from casework.penalty import PenaltyCalculation, RateChoice, format_amount, format_rate
from lexdesk.errors import DataError
from nlp.money import format_money

logger = logging.getLogger(__name__)

_MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
# Genitive month names for «за период с января 2025 года».
_MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_RATE_RULES = {
    RateChoice.PAYMENT_DATE: (
        "ключевая ставка Банка России на день оплаты, для неоплаченной суммы — на "
        "дату расчёта"
    ),
    RateChoice.CALCULATION_DATE: "ключевая ставка Банка России на дату расчёта",
    RateChoice.PER_PERIOD: "ключевая ставка Банка России, действовавшая в каждый период",
}


def kind_of(document: DocumentData) -> DocumentKind:
    """The template kind for a document dataclass."""
    kinds: dict[type, DocumentKind] = {
        ClaimLetter: DocumentKind.CLAIM_LETTER,
        CourtOrderApplication: DocumentKind.COURT_ORDER_APPLICATION,
        Lawsuit: DocumentKind.LAWSUIT,
        BailiffApplication: DocumentKind.BAILIFF_APPLICATION,
        InstallmentAgreement: DocumentKind.INSTALLMENT_AGREEMENT,
    }
    return kinds[type(document)]


def build_context(document: DocumentData) -> dict[str, Any]:
    """The template context of a document: every value a ready string or row list.

    Args:
        document: any document dataclass.

    Returns:
        The mapping the template's Jinja tags read.
    """
    context = _claim_context(document.claim)
    if isinstance(document, ClaimLetter):
        context["pay_within_days"] = str(document.pay_within_days)
    elif isinstance(document, CourtOrderApplication):
        context |= _court_context(document.court.name, document.court.address)
        context["duty_money"] = format_money(document.duty.amount)
        context["duty_citation"] = document.duty.citation
    elif isinstance(document, Lawsuit):
        context |= _court_context(document.court.name, document.court.address)
        context |= _lawsuit_context(document)
    elif isinstance(document, BailiffApplication):
        writ = document.writ
        context |= {
            "department": document.department,
            "department_address": document.department_address,
            "writ_kind": writ.kind,
            "writ_number": writ.number,
            "writ_issued_on": _day(writ.issued_on),
            "writ_court": writ.court_name,
            "writ_money": format_money(writ.amount),
        }
    else:
        schedule = document.schedule
        context |= {
            "agreement_number": document.number,
            "grace_days": str(document.grace_days),
            "schedule": [
                {
                    "number": str(n),
                    "due_on": _day(i.due_on),
                    "amount": format_amount(i.amount),
                }
                for n, i in enumerate(schedule, start=1)
            ],
            "schedule_money": format_money(
                sum((i.amount for i in schedule), Decimal(0))
            ),
        }
    return context


def render_document(document: DocumentData, out: Path | io.BytesIO) -> None:
    """Render one document into a .docx file or buffer.

    Args:
        document: any document dataclass.
        out: target path (parent folders must exist) or a binary buffer.

    Raises:
        DataError: the template is missing or fails to render.
    """
    kind = kind_of(document)
    template = DocxTemplate(io.BytesIO(_template_bytes(kind)))
    try:
        template.render(build_context(document), autoescape=True)
    except Exception as error:  # docxtpl raises Jinja and lxml errors alike
        raise DataError(
            f"template {kind.value} failed to render: {error}",
            user_message=f"Не удалось сформировать документ «{kind.title}»",
        ) from error
    template.save(out)


def render_claim_letter(document: ClaimLetter, out: Path) -> Path:
    """Render a pre-trial claim; returns ``out``."""
    render_document(document, out)
    return out


def render_court_order_application(document: CourtOrderApplication, out: Path) -> Path:
    """Render an application for a court order with the penalty table; returns ``out``."""
    render_document(document, out)
    return out


def render_lawsuit(document: Lawsuit, out: Path) -> Path:
    """Render a lawsuit with the motion to offset the duty; returns ``out``."""
    render_document(document, out)
    return out


def render_bailiff_application(document: BailiffApplication, out: Path) -> Path:
    """Render an application to start enforcement proceedings; returns ``out``."""
    render_document(document, out)
    return out


def render_installment_agreement(document: InstallmentAgreement, out: Path) -> Path:
    """Render an installment agreement with its schedule; returns ``out``."""
    render_document(document, out)
    return out


def template_path(kind: DocumentKind) -> Path:
    """Where the template of ``kind`` lives."""
    return TEMPLATES_DIR / f"{kind.value}.docx"


@functools.cache
def _template_bytes(kind: DocumentKind) -> bytes:
    path = template_path(kind)
    try:
        return path.read_bytes()
    except OSError as error:
        raise DataError(
            f"template {path} cannot be read: {error}",
            user_message=f"Не найден шаблон документа «{kind.title}»",
        ) from error


def _day(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _month(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _claim_context(claim: Claim) -> dict[str, Any]:
    creditor, debtor = claim.creditor, claim.debtor
    identity = (
        [f"дата рождения: {_day(debtor.birth_date)}"] if debtor.birth_date else []
    )
    if debtor.birth_place:
        identity.append(f"место рождения: {debtor.birth_place}")
    if debtor.identifier:
        identity.append(debtor.identifier)
    penalty = claim.penalty
    return {
        "creditor_name": creditor.name,
        "creditor_address": creditor.address,
        "creditor_inn": creditor.inn,
        "creditor_ogrn": creditor.ogrn,
        "bank_details": creditor.bank_details,
        "signer_position": creditor.signer_position,
        "signer_name": creditor.signer_name,
        "signer_authority": creditor.signer_authority,
        "debtor_name": debtor.full_name,
        "debtor_address": debtor.address,
        "debtor_identity": "; ".join(identity) or "дата и место рождения неизвестны",
        "supply_address": debtor.supply_address,
        "account": debtor.account,
        "period_from": f"{_MONTHS_GENITIVE[claim.period_from.month - 1]} "
        f"{claim.period_from.year} года",
        "period_to": f"{_month(claim.period_to)} года",
        "document_date": _day(claim.document_date),
        "place": claim.place,
        "debt_money": format_money(claim.debt),
        "penalty_money": format_money(claim.penalty_total),
        "total_money": format_money(claim.total),
        "has_penalty": penalty is not None and bool(penalty.lines),
        **_penalty_context(penalty),
    }


def _penalty_context(penalty: PenaltyCalculation | None) -> dict[str, Any]:
    if penalty is None:
        return {"penalty_lines": [], "calculation_date": "", "rate_rule": ""}
    rows = [
        {
            "period": _month(line.period),
            "debt": format_amount(line.debt),
            "start": _day(line.start),
            "end": _day(line.end),
            "days": str(line.days),
            "rate": format_rate(line.rate),
            "fraction": line.fraction,
            "formula": line.formula,
            "penalty": format_amount(line.penalty),
        }
        for line in penalty.lines
    ]
    rule = _RATE_RULES[penalty.options.rate_choice]
    if penalty.options.apply_caps:
        rule += " с учётом постановления Правительства РФ от 26.03.2022 № 474."
    else:
        rule += "."
    return {
        "penalty_lines": rows,
        "calculation_date": _day(penalty.calculation_date),
        "rate_rule": rule,
    }


def _court_context(name: str, address: str) -> dict[str, str]:
    return {"court_name": name, "court_address": address}


def _lawsuit_context(document: Lawsuit) -> dict[str, str]:
    duty, order = document.duty, document.order
    return {
        "lawsuit_duty_money": format_money(duty.lawsuit.amount),
        "offset_money": format_money(duty.offset),
        "to_pay_money": format_money(duty.to_pay),
        "order_duty_money": format_money(duty.order_duty_paid),
        "offset_citation": duty.citation,
        "order_number": order.number,
        "order_issued_on": _day(order.issued_on),
        "order_court": order.court_name,
        "order_cancelled_on": _day(order.cancelled_on),
        "order_payment_document": order.payment_document,
    }
