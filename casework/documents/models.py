"""What each claims document is generated from: frozen dataclasses, one per kind.

The caller (the casework workflow) fills these from its store; the renderer turns
them into the strings the .docx templates show. Amounts are Decimal roubles.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casework.duty import Duty, DutyOffset
from casework.penalty import PenaltyCalculation


class DocumentKind(enum.Enum):
    """The documents of claims work that have a template; value = template stem."""

    CLAIM_LETTER = "claim_letter"
    COURT_ORDER_APPLICATION = "court_order_application"
    LAWSUIT = "lawsuit"
    BAILIFF_APPLICATION = "bailiff_application"
    INSTALLMENT_AGREEMENT = "installment_agreement"

    @property
    def title(self) -> str:
        """The document's name in Russian, for file lists and progress lines."""
        return _TITLES[self]


_TITLES = {
    DocumentKind.CLAIM_LETTER: "Претензия",
    DocumentKind.COURT_ORDER_APPLICATION: "Заявление о вынесении судебного приказа",
    DocumentKind.LAWSUIT: "Исковое заявление",
    DocumentKind.BAILIFF_APPLICATION: "Заявление о возбуждении исполнительного производства",
    DocumentKind.INSTALLMENT_AGREEMENT: "Соглашение о рассрочке",
}


@dataclass(frozen=True)
class Creditor:
    """The electricity supplier as claimant.

    Attributes:
        name: full name, e.g. «АО «Энергосбыт-Тест»».
        address: legal address.
        inn: taxpayer number.
        ogrn: state registration number.
        bank_details: payment details in one line.
        signer_position: who signs, e.g. «Начальник отдела по работе с дебиторской
            задолженностью».
        signer_name: the signer's name with initials, e.g. «П.П. Сидоров».
        signer_authority: the basis of the signer's power, genitive, e.g.
            «доверенности № 12 от 09.01.2026».
    """

    name: str
    address: str
    inn: str
    ogrn: str
    bank_details: str
    signer_position: str
    signer_name: str
    signer_authority: str


@dataclass(frozen=True)
class Debtor:
    """The consumer who owes for electricity.

    Attributes:
        full_name: surname, name, patronymic.
        address: registration address.
        account: personal account number of the supply.
        supply_address: where the electricity is supplied.
        birth_date: date of birth, if known (ст. 124 ГПК РФ asks for it).
        birth_place: place of birth, if known.
        identifier: one identifier (СНИЛС, ИНН or passport) as text, if known.
    """

    full_name: str
    address: str
    account: str
    supply_address: str
    birth_date: date | None = None
    birth_place: str = ""
    identifier: str = ""


@dataclass(frozen=True)
class Claim:
    """The debt a document is about.

    Attributes:
        creditor: the claimant.
        debtor: the consumer.
        period_from: first charge month (any day of it).
        period_to: last charge month (any day of it).
        debt: unpaid principal.
        penalty: the penalty calculation, or None when no penalty is claimed.
        document_date: the date the document bears.
        place: the town written under the title.
    """

    creditor: Creditor
    debtor: Debtor
    period_from: date
    period_to: date
    debt: Decimal
    penalty: PenaltyCalculation | None
    document_date: date
    place: str

    @property
    def penalty_total(self) -> Decimal:
        """The penalty claimed, zero without a calculation."""
        return self.penalty.total if self.penalty else Decimal("0.00")

    @property
    def total(self) -> Decimal:
        """Debt plus penalty."""
        return self.debt + self.penalty_total


@dataclass(frozen=True)
class CourtInfo:
    """The court a document is addressed to.

    Attributes:
        name: in the form the address line needs, e.g. «Мировому судье судебного
            участка № 3 Ленинского района г. Тестовска» or «Ленинский районный суд
            г. Тестовска».
        address: the court's address.
    """

    name: str
    address: str


@dataclass(frozen=True)
class ClaimLetter:
    """Pre-trial claim (претензия).

    Attributes:
        claim: the debt.
        pay_within_days: days given to pay after receipt.
    """

    claim: Claim
    pay_within_days: int = 30


@dataclass(frozen=True)
class CourtOrderApplication:
    """Application for a court order (ст. 121–124 ГПК РФ).

    Attributes:
        claim: the debt.
        court: the magistrate's court.
        duty: the duty paid for the application.
    """

    claim: Claim
    court: CourtInfo
    duty: Duty


@dataclass(frozen=True)
class CancelledOrder:
    """A court order that the debtor's objection cancelled (ст. 129 ГПК РФ).

    Attributes:
        number: case number of the order, e.g. «2-1234/2025».
        issued_on: date of the order.
        court_name: who issued it, e.g. «мировым судьёй судебного участка № 3».
        cancelled_on: date of the cancellation ruling.
        payment_document: the payment order for its duty, e.g. «№ 555 от 01.02.2025».
    """

    number: str
    issued_on: date
    court_name: str
    cancelled_on: date
    payment_document: str


@dataclass(frozen=True)
class Lawsuit:
    """Lawsuit after a cancelled court order, with the motion to offset the duty.

    Attributes:
        claim: the debt.
        court: the court of first instance.
        duty: the lawsuit's duty after the offset.
        order: the cancelled order.
    """

    claim: Claim
    court: CourtInfo
    duty: DutyOffset
    order: CancelledOrder


@dataclass(frozen=True)
class Writ:
    """The enforcement document handed to the bailiffs.

    Attributes:
        kind: as the application names it, genitive, e.g. «судебного приказа» or
            «исполнительного листа серии ФС № 012345678».
        number: the order's or judgment's case number.
        issued_on: date of issue.
        court_name: who issued it, e.g. «мировым судьёй судебного участка № 3».
        amount: the sum to recover.
    """

    kind: str
    number: str
    issued_on: date
    court_name: str
    amount: Decimal


@dataclass(frozen=True)
class BailiffApplication:
    """Application to start enforcement proceedings (ст. 30 229-ФЗ).

    Attributes:
        claim: the debt.
        department: the bailiffs' department, dative, e.g. «Ленинское РОСП
            г. Тестовска».
        department_address: its address.
        writ: the enforcement document.
    """

    claim: Claim
    department: str
    department_address: str
    writ: Writ


@dataclass(frozen=True)
class Installment:
    """One payment of an installment schedule.

    Attributes:
        due_on: pay by this date.
        amount: the sum.
    """

    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class InstallmentAgreement:
    """Agreement to repay the debt in installments.

    Attributes:
        claim: the debt.
        number: the agreement's number.
        schedule: the payments; they should add up to the debt.
        grace_days: days of delay after which the supplier may demand the rest.
    """

    claim: Claim
    number: str
    schedule: tuple[Installment, ...]
    grace_days: int = 10


DocumentData = (
    ClaimLetter
    | CourtOrderApplication
    | Lawsuit
    | BailiffApplication
    | InstallmentAgreement
)
"""Any document the renderer accepts."""
