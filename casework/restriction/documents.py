"""Documents of the restriction procedure: the warning, the acts and the orders.

Six .docx templates, built with python-docx by :func:`build_templates` into
``casework/documents/templates/`` (``restriction_*.docx``, committed; rebuild
with ``python -m casework.restriction.documents``) and rendered with docxtpl
like the claims documents, each Jinja tag inside one run so that the linter of
:mod:`casework.documents.lint` passes:

* the warning (подп. «а» п. 119 ПП 354), also as plain text for an SMS, an
  e-mail or a line of the bill (:func:`warning_text`);
* the acts of restriction, suspension and resumption;
* the order to the metering system (a smart meter) and the field-crew order.
"""

from __future__ import annotations

import enum
import functools
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docxtpl import DocxTemplate

from casework.documents.models import Creditor, Debtor
from casework.documents.templates_build import TEMPLATES_DIR
from casework.penalty import format_amount
from casework.restriction.procedure import Measure
from lexdesk.errors import DataError
from nlp.money import format_money

logger = logging.getLogger(__name__)


class RestrictionDocument(enum.Enum):
    """The templates; value = template stem."""

    WARNING = "restriction_warning"
    RESTRICTION_ACT = "restriction_act"
    SUSPENSION_ACT = "restriction_suspension_act"
    RESUMPTION_ACT = "restriction_resumption_act"
    METER_ORDER = "restriction_meter_order"
    FIELD_ORDER = "restriction_field_order"


class TextKind(enum.StrEnum):
    """Where a warning's plain text goes."""

    SMS = "sms"
    EMAIL = "email"
    BILL = "bill"


@dataclass(frozen=True)
class WarningNotice:
    """A warning of restriction (подп. «а» п. 119 ПП 354).

    Attributes:
        creditor: the supplier.
        debtor: the household.
        debt: the overdue debt warned of.
        debt_on: the date of that debt.
        threshold: two monthly charges by the norm.
        warning_days: days from delivery to pay (20).
        smart: whether the meter allows a remote power limit.
        document_date: the warning's date.
        place: the town.
        number: the warning's number.
    """

    creditor: Creditor
    debtor: Debtor
    debt: Decimal
    debt_on: date
    threshold: Decimal
    warning_days: int
    smart: bool
    document_date: date
    place: str
    number: str


@dataclass(frozen=True)
class Act:
    """An act of restriction, suspension or resumption.

    Attributes:
        creditor: the supplier.
        debtor: the household.
        measure: what was done.
        order_number: the order it executed.
        executed_on: when.
        debt: the debt on that day (zero for a resumption after repayment).
        power_limit_kw: the power left under a restriction.
        reason: why, in Russian (the warning and its delivery, or the repayment).
        place: the town.
    """

    creditor: Creditor
    debtor: Debtor
    measure: Measure
    order_number: str
    executed_on: date
    debt: Decimal
    power_limit_kw: Decimal | None
    reason: str
    place: str


@dataclass(frozen=True)
class Order:
    """An order to the metering system or to a field crew.

    Attributes:
        creditor: the supplier.
        debtor: the household.
        measure: what to do.
        number: the order number.
        due_on: the first day (restriction) or the last day (resumption).
        power_limit_kw: the power to leave, for a limit.
        basis: the provision and the warning it follows.
        document_date: the order's date.
    """

    creditor: Creditor
    debtor: Debtor
    measure: Measure
    number: str
    due_on: date | None
    power_limit_kw: Decimal | None
    basis: str
    document_date: date


RestrictionData = WarningNotice | Act | Order
"""Any document :func:`render` accepts."""

# What each measure is called in acts and orders.
MEASURE_LABELS_RU: dict[Measure, str] = {
    Measure.REMOTE_LIMIT: "ограничение предоставления коммунальной услуги "
    "электроснабжения (ограничение мощности прибором учёта)",
    Measure.REMOTE_DISCONNECT: "приостановление предоставления коммунальной услуги "
    "электроснабжения (отключение прибором учёта)",
    Measure.FIELD_SUSPENSION: "приостановление предоставления коммунальной услуги "
    "электроснабжения (отключение на месте)",
    Measure.REMOTE_RECONNECT: "возобновление предоставления коммунальной услуги "
    "электроснабжения (снятие ограничений прибором учёта)",
    Measure.FIELD_RECONNECT: "возобновление предоставления коммунальной услуги "
    "электроснабжения (подключение на месте)",
}
_ACT_OF_MEASURE = {
    Measure.REMOTE_LIMIT: RestrictionDocument.RESTRICTION_ACT,
    Measure.REMOTE_DISCONNECT: RestrictionDocument.SUSPENSION_ACT,
    Measure.FIELD_SUSPENSION: RestrictionDocument.SUSPENSION_ACT,
    Measure.REMOTE_RECONNECT: RestrictionDocument.RESUMPTION_ACT,
    Measure.FIELD_RECONNECT: RestrictionDocument.RESUMPTION_ACT,
}
_REMOTE = frozenset(
    {Measure.REMOTE_LIMIT, Measure.REMOTE_DISCONNECT, Measure.REMOTE_RECONNECT}
)


def kind_of(document: RestrictionData) -> RestrictionDocument:
    """The template of a document."""
    if isinstance(document, WarningNotice):
        return RestrictionDocument.WARNING
    if isinstance(document, Act):
        return _ACT_OF_MEASURE[document.measure]
    if document.measure in _REMOTE:
        return RestrictionDocument.METER_ORDER
    return RestrictionDocument.FIELD_ORDER


def _day(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day is not None else "—"


def _kw(value: Decimal | None) -> str:
    return f"{value}".replace(".", ",") + " кВт" if value is not None else "—"


def build_context(document: RestrictionData) -> dict[str, Any]:
    """The template context: every value a ready string."""
    creditor, debtor = document.creditor, document.debtor
    context: dict[str, Any] = {
        "creditor_name": creditor.name,
        "creditor_address": creditor.address,
        "creditor_inn": creditor.inn,
        "signer_position": creditor.signer_position,
        "signer_name": creditor.signer_name,
        "debtor_name": debtor.full_name,
        "debtor_address": debtor.address,
        "supply_address": debtor.supply_address,
        "account": debtor.account,
    }
    if isinstance(document, WarningNotice):
        context |= {
            "number": document.number,
            "place": document.place,
            "document_date": _day(document.document_date),
            "debt_money": format_money(document.debt),
            "debt_on": _day(document.debt_on),
            "threshold": format_amount(document.threshold),
            "warning_days": str(document.warning_days),
            "first_measure": _first_measure(smart=document.smart),
            "bank_details": creditor.bank_details,
        }
    elif isinstance(document, Act):
        context |= {
            "place": document.place,
            "order_number": document.order_number,
            "executed_on": _day(document.executed_on),
            "measure": MEASURE_LABELS_RU[document.measure],
            "debt_money": format_money(document.debt),
            "power_limit": _kw(document.power_limit_kw),
            "reason": document.reason,
            "has_limit": document.power_limit_kw is not None,
        }
    else:
        context |= {
            "number": document.number,
            "document_date": _day(document.document_date),
            "measure": MEASURE_LABELS_RU[document.measure],
            "due_on": _day(document.due_on),
            "power_limit": _kw(document.power_limit_kw),
            "basis": document.basis,
            "has_limit": document.power_limit_kw is not None,
            "is_resumption": document.measure
            in {Measure.REMOTE_RECONNECT, Measure.FIELD_RECONNECT},
        }
    return context


def _first_measure(*, smart: bool) -> str:
    # п. 119 «б»: restriction where technically possible, else suspension at once.
    if smart:
        return (
            "сначала ограничено (прибор учёта ограничит мощность), а затем "
            "приостановлено"
        )
    return "приостановлено (техническая возможность ограничения отсутствует)"


def warning_text(document: WarningNotice, kind: TextKind) -> str:
    """The warning as plain text for an SMS, an e-mail or a line of the bill."""
    debt = format_amount(document.debt)
    days = document.warning_days
    if kind is TextKind.SMS:
        return (
            f"{document.creditor.name}: долг за электроэнергию по л/с "
            f"{document.debtor.account} {debt} руб. Не оплатите в течение {days} "
            f"дней с получения — подача будет ограничена/приостановлена (ПП 354)."
        )
    body = (
        f"Задолженность за электрическую энергию по лицевому счёту № "
        f"{document.debtor.account} на {_day(document.debt_on)} составляет "
        f"{format_money(document.debt)}, что превышает сумму двух месячных "
        f"размеров платы по нормативу потребления ({format_amount(document.threshold)}"
        f" руб.). Если задолженность не будет погашена в течение {days} дней со дня "
        f"доставки настоящего предупреждения, предоставление коммунальной услуги "
        f"электроснабжения будет {_first_measure(smart=document.smart)} в порядке "
        f"раздела XI Правил, утверждённых постановлением Правительства Российской "
        f"Федерации от 06.05.2011 № 354. Расходы на введение ограничения, "
        f"приостановление и возобновление возмещаются потребителем."
    )
    if kind is TextKind.BILL:
        return f"ПРЕДУПРЕЖДЕНИЕ. {body}"
    return (
        f"Уважаемый(-ая) {document.debtor.full_name}!\n\n{body}\n\n"
        f"Реквизиты для оплаты: {document.creditor.bank_details}.\n\n"
        f"{document.creditor.name}"
    )


def render(document: RestrictionData, out: Path | io.BytesIO) -> None:
    """Render one document into a .docx file or buffer.

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
            user_message=f"Не удалось сформировать документ {kind.value}",
        ) from error
    template.save(out)


def render_bytes(document: RestrictionData) -> bytes:
    """Render one document and return the .docx bytes."""
    buffer = io.BytesIO()
    render(document, buffer)
    return buffer.getvalue()


def template_path(kind: RestrictionDocument) -> Path:
    """Where the template of ``kind`` lives."""
    return TEMPLATES_DIR / f"{kind.value}.docx"


@functools.cache
def _template_bytes(kind: RestrictionDocument) -> bytes:
    path = template_path(kind)
    try:
        return path.read_bytes()
    except OSError as error:
        raise DataError(
            f"template {path} cannot be read: {error}",
            user_message=f"Не найден шаблон документа {kind.value}",
        ) from error


# ---- the templates -----------------------------------------------------------------

_RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_LEFT = WD_ALIGN_PARAGRAPH.LEFT
_JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def build_templates(folder: Path = TEMPLATES_DIR) -> list[Path]:
    """Write the six templates into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    builders: dict[RestrictionDocument, Callable[[DocxDocument], None]] = {
        RestrictionDocument.WARNING: _warning,
        RestrictionDocument.RESTRICTION_ACT: functools.partial(
            _act, "АКТ", "о введении ограничения предоставления коммунальной услуги"
        ),
        RestrictionDocument.SUSPENSION_ACT: functools.partial(
            _act, "АКТ", "о приостановлении предоставления коммунальной услуги"
        ),
        RestrictionDocument.RESUMPTION_ACT: functools.partial(
            _act, "АКТ", "о возобновлении предоставления коммунальной услуги"
        ),
        RestrictionDocument.METER_ORDER: functools.partial(
            _order, "РАСПОРЯЖЕНИЕ № {{ number }}", "системе учёта электрической энергии"
        ),
        RestrictionDocument.FIELD_ORDER: functools.partial(
            _order, "НАРЯД-ЗАДАНИЕ № {{ number }}", "выездной бригаде"
        ),
    }
    written = []
    for kind, build in builders.items():
        document = _new_document()
        build(document)
        path = folder / f"{kind.value}.docx"
        document.save(str(path))
        written.append(path)
    logger.info("wrote %d restriction templates to %s", len(written), folder)
    return written


def _new_document() -> DocxDocument:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    for section in document.sections:
        section.left_margin = Cm(2.5)
        section.right_margin = Cm(1.5)
    return document


def _para(
    document: DocxDocument,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH = _JUSTIFY,
    bold: bool = False,
) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if align is _JUSTIFY:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    paragraph.add_run(text).bold = bold


def _signature(document: DocxDocument) -> None:
    _para(document, "{{ signer_position }}", align=_LEFT)
    _para(document, "_______________ {{ signer_name }}", align=_LEFT)


def _warning(document: DocxDocument) -> None:
    for line in (
        "{{ debtor_name }}",
        "адрес: {{ debtor_address }}",
        "лицевой счёт № {{ account }}",
    ):
        _para(document, line, align=_RIGHT)
    _para(document, "ПРЕДУПРЕЖДЕНИЕ № {{ number }}", align=_CENTER, bold=True)
    _para(
        document,
        "об ограничении (приостановлении) предоставления коммунальной услуги "
        "электроснабжения",
        align=_CENTER,
    )
    _para(document, "{{ place }}, {{ document_date }}", align=_CENTER)
    _para(
        document,
        "{{ creditor_name }} сообщает, что задолженность за электрическую энергию, "
        "поставленную в жилое помещение по адресу: {{ supply_address }}, на "
        "{{ debt_on }} составляет {{ debt_money }} и превышает сумму двух месячных "
        "размеров платы, рассчитанных исходя из норматива потребления "
        "({{ threshold }} руб.; пункт 118 Правил предоставления коммунальных услуг, "
        "утверждённых постановлением Правительства Российской Федерации от "
        "06.05.2011 № 354).",
    )
    _para(
        document,
        "Если задолженность не будет погашена полностью в течение {{ warning_days }} "
        "дней со дня доставки вам настоящего предупреждения, предоставление "
        "коммунальной услуги электроснабжения будет {{ first_measure }} "
        "(подпункт «а» пункта 119 Правил).",
    )
    _para(
        document,
        "Предоставление услуги возобновляется в течение 2 календарных дней со дня "
        "погашения задолженности или заключения соглашения о порядке её погашения "
        "(пункт 120 Правил). Расходы на введение ограничения, приостановление и "
        "возобновление предоставления услуги возмещаются потребителем.",
    )
    _para(document, "Реквизиты для оплаты: {{ bank_details }}.")
    _signature(document)


def _act(title: str, subtitle: str, document: DocxDocument) -> None:
    _para(document, title, align=_CENTER, bold=True)
    _para(document, subtitle, align=_CENTER)
    _para(document, "{{ place }}, {{ executed_on }}", align=_CENTER)
    _para(
        document,
        "Исполнитель: {{ creditor_name }} (ИНН {{ creditor_inn }}). Потребитель: "
        "{{ debtor_name }}, лицевой счёт № {{ account }}. Адрес помещения: "
        "{{ supply_address }}.",
    )
    _para(
        document,
        "{{ executed_on }} по распоряжению № {{ order_number }} выполнено: "
        "{{ measure }}.",
    )
    _para(document, "{%p if has_limit %}")
    _para(document, "Разрешённая мощность после ограничения: {{ power_limit }}.")
    _para(document, "{%p endif %}")
    _para(document, "Основание: {{ reason }}.")
    _para(document, "Задолженность на дату акта: {{ debt_money }}.")
    _signature(document)
    _para(document, "Потребитель: _______________", align=_LEFT)


def _order(title: str, addressee: str, document: DocxDocument) -> None:
    _para(document, title, align=_CENTER, bold=True)
    _para(document, addressee, align=_CENTER)
    _para(document, "{{ document_date }}", align=_CENTER)
    _para(
        document,
        "Выполнить: {{ measure }} по лицевому счёту № {{ account }} "
        "({{ debtor_name }}), адрес помещения: {{ supply_address }}.",
    )
    _para(document, "{%p if is_resumption %}")
    _para(document, "Выполнить не позднее {{ due_on }} (пункт 120 Правил).")
    _para(document, "{%p else %}")
    _para(document, "Выполнить не ранее {{ due_on }}.")
    _para(document, "{%p endif %}")
    _para(document, "{%p if has_limit %}")
    _para(document, "Ограничить мощность до {{ power_limit }}.")
    _para(document, "{%p endif %}")
    _para(document, "Основание: {{ basis }}.")
    _para(document, "О выполнении сообщить с датой выполнения и номером распоряжения.")
    _signature(document)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build_templates()
